package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;

/**
 * US social security numbers, {@code AAA-GG-SSSS} with dashes or spaces (score 0.85) or nine
 * plain digits (score 0.3: needs a context word such as "SSN"). Refuses what the SSA never issues:
 * area 000, 666 or 900-999, group 00, serial 0000, numbers of one repeated digit, and numbers
 * known from advertising and examples (078-05-1120, 219-09-9999, 123-45-6789).
 */
public final class UsSsnRecognizer extends DigitRunRecognizer {

  public UsSsnRecognizer() {
    super(9, " -");
  }

  @Override
  public String name() {
    return "us_ssn";
  }

  @Override
  void candidate(CharSequence text, int start, DigitGroups g, List<Finding> out) {
    int end = -1;
    double score = 0;
    if (g.count >= 3 && g.lengthOf(0) == 3 && g.lengthOf(1) == 2 && g.lengthOf(2) == 4) {
      end = g.groupEnd[2];
      score = 0.85;
    } else if (g.count == 1 && g.lengthOf(0) == 9) {
      end = g.groupEnd[0];
      score = 0.3;
    }
    if (end > 0 && Chars.wordEnd(text, end) && (g.count <= 3) && valid(text, start, end)) {
      out.add(new Finding(EntityType.US_SSN, start, end, score, name()));
    }
  }

  static boolean valid(CharSequence s, int from, int to) {
    int[] d = new int[9];
    int k = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Chars.isDigit(c)) {
        d[k++] = c - '0';
      }
    }
    int area = d[0] * 100 + d[1] * 10 + d[2];
    int group = d[3] * 10 + d[4];
    int serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    boolean same = true;
    for (int j = 1; j < 9; j++) {
      same &= d[j] == d[0];
    }
    if (same) {
      return false;
    }
    return !((area == 78 && group == 5 && serial == 1120) || (area == 219 && group == 9
        && serial == 9999) || (area == 123 && group == 45 && serial == 6789));
  }
}
