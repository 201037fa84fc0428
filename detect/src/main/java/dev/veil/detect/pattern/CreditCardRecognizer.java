package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;

/**
 * Payment card numbers: 12 to 19 digits, plain or in groups separated by spaces or dashes, that
 * pass the Luhn check and start with an issuer prefix (IIN) whose length matches: Visa, Mastercard
 * (51-55, 2221-2720), American Express, Discover, Diners Club, JCB (with its older 15-digit 1800
 * and 2131 ranges), UnionPay, Maestro, Mir, RuPay, Dankort, Elo, Troy, InstaPayment, Verve.
 * Numbers that are all one digit are refused.
 */
public final class CreditCardRecognizer extends DigitRunRecognizer {

  public CreditCardRecognizer() {
    super(19, " -");
  }

  @Override
  public String name() {
    return "credit_card";
  }

  @Override
  void candidate(CharSequence text, int start, DigitGroups g, List<Finding> out) {
    int[] d = new int[20];
    for (int groups = g.count; groups >= 1; groups--) {
      int end = g.groupEnd[groups - 1];
      if (!Chars.wordEnd(text, end)) {
        continue;
      }
      int len = g.digits(text, groups, d);
      if (len >= 12 && len <= 19 && validIssuer(d, len) && luhn(d, len) && !allSame(d, len)) {
        out.add(new Finding(EntityType.CREDIT_CARD, start, end, groups > 1 ? 0.9 : 0.85, name()));
        break;
      }
    }
  }

  static boolean luhn(int[] d, int len) {
    int sum = 0;
    boolean dbl = false;
    for (int k = len - 1; k >= 0; k--) {
      int v = d[k];
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static boolean allSame(int[] d, int len) {
    for (int k = 1; k < len; k++) {
      if (d[k] != d[0]) {
        return false;
      }
    }
    return true;
  }

  private static int prefix(int[] d, int digits) {
    int v = 0;
    for (int k = 0; k < digits; k++) {
      v = v * 10 + d[k];
    }
    return v;
  }

  static boolean validIssuer(int[] d, int len) {
    int p1 = d[0];
    int p2 = prefix(d, 2);
    int p3 = prefix(d, 3);
    int p4 = prefix(d, 4);
    int p6 = prefix(d, 6);
    if (p1 == 4) {
      return len == 13 || len == 16 || len == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return len == 16;
    }
    if (p2 == 34 || p2 == 37) {
      return len == 15;
    }
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
      return len >= 16 && len <= 19;
    }
    if (p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305) || p3 == 309) {
      return len >= 14 && len <= 19;
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return len >= 16 && len <= 19;
    }
    if (p4 == 1800 || p4 == 2131) {
      return len == 15;
    }
    if (p2 == 62 || p2 == 81) {
      return len >= 16 && len <= 19;
    }
    if (p4 >= 2200 && p4 <= 2204) {
      return len >= 16 && len <= 19;
    }
    if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759
        || p4 == 6761 || p4 == 6762 || p4 == 6763) {
      return len >= 12 && len <= 19;
    }
    if (p2 == 60 || p4 == 6521 || p4 == 6522 || p3 == 508) {
      return len == 16;
    }
    // Dankort, Elo, Troy, InstaPayment
    if (p4 == 5019 || p4 == 5041 || p4 == 5066 || p4 == 5067 || p3 == 509 || p4 == 9792
        || (p3 >= 637 && p3 <= 639)) {
      return len == 16;
    }
    // Verve
    if (p6 >= 506099 && p6 <= 506198 || p6 >= 650002 && p6 <= 650027) {
      return len == 16 || len == 19;
    }
    return false;
  }
}
