package dev.veil.protect;

import static dev.veil.protect.StreamFixtures.contentChunk;
import static dev.veil.protect.StreamFixtures.contents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.policy.Action;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * With {@code output: mask}, a streamed answer cut into chunks at any places equals the same answer
 * not streamed, and the tokens Veil wrote into the request ({@code <PHONE_NUMBER>}, {@code
 * <EMAIL_ADDRESS_3f9a1c2b>}, {@code [PERSON_7f3a2c]}) come back whole. The bug was that the 48
 * character window could start inside such a token, and the detector found a place name in its
 * tail: {@code call me on <PHONE_N<LOCATION>>.}
 */
class OutputScanProperties {

  private static final Policy MASK = Policy.builder("example")
      .action(EntityType.PHONE_NUMBER, Action.MASK).output(OutputAction.MASK).build();

  private static final String[] TOKENS = {"<PHONE_NUMBER>", "<LOCATION>", "<EMAIL_ADDRESS>",
      "<US_DRIVER_LICENSE>", "<EMAIL_ADDRESS_3f9a1c2b>", "[PERSON_0f17ea]", "<CREDIT_CARD_0a1b2c3d>"};
  private static final String[] WORDS = {"call me on", "ok", "NASA", "the", "Dmitri", "Dmitri Quinn",
      "mail bob@x.example", "+49 170 1234567", "<", ">", "[", "PHONE", "_", "x", "Hello There"};

  /** Finds what {@link TestDetector} finds, and a place in every run of two or more capitals. */
  static final class ShoutingDetector implements Detector {
    private static final Pattern CAPITALS = Pattern.compile("[A-Z]{2,}");
    private final TestDetector base = new TestDetector();

    @Override
    public List<Finding> scan(CharSequence text) {
      List<Finding> all = new ArrayList<>(base.scan(text));
      Matcher m = CAPITALS.matcher(text);
      while (m.find()) {
        all.add(new Finding(EntityType.LOCATION, m.start(), m.end(), 0.8, "shout"));
      }
      all.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> -f.length()));
      List<Finding> out = new ArrayList<>();
      int last = 0;
      for (Finding f : all) {
        if (f.start() >= last) {
          out.add(f);
          last = f.end();
        }
      }
      return out;
    }
  }

  @Provide
  Arbitrary<String> answers() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, Arbitraries.of(TOKENS)),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(WORDS)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
            .ofMaxLength(8)));
    return Combinators.combine(piece.list().ofMinSize(1).ofMaxSize(16),
            Arbitraries.of(" ", ". ", ", ", "\n", "").list().ofSize(16))
        .as((pieces, seps) -> {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < pieces.size(); i++) {
            sb.append(pieces.get(i)).append(seps.get(i));
          }
          return sb.toString();
        });
  }

  @Property(tries = 300)
  void maskedStreamsEqualTheWholeAnswerForEveryChunking(@ForAll("answers") String answer,
      @ForAll @Size(max = 40) List<@IntRange(max = 500) Integer> cuts) {
    String whole = whole(answer);
    assertThat(streamed(answer, cuts)).isEqualTo(whole);
    for (String token : TOKENS) {
      assertThat(count(whole, token)).as(token).isGreaterThanOrEqualTo(count(answer, token));
    }
  }

  @Property(tries = 40)
  void maskedStreamsInFiveCharacterChunksEqualTheWholeAnswer(@ForAll("answers") String answer,
      @ForAll @IntRange(max = 4) int offset) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = offset == 0 ? 5 : offset; i < answer.length(); i += 5) {
      cuts.add(i);
    }
    assertThat(streamed(answer, cuts)).isEqualTo(whole(answer));
  }

  private static String whole(String answer) {
    ObjectNode resp = Fixtures.json("{'choices':[{'index':0,'message':{'role':'assistant','content':''}}]}");
    ((ObjectNode) resp.at("/choices/0/message")).put("content", answer);
    return ((RestoreResult.Restored) new ResponseRestorer(new ShoutingDetector())
        .restore(resp, new Pseudonyms(), MASK)).body().at("/choices/0/message/content").textValue();
  }

  private static String streamed(String answer, List<Integer> rawCuts) {
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int r : rawCuts) {
      cuts.add(r % (answer.length() + 1));
    }
    List<String> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      events.add(contentChunk(0, answer.substring(from, cut)));
      from = cut;
    }
    events.add(contentChunk(0, answer.substring(from)));
    StreamRestorer s = new ResponseRestorer(new ShoutingDetector()).stream(new Pseudonyms(), MASK);
    return contents(StreamFixtures.run(s, events)).getOrDefault(0, "");
  }

  private static int count(String text, String token) {
    int n = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
      n++;
    }
    return n;
  }
}
