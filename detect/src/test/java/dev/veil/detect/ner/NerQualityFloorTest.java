package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression floors on committed evaluation data: the held-out synthetic set (templates and names
 * never used in training), the held-out social-media posts ({@link Social}) and the hand-written
 * hard cases. Floors sit a little under the measured
 * values so that a real regression fails the build and noise does not.
 */
class NerQualityFloorTest {

  private static final Set<String> TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS");
  private static NerRecognizers ner;

  @BeforeAll
  static void load() {
    ner = NerRecognizers.load();
  }

  @Test
  void heldOutSyntheticSetStaysAboveFloors() throws Exception {
    Scoring s = Scoring.run(ner.all(), Markup.readResource("/ner/heldout.txt"), TYPES, 0.5);
    assertThat(s.exact.get("PERSON").recall()).isGreaterThanOrEqualTo(0.93);
    assertThat(s.exact.get("PERSON").precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(s.exact.get("ALL").f(2)).isGreaterThanOrEqualTo(0.93);
    assertThat(s.overlap.get("LOCATION").f(2)).isGreaterThanOrEqualTo(0.94);
    assertThat(s.overlap.get("ORGANIZATION").f(2)).isGreaterThanOrEqualTo(0.92);
    assertThat(s.overlap.get("STREET_ADDRESS").f(2)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void heldOutSocialMediaPostsStayAboveFloors() throws Exception {
    // The social generator leaves @handles unlabelled, where the detector finds them (Handles).
    Recognizer withoutHandles = new Recognizer() {
      @Override
      public String name() {
        return "ner";
      }

      @Override
      public void recognize(CharSequence text, List<Finding> out) {
        List<Finding> found = new ArrayList<>();
        ner.combined().recognize(text, found);
        found.removeIf(f -> text.charAt(f.start()) == '@');
        out.addAll(found);
      }
    };
    Scoring s = Scoring.run(List.of(withoutHandles), Markup.readResource("/ner/heldout-social.txt"), TYPES, 0.5);
    assertThat(s.overlap.get("PERSON").recall()).isGreaterThanOrEqualTo(0.85);
    assertThat(s.overlap.get("PERSON").precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(s.overlap.get("LOCATION").f(2)).isGreaterThanOrEqualTo(0.85);
    assertThat(s.overlap.get("ALL").f(2)).isGreaterThanOrEqualTo(0.87);
  }

  @Test
  void hardCasesStayAboveFloors() throws Exception {
    Scoring s = Scoring.run(ner.all(), Markup.readResource("/ner/hard-cases.txt"), TYPES, 0.5);
    assertThat(s.overlap.get("ALL").f(2)).isGreaterThanOrEqualTo(0.85);
    assertThat(s.overlap.get("PERSON").precision()).isGreaterThanOrEqualTo(0.9);
  }
}
