package dev.veil.protect;

import static dev.veil.protect.StreamFixtures.contentChunk;
import static dev.veil.protect.StreamFixtures.contents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.policy.Policy;
import dev.veil.policy.SurrogateStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Responses holding surrogates, cut into chunks at random places (inside the bracket, the type
 * name, the hex), always restore exactly, and streamed restore equals non-streamed restore.
 */
class StreamRestoreProperties {

  private static final String[] ORIGINALS = {"Alice Johnson", "alice@corp.example", "+49 170 1234567", "Dmitri"};
  private static final String[] NOISE = {"[", "]", "PERS", "person", "[EMAIL", "_", "7f3a2c", "[PHONE_NUMBER",
      "email_address", "Hi", "the", "x", "[[", "(", "ok."};

  private static final Fixture TOKENS = new Fixture(Policy.defaults());
  private static final Fixture SYNTHETIC = new Fixture(Policy.builder("s").surrogates(SurrogateStyle.SYNTHETIC).build());

  /** A response text and what it must restore to. */
  record Case(String text, String expected) {}

  private record Fixture(Policy policy, Pseudonyms pseudonyms, String[] surrogates) {
    Fixture(Policy policy) {
      this(policy, Fixtures.pseudonymsFor(policy, String.join(" | ", ORIGINALS)), surrogates(policy));
    }

    private static String[] surrogates(Policy policy) {
      String[] out = new String[ORIGINALS.length];
      for (int i = 0; i < ORIGINALS.length; i++) {
        ObjectNode body = Fixtures.chat("[{'role':'user','content':'x'}]");
        ((ObjectNode) body.at("/messages/0")).put("content", ORIGINALS[i]);
        out[i] = Fixtures.protect(body, policy).body().at("/messages/0/content").textValue();
      }
      return out;
    }
  }

  @Provide
  Arbitrary<Case> tokenCases() {
    return cases(TOKENS, true);
  }

  @Provide
  Arbitrary<Case> syntheticCases() {
    return cases(SYNTHETIC, false);
  }

  private static Arbitrary<Case> cases(Fixture f, boolean fuzzy) {
    Arbitrary<String[]> surrogate = Combinators.combine(
            Arbitraries.integers().between(0, ORIGINALS.length - 1),
            Arbitraries.integers().between(0, fuzzy ? 4 : 0))
        .as((i, form) -> new String[] {variant(f.surrogates()[i], form), ORIGINALS[i]});
    Arbitrary<String[]> noise = Arbitraries.oneOf(
        Arbitraries.of(NOISE),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8))
        .map(s -> new String[] {s, s});
    Arbitrary<String> separators = Arbitraries.of(" ", "\n", ". ", ", ");
    return Combinators.combine(
            Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, surrogate), net.jqwik.api.Tuple.of(3, noise))
                .list().ofMinSize(1).ofMaxSize(12),
            separators.list().ofSize(12))
        .as((pieces, seps) -> {
          StringBuilder text = new StringBuilder();
          StringBuilder expected = new StringBuilder();
          for (int i = 0; i < pieces.size(); i++) {
            text.append(pieces.get(i)[0]).append(seps.get(i));
            expected.append(pieces.get(i)[1]).append(seps.get(i));
          }
          return new Case(text.toString(), expected.toString());
        });
  }

  private static String variant(String surrogate, int form) {
    String bare = surrogate.substring(1, surrogate.length() - 1);
    return switch (form) {
      case 1 -> surrogate.toLowerCase(Locale.ROOT);
      case 2 -> surrogate.toUpperCase(Locale.ROOT);
      case 3 -> bare;
      case 4 -> bare.toLowerCase(Locale.ROOT);
      default -> surrogate;
    };
  }

  @Property(tries = 150)
  void tokensCutAnywhereRestoreExactly(
      @ForAll("tokenCases") Case c, @ForAll @Size(max = 30) List<@IntRange(max = 400) Integer> cuts) {
    check(TOKENS, c, cuts(c.text(), cuts));
  }

  @Property(tries = 60)
  void tokensInOneCharChunksRestoreExactly(@ForAll("tokenCases") Case c) {
    List<Integer> every = new ArrayList<>();
    for (int i = 1; i < c.text().length(); i++) {
      every.add(i);
    }
    check(TOKENS, c, every);
  }

  @Property(tries = 100)
  void syntheticValuesCutAnywhereRestoreExactly(
      @ForAll("syntheticCases") Case c, @ForAll @Size(max = 30) List<@IntRange(max = 400) Integer> cuts) {
    check(SYNTHETIC, c, cuts(c.text(), cuts));
  }

  private static List<Integer> cuts(String text, List<Integer> raw) {
    TreeSet<Integer> set = new TreeSet<>();
    for (int r : raw) {
      set.add(r % (text.length() + 1));
    }
    return new ArrayList<>(set);
  }

  private static void check(Fixture f, Case c, List<Integer> cuts) {
    List<String> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      events.add(contentChunk(0, c.text().substring(from, cut)));
      from = cut;
    }
    events.add(contentChunk(0, c.text().substring(from)));
    ResponseRestorer restorer = new ResponseRestorer(new TestDetector());
    String streamed = contents(StreamFixtures.run(restorer.stream(f.pseudonyms(), f.policy()), events)).get(0);

    ObjectNode resp = Fixtures.json("{'choices':[{'index':0,'message':{'role':'assistant','content':''}}]}");
    ((ObjectNode) resp.at("/choices/0/message")).put("content", c.text());
    String whole = ((RestoreResult.Restored) restorer.restore(resp, f.pseudonyms(), f.policy()))
        .body().at("/choices/0/message/content").textValue();

    assertThat(streamed).isEqualTo(c.expected());
    assertThat(whole).isEqualTo(c.expected());
  }
}
