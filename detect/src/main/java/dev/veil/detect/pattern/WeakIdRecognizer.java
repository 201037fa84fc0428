package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;

/**
 * US identifiers that have no check digit and look like any other number: passports (9 digits, or
 * a letter and 8 digits), driver's licences (one or two letters and 5 to 13 digits, or 7 to 9
 * digits; formats vary by state) and bank account numbers (8 to 17 digits).
 *
 * <p>Each candidate gets a low base score ({@value #BASE}), under the default minimum: only a
 * context word ("passport", "driver's license", "account"...) raises it enough to be reported.
 * A number can be a candidate for several types; context decides which one wins.
 */
public final class WeakIdRecognizer extends DigitWordRecognizer {

  static final double BASE = 0.1;

  @Override
  public String name() {
    return "us_weak_id";
  }

  @Override
  void word(CharSequence s, int from, int to, List<Finding> out) {
    int len = to - from;
    if (len < 6 || len > 17) {
      return;
    }
    int letters = 0;
    while (letters < len && Chars.isUpper(s.charAt(from + letters))) {
      letters++;
    }
    for (int k = from + letters; k < to; k++) {
      if (!Chars.isDigit(s.charAt(k))) {
        return;
      }
    }
    int digits = len - letters;
    if ((letters == 0 && digits == 9) || (letters == 1 && digits == 8)) {
      out.add(new Finding(EntityType.US_PASSPORT, from, to, BASE, name()));
    }
    if ((letters >= 1 && letters <= 2 && digits >= 5 && digits <= 13)
        || (letters == 0 && digits >= 7 && digits <= 9)) {
      out.add(new Finding(EntityType.US_DRIVER_LICENSE, from, to, BASE, name()));
    }
    if (letters == 0 && digits >= 8 && digits <= 17) {
      out.add(new Finding(EntityType.US_BANK_NUMBER, from, to, BASE, name()));
    }
  }
}
