package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * UK National Insurance numbers: two prefix letters, six digits (optionally in pairs separated by
 * spaces) and a suffix A to D. Prefixes follow HMRC's rules: the first letter is not D, F, I, Q, U
 * or V; the second is not D, F, I, O, Q, U or V; BG, GB, KN, NK, NT, TN and ZZ are never issued.
 */
public final class UkNinoRecognizer implements Recognizer.Indexed {

  @Override
  public String name() {
    return "uk_nino";
  }


  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    for (int i = 0; i + 8 <= n; i++) {
      // the first digit sits at i + 2, or at i + 3 after a space
      int digit = index.nextDigit(i + 2);
      if (digit < 0) {
        break;
      }
      i = Math.max(i, digit - 3);
      if (i + 8 > n) {
        break;
      }
      char a = text.charAt(i);
      if (!Chars.isUpper(a) || !Chars.wordStart(text, i) || i + 1 >= n
          || !Chars.isUpper(text.charAt(i + 1)) || !validPrefix(a, text.charAt(i + 1))) {
        continue;
      }
      int j = i + 2;
      boolean spaced = j < n && text.charAt(j) == ' ';
      int digits = 0;
      while (digits < 6 && j < n) {
        if (spaced && digits % 2 == 0) {
          if (text.charAt(j) != ' ') {
            break;
          }
          j++;
          if (j >= n) {
            break;
          }
        }
        if (!Chars.isDigit(text.charAt(j))) {
          break;
        }
        digits++;
        j++;
      }
      if (digits != 6) {
        continue;
      }
      if (spaced && j < n && text.charAt(j) == ' ') {
        j++;
      }
      if (j < n && text.charAt(j) >= 'A' && text.charAt(j) <= 'D' && Chars.wordEnd(text, j + 1)) {
        out.add(new Finding(EntityType.UK_NINO, i, j + 1, 0.75, name()));
        i = j;
      }
    }
  }

  static boolean validPrefix(char a, char b) {
    if ("DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
      return false;
    }
    return !((a == 'B' && b == 'G') || (a == 'G' && b == 'B') || (a == 'K' && b == 'N')
        || (a == 'N' && (b == 'K' || b == 'T')) || (a == 'T' && b == 'N')
        || (a == 'Z' && b == 'Z'));
  }
}
