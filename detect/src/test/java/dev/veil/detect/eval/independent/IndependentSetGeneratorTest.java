package dev.veil.detect.eval.independent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.eval.GoldSpan;
import dev.veil.detect.eval.PresidioDataset;
import dev.veil.detect.eval.Sample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndependentSetGeneratorTest {

  private static final Set<String> PRESIDIO_TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION",
      "STREET_ADDRESS", "ZIP_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
      "US_SSN", "DATE_TIME", "AGE", "NRP", "IP_ADDRESS", "URL");

  private static IndependentSetGenerator.Generated set;

  @BeforeAll
  static void generate() {
    set = new IndependentSetGenerator(7).generate(600);
  }

  @Test
  void everySpanIsInRangeNonBlankAndOfAPresidioType() {
    for (Sample s : set.samples()) {
      for (GoldSpan span : s.spans()) {
        assertThat(span.start()).isGreaterThanOrEqualTo(0);
        assertThat(span.end()).isGreaterThan(span.start()).isLessThanOrEqualTo(s.text().length());
        assertThat(s.text().substring(span.start(), span.end())).isNotBlank();
        assertThat(PRESIDIO_TYPES).contains(span.label());
      }
    }
  }

  @Test
  void spansDoNotOverlap() {
    for (Sample s : set.samples()) {
      List<GoldSpan> sorted =
          s.spans().stream().sorted(Comparator.comparingInt(GoldSpan::start)).toList();
      for (int i = 1; i < sorted.size(); i++) {
        assertThat(sorted.get(i).start()).as(s.text())
            .isGreaterThanOrEqualTo(sorted.get(i - 1).end());
      }
    }
  }

  @Test
  void spansHaveNoSurroundingWhitespace() {
    for (Sample s : set.samples()) {
      for (GoldSpan span : s.spans()) {
        String t = s.text().substring(span.start(), span.end());
        assertThat(t).as(s.text()).isEqualTo(t.strip());
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameSetAndAnotherSeedAnotherOne() {
    List<Sample> again = new IndependentSetGenerator(7).generate(600).samples();
    assertThat(again).isEqualTo(set.samples());
    assertThat(new IndependentSetGenerator(8).generate(50).samples())
        .isNotEqualTo(set.samples().subList(0, 50));
  }

  @Test
  void coversThirtyNameLocalesAndTwentyAddressCountries() {
    assertThat(set.nameLocales()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(set.addressCountries()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(set.templates()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void aboutOneSampleInSevenHasNoEntityAndEveryTypeOccurs() {
    long empty = set.samples().stream().filter(s -> s.spans().isEmpty()).count();
    assertThat(empty).isBetween(50L, 140L);
    Set<String> seen = new TreeSet<>();
    set.samples().forEach(s -> s.spans().forEach(sp -> seen.add(sp.label())));
    assertThat(seen).isEqualTo(PRESIDIO_TYPES);
  }

  @Test
  void theWrittenJsonReadsBackWithTheSameSpans() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PresidioDataset.write(set.samples(), out);
    List<Sample> back = PresidioDataset.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back).isEqualTo(set.samples());
  }
}
