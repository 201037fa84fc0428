package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;

/**
 * NHS numbers (England, Wales, Isle of Man): ten digits, plain or grouped 3-3-4 with spaces or
 * dashes, whose last digit is the modulus-11 check digit of the first nine. Plain ten-digit runs
 * score lower, since phone numbers look the same.
 */
public final class UkNhsRecognizer extends DigitRunRecognizer {

  public UkNhsRecognizer() {
    super(10, " -");
  }

  @Override
  public String name() {
    return "uk_nhs";
  }

  @Override
  void candidate(CharSequence text, int start, DigitGroups g, List<Finding> out) {
    boolean grouped = g.count == 3 && g.lengthOf(0) == 3 && g.lengthOf(1) == 3
        && g.lengthOf(2) == 4;
    boolean plain = g.count == 1 && g.lengthOf(0) == 10;
    int end = g.runEnd;
    if ((grouped || plain) && Chars.wordEnd(text, end) && valid(text, start, end)) {
      out.add(new Finding(EntityType.UK_NHS, start, end, grouped ? 0.5 : 0.3, name()));
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
