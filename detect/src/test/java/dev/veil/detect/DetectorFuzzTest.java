package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of the standard detector on arbitrary text (Jazzer).
 *
 * <p>Properties, for any text: the scan returns; findings are sorted, non-overlapping, non-empty
 * and inside the text; no span cuts a surrogate pair (masking it would leave half a character);
 * scanning again gives the same findings. A known value (an e-mail address or an access token)
 * set into the text between spaces is covered by one finding, so that masking the text by its
 * spans leaves none of that value's characters. (The fuzzer also learns the values and writes them
 * into the text itself, glued to other letters; such a copy is a different token and may stay.)
 *
 * <p>{@code ./mvnw verify} replays the seeds in {@code DetectorFuzzTestInputs} (regression mode);
 * {@code scripts/fuzz.sh} fuzzes for longer.
 */
class DetectorFuzzTest {

  private static final Detector DETECTOR = Detectors.standard();

  /** Values the detector finds whatever text stands around them. */
  private static final List<String> CANARIES = List.of(
      "zebulon.quarrington@veilmail.de",
      "ghp_R8fT2kLw9QzX4vN7bY1cM6pJ3sHd5GaEu0Ki",
      "AKIAZ7QX2M4R9TKW3BNV");

  @FuzzTest(maxDuration = "10s")
  void anyTextScansToWellFormedStableSpansThatCoverKnownValues(FuzzedDataProvider data) {
    int canary = data.consumeInt(0, CANARIES.size());
    int at = data.consumeInt(0, Integer.MAX_VALUE);
    String text = data.consumeRemainingAsString();
    int from = -1;
    String value = null;
    if (canary < CANARIES.size()) {
      value = CANARIES.get(canary);
      int cut = at % (text.length() + 1);
      if (cut > 0 && cut < text.length() && Character.isSurrogatePair(text.charAt(cut - 1), text.charAt(cut))) {
        cut--;
      }
      text = text.substring(0, cut) + " " + value + " " + text.substring(cut);
      from = cut + 1;
    }

    List<Finding> findings = DETECTOR.scan(text);

    int last = 0;
    for (Finding f : findings) {
      assertThat(f.start()).as("%s after %d", f, last).isGreaterThanOrEqualTo(last);
      assertThat(f.end()).as("%s in %d chars", f, text.length()).isLessThanOrEqualTo(text.length());
      assertThat(cutsPair(text, f.start()) || cutsPair(text, f.end())).as("%s cuts a surrogate pair", f)
          .isFalse();
      last = f.end();
    }
    assertThat(DETECTOR.scan(text)).as("a second scan").isEqualTo(findings);
    if (value != null) {
      int start = from;
      int end = from + value.length();
      assertThat(findings).as("a finding covering [%d, %d)", start, end)
          .anyMatch(f -> f.start() <= start && f.end() >= end);
      assertThat(masked(text, findings).substring(start, end)).isEqualTo("*".repeat(value.length()));
    }
  }

  private static boolean cutsPair(String text, int i) {
    return i > 0 && i < text.length() && Character.isSurrogatePair(text.charAt(i - 1), text.charAt(i));
  }

  /** The text with every finding's chars replaced by {@code *}. */
  private static String masked(String text, List<Finding> findings) {
    StringBuilder out = new StringBuilder(text);
    for (Finding f : findings) {
      for (int i = f.start(); i < f.end(); i++) {
        out.setCharAt(i, '*');
      }
    }
    return out.toString();
  }
}
