package dev.veil.detect.pattern;

import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * The walk that number recognizers share: jump from one digit run to the next with the scan's
 * {@link TextIndex}, skip runs that do not start a word, read the run as groups of digits split by
 * the given separators, and hand each complete reading to {@link #candidate}.
 */
abstract class DigitRunRecognizer implements Recognizer.Indexed {
  private final int maxDigits;
  private final String separators;

  /**
   * @param maxDigits the most digits a value can have; longer runs are skipped
   * @param separators the characters that may split groups, e.g. {@code " -"}
   */
  DigitRunRecognizer(int maxDigits, String separators) {
    this.maxDigits = maxDigits;
    this.separators = separators;
  }

  /** Checks one run read as groups starting at {@code start} and adds what it is to {@code out}. */
  abstract void candidate(CharSequence text, int start, DigitGroups groups, List<Finding> out);


  @Override
  public final void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    DigitGroups g = new DigitGroups();
    int i = 0;
    while (i < n) {
      i = index.nextDigit(i);
      if (i < 0) {
        break;
      }
      if (!Chars.wordStart(text, i)) {
        i = Chars.skipDigits(text, i);
        continue;
      }
      g.read(text, i, maxDigits, separators);
      if (!g.overflow) {
        candidate(text, i, g, out);
      }
      i = Math.max(g.runEnd, i + 1);
    }
  }
}
