package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  private static Recognizer fixed(String name, Finding... findings) {
    return new Recognizer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void recognize(CharSequence text, List<Finding> out) {
        out.addAll(List.of(findings));
      }
    };
  }

  private static Detector only(Recognizer... rs) {
    return Detectors.builder().clearContext().add(rs).build();
  }

  @Test
  void higherScoreWinsAnOverlap() {
    Detector d = only(fixed("a", new Finding(EntityType.PHONE_NUMBER, 0, 10, 0.6, "a")),
        fixed("b", new Finding(EntityType.US_SSN, 2, 8, 0.9, "b")));
    assertThat(d.scan("0123456789")).extracting(Finding::type).containsExactly(EntityType.US_SSN);
  }

  @Test
  void longerSpanWinsATie() {
    Detector d = only(fixed("a", new Finding(EntityType.URL, 0, 4, 0.8, "a"),
        new Finding(EntityType.EMAIL_ADDRESS, 2, 10, 0.8, "a")));
    assertThat(d.scan("0123456789")).extracting(Finding::type)
        .containsExactly(EntityType.EMAIL_ADDRESS);
  }

  @Test
  void entityTypeOrderBreaksATieOfScoreAndLength() {
    Detector d = only(fixed("a", new Finding(EntityType.URL, 0, 5, 0.8, "a"),
        new Finding(EntityType.EMAIL_ADDRESS, 0, 5, 0.8, "a")));
    assertThat(d.scan("0123456789")).extracting(Finding::type)
        .containsExactly(EntityType.EMAIL_ADDRESS);
  }

  @Test
  void earlierStartBreaksATieOfEverythingElse() {
    Detector d = only(fixed("a", new Finding(EntityType.URL, 3, 8, 0.8, "a"),
        new Finding(EntityType.URL, 1, 6, 0.8, "a")));
    assertThat(d.scan("0123456789")).extracting(Finding::start).containsExactly(1);
  }

  @Test
  void resultIsSortedAndNonOverlapping() {
    Detector d = Detectors.standard();
    String text = "mail a@example.com, call +1 415-555-2671, card 4111 1111 1111 1111 on 2024-01-02";
    List<Finding> fs = d.scan(text);
    assertThat(fs).hasSize(4);
    for (int i = 1; i < fs.size(); i++) {
      assertThat(fs.get(i).start()).isGreaterThanOrEqualTo(fs.get(i - 1).end());
    }
  }

  @Test
  void contextWordRaisesAWeakPatternAboveTheMinimum() {
    Detector d = Detectors.structured();
    assertThat(d.scan("ref 912803456 ok")).extracting(Finding::type)
        .doesNotContain(EntityType.US_PASSPORT);
    assertThat(d.scan("Passport: 912803456")).extracting(Finding::type)
        .containsExactly(EntityType.US_PASSPORT);
  }

  @Test
  void negativeContextWordLowersAScore() {
    Detector d = Detectors.builder().addStructured().minScore(0.0).build();
    double plain = d.scan("number 536904399").get(0).score();
    double ssn = d.scan("SSN 536904399").get(0).score();
    assertThat(ssn).isGreaterThan(plain);
    double order = Detectors.builder().addStructured().minScore(0.0).build()
        .scan("order 4111111111111111").get(0).score();
    double card = d.scan("card 4111111111111111").get(0).score();
    assertThat(order).isLessThan(card);
  }

  @Test
  void contextWordMustStartAWord() {
    Detector d = Detectors.structured();
    assertThat(d.scan("discard 912803456")).isEmpty();
  }

  @Test
  void everyMatchingContextRuleAddsItsDeltaOnce() {
    Finding f = new Finding(EntityType.US_BANK_NUMBER, 20, 24, 0.3, "a");
    Detector d = Detectors.builder().clearContext().add(fixed("a", f)).minScore(0.0)
        .context(ContextRule.boost(EntityType.US_BANK_NUMBER, 0.1, "acct", "bank"))
        .context(ContextRule.boost(EntityType.US_BANK_NUMBER, 0.2, "zzz", "éco"))
        .context(ContextRule.boost(EntityType.US_BANK_NUMBER, 0.4, "nomatch"))
        .contextWindow(20).build();
    // "bank" twice and "acct" count once for the first rule; "éco" matches in either case (case is
    // folded in every script); "nomatch" would end past the window
    assertThat(d.scan("bank ACCT bank éco nomatch").get(0).score())
        .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.scan("bank ACCT bank ÉCO nomatch").get(0).score())
        .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void minScoreDropsWeakFindings() {
    Detector strict = Detectors.builder().addStructured().minScore(0.99).build();
    assertThat(strict.scan("number +1 415-555-2671")).isEmpty();
  }

  @Test
  void failingRecognizerFailsTheScanWithoutLeakingText() {
    String canary = "CANARY-7f3a2c-4111111111111111";
    Recognizer broken = new Recognizer() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public void recognize(CharSequence text, List<Finding> out) {
        throw new IllegalStateException("bad input: " + text);
      }
    };
    Detector d = Detectors.builder().add(broken).build();
    assertThatThrownBy(() -> d.scan(canary))
        .isInstanceOf(DetectionException.class)
        .hasMessageContaining("broken")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("CANARY"))
        .satisfies(e -> assertThat(e.toString()).doesNotContain("4111"));
  }

  @Test
  void recognizerReturningASpanPastTheEndFailsTheScan() {
    Detector d = only(fixed("a", new Finding(EntityType.URL, 0, 50, 0.8, "a")));
    assertThatThrownBy(() -> d.scan("short")).isInstanceOf(DetectionException.class);
  }

  @Test
  void builderRefusesBadOptionsNamingTheValue() {
    assertThatThrownBy(() -> Detectors.builder().minScore(1.5))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> Detectors.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Detectors.builder().addStructured("XX"))
        .hasMessageContaining("XX");
  }

  @Test
  void oneDetectorServesManyThreadsWithTheSameResults() throws Exception {
    Detector d = Detectors.standard();
    String text = "mail a@example.com, key ghp_abcdefghijABCDEFGHIJ0123456789abcdef, ip 10.1.2.3";
    List<Finding> expected = d.scan(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Finding>>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> d.scan(text)));
      }
      for (Future<List<Finding>> r : results) {
        assertThat(r.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNameRecognizerPlugsInWithOneCall() {
    Recognizer names = fixed("names", new Finding(EntityType.PERSON, 0, 4, 0.85, "names"));
    Detector d = Detectors.builder().addStructured().addSecrets().add(names).build();
    assertThat(d.scan("Anna at a@example.com")).extracting(Finding::type)
        .containsExactly(EntityType.PERSON, EntityType.EMAIL_ADDRESS);
  }

  @Test
  void aBareNineDigitNumberAfterItsSsnLabelIsAnSsnNotAPhoneNumber() {
    // regression: "SSN: 064351139" was reported as a phone number, which a policy may allow
    String text = "Name: Yu Ming Khoo\nSSN: 064351139\nPhone: +31-521 156 102";
    assertThat(Detectors.standard(0.5).scan(text)).anySatisfy(f -> {
      assertThat(f.type()).isEqualTo(EntityType.US_SSN);
      assertThat(f.valueIn(text)).isEqualTo("064351139");
    });
  }

  @Test
  void theLanguageOfATextIsNoEntityButAPersonsNationalityIs() {
    // regression: "Answer in English" in a system prompt went upstream as "Answer in [NRP_...]"
    Detector d = Detectors.standard(0.5);
    assertThat(d.scan("Answer in English, please. Then translate it into German.")).isEmpty();
    assertThat(d.scan("She is German and Catholic.")).extracting(Finding::type)
        .containsExactly(EntityType.NRP, EntityType.NRP);
  }
}
