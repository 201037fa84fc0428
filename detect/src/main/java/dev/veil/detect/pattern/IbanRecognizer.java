package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * International bank account numbers: a country code with a known IBAN length, two check digits
 * and the national part, written plain or in space-separated groups, in capitals or (scored a little
 * lower) in lowercase as people type them in chat, accepted only when the ISO 7064 mod-97 check
 * gives 1.
 */
public final class IbanRecognizer implements Recognizer.Indexed {

  /** IBAN length per country (ISO 13616 registry), indexed by (first - 'A') * 26 + (second - 'A'). */
  private static final byte[] LENGTH = new byte[26 * 26];

  static {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 "
        + "DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 "
        + "HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 "
        + "MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 "
        + "RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 "
        + "VA22 VG24 XK20 YE30";
    for (String e : table.split(" ")) {
      LENGTH[(e.charAt(0) - 'A') * 26 + (e.charAt(1) - 'A')] = Byte.parseByte(e.substring(2));
    }
  }

  @Override
  public String name() {
    return "iban";
  }


  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    char[] buf = new char[34];
    for (int i = 0; i + 4 < n; i++) {
      // the check digits sit at i + 2
      int digit = index.nextDigit(i + 2);
      if (digit < 0) {
        break;
      }
      i = digit - 2;
      if (i + 4 >= n) {
        break;
      }
      char a = text.charAt(i);
      char b = text.charAt(i + 1);
      boolean lower = Chars.isLower(a);
      if (!(lower ? Chars.isLower(b) : Chars.isUpper(a) && Chars.isUpper(b))
          || !Chars.isDigit(text.charAt(i + 2)) || !Chars.isDigit(text.charAt(i + 3))
          || !Chars.wordStart(text, i)) {
        continue;
      }
      int len = LENGTH[(upper(a) - 'A') * 26 + (upper(b) - 'A')];
      if (len == 0) {
        continue;
      }
      int k = 0;
      int j = i;
      while (j < n && k < len) {
        char c = text.charAt(j);
        if (Chars.isUpper(c) || Chars.isDigit(c) || Chars.isLower(c)) {
          buf[k++] = upper(c);
          j++;
        } else if (c == ' ' && k > 0 && j + 1 < n && Chars.isAlnum(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (k == len && Chars.wordEnd(text, j) && mod97(buf, len) == 1) {
        out.add(new Finding(EntityType.IBAN_CODE, i, j, lower ? 0.85 : 0.95, name()));
        i = j - 1;
      }
    }
  }

  /** {@code c} in uppercase if it is an ASCII lowercase letter. */
  private static char upper(char c) {
    return Chars.isLower(c) ? (char) (c - ('a' - 'A')) : c;
  }

  static int mod97(char[] iban, int len) {
    int r = 0;
    for (int k = 0; k < len; k++) {
      char c = iban[(k + 4) % len];
      if (Chars.isDigit(c)) {
        r = (r * 10 + (c - '0')) % 97;
      } else {
        r = (r * 100 + (c - 'A' + 10)) % 97;
      }
    }
    return r;
  }
}
