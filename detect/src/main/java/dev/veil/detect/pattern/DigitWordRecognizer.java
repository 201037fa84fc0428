package dev.veil.detect.pattern;

import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * The walk that recognizers of alphanumeric tokens holding a digit share (wallet addresses,
 * passport and licence numbers): visit only the whole words around the scan's digit runs, each
 * once, and hand each to {@link #word}.
 */
abstract class DigitWordRecognizer implements Recognizer.Indexed {

  /** Checks the standalone alphanumeric word {@code [from, to)} and adds what it is to {@code out}. */
  abstract void word(CharSequence text, int from, int to, List<Finding> out);


  @Override
  public final void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int done = 0;
    for (int k = 0; k < index.digitRuns(); k++) {
      int run = index.digitRunStart(k);
      if (run < done) {
        continue;
      }
      int i = run;
      while (i > 0 && Chars.isAlnum(text.charAt(i - 1))) {
        i--;
      }
      int end = Chars.skipAlnum(text, run);
      done = end;
      if (Chars.wordStart(text, i) && Chars.wordEnd(text, end)) {
        word(text, i, end, out);
      }
    }
  }
}
