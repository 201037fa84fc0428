package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * NHS numbers (England, Wales, Isle of Man): ten digits, plain or grouped 3-3-4 with spaces or
 * dashes, whose last digit is the modulus-11 check digit of the first nine. Plain ten-digit runs
 * score lower, since phone numbers look the same.
 */
public final class UkNhsRecognizer implements Recognizer {

  @Override
  public String name() {
    return "uk_nhs";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    recognize(text, TextIndex.of(text), out);
  }

  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
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
      g.read(text, i, 10, " -");
      if (!g.overflow) {
        boolean grouped = g.count == 3 && g.lengthOf(0) == 3 && g.lengthOf(1) == 3
            && g.lengthOf(2) == 4;
        boolean plain = g.count == 1 && g.lengthOf(0) == 10;
        int end = g.runEnd;
        if ((grouped || plain) && Chars.wordEnd(text, end) && valid(text, i, end)) {
          out.add(new Finding(EntityType.UK_NHS, i, end, grouped ? 0.5 : 0.3, name()));
        }
      }
      i = Math.max(g.runEnd, i + 1);
    }
  }

  static boolean valid(CharSequence s, int from, int to) {
    int sum = 0;
    int k = 0;
    int check = -1;
    boolean same = true;
    char first = s.charAt(from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!Chars.isDigit(c)) {
        continue;
      }
      same &= c == first;
      if (k < 9) {
        sum += (c - '0') * (10 - k);
      } else {
        check = c - '0';
      }
      k++;
    }
    int expected = 11 - (sum % 11);
    if (expected == 11) {
      expected = 0;
    }
    return !same && expected != 10 && expected == check;
  }
}
