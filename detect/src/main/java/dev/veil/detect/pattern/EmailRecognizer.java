package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;

/**
 * E-mail addresses: finds each {@code @}, expands left over the local part and right over the
 * domain, each within RFC 5321 length limits, and requires a dotted domain ending in an
 * alphabetic top-level label. Every char is visited a bounded number of times.
 */
public final class EmailRecognizer implements Recognizer {

  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 255;

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int at = Chars.indexOf(text, '@', 0);
    int lastEnd = 0;
    while (at >= 0) {
      int start = at;
      while (start > lastEnd && at - start < MAX_LOCAL && isLocal(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && text.charAt(start) == '.') {
        start++;
      }
      int end = domainEnd(text, at + 1, n);
      if (start < at && end > at + 1 && text.charAt(at - 1) != '.') {
        out.add(new Finding(EntityType.EMAIL_ADDRESS, start, end, 0.95, name()));
        lastEnd = end;
        at = Chars.indexOf(text, '@', end);
      } else {
        at = Chars.indexOf(text, '@', at + 1);
      }
    }
  }

  private static boolean isLocal(char c) {
    return Chars.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
        || c == '\'';
  }

  /** End of a valid domain starting at {@code from}, or -1. */
  private static int domainEnd(CharSequence s, int from, int n) {
    int i = from;
    int limit = Math.min(n, from + MAX_DOMAIN);
    int labels = 0;
    int lastLabelStart = -1;
    int lastGoodEnd = -1;
    while (i < limit) {
      int labelStart = i;
      while (i < limit && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '-')) {
        i++;
      }
      int len = i - labelStart;
      if (len == 0 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
        break;
      }
      labels++;
      lastLabelStart = labelStart;
      if (labels >= 2 && isTld(s, lastLabelStart, i)) {
        lastGoodEnd = i;
      }
      if (i < limit && s.charAt(i) == '.' && i + 1 < limit && Chars.isAlnum(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (lastGoodEnd > 0 && lastGoodEnd < n && Chars.isAlnum(s.charAt(lastGoodEnd))) {
      return -1;
    }
    return lastGoodEnd;
  }

  private static boolean isTld(CharSequence s, int from, int to) {
    if (to - from < 2 || to - from > 24) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Chars.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
