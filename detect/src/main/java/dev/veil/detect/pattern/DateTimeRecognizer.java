package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;

/**
 * Dates and times in the forms people and programs commonly write: ISO 8601 ({@code
 * 2024-12-31T10:30:00Z}), numeric with slashes, dashes or dots ({@code 12/31/2024}, {@code
 * 31.12.2024}; dots and dashes need a four-digit year), month names ({@code March 3, 2021}, {@code
 * Mar 3rd}, {@code March 2021}), day first ({@code 3 March 2021}, {@code 3rd of March 2021},
 * {@code 03-Mar-2021}) and clock times ({@code 10:30}, {@code 10:30:15}, {@code 10:30 pm}, {@code
 * 10pm}). A date directly followed by a time is one finding.
 *
 * <p>Every numeric part is range-checked (month 1-12, day 1-31, hour, minute, second); a numeric
 * date must read as either month/day or day/month. A month name in lowercase counts only when it
 * is written out in full and a year goes with it ("11 february 2005", "may 2024"), so the verb
 * "may" is not a month.
 */
public final class DateTimeRecognizer implements Recognizer {

  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december"};

  /** A month name of up to ten letters, a dot and a space. */
  private static final int MONTH_LEAD = 12;

  /** End and score of the last successful parse; one per scan. */
  private static final class Result {
    int end;
    double score;

    boolean set(int e, double s) {
      end = e;
      score = s;
      return true;
    }
  }

  @Override
  public String name() {
    return "date_time";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    recognize(text, TextIndex.of(text), out);
  }

  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    Result r = new Result();
    int i = 0;
    while (i < n) {
      // a date or time has a digit at most MONTH_LEAD chars after its start ("September 3")
      int digit = index.nextDigit(i);
      if (digit < 0) {
        break;
      }
      i = Math.max(i, digit - MONTH_LEAD);
      char c = text.charAt(i);
      boolean lower = Chars.isLower(c);
      if (lower && !Chars.wordStart(text, i)) {
        i = Chars.skipAlnum(text, i + 1);
        continue;
      }
      if (!(lower || Chars.isDigit(c) || Chars.isUpper(c)) || !Chars.wordStart(text, i)) {
        i++;
        continue;
      }
      boolean ok = Chars.isDigit(c) ? numericFirst(text, i, r) : monthFirst(text, i, lower, r);
      if (ok) {
        int end = r.end;
        double score = r.score;
        if (!isTimeOnly(text, i, end)) {
          int t = timeAfter(text, end, r);
          if (t > 0) {
            end = t;
            score = Math.max(score, r.score);
          }
        }
        out.add(new Finding(EntityType.DATE_TIME, i, end, score, name()));
        i = end;
      } else {
        i = Math.max(i + 1, Chars.skipAlnum(text, i));
      }
    }
  }

  private static boolean isTimeOnly(CharSequence s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == ':') {
        return true;
      }
      if (Chars.isLetter(s.charAt(k))) {
        return false;
      }
    }
    return false;
  }

  /** A time right after a date: "2024-01-02T10:00", "March 3, 2021 at 10:30 pm", ", 14:05". */
  private static int timeAfter(CharSequence s, int i, Result r) {
    int n = s.length();
    int j = i;
    if (j < n && s.charAt(j) == 'T') {
      j++;
    } else {
      if (j < n && s.charAt(j) == ',') {
        j++;
      }
      if (j >= n || s.charAt(j) != ' ') {
        return -1;
      }
      j++;
      if (Chars.startsWith(s, j, "at ")) {
        j += 3;
      }
    }
    if (j < n && Chars.isDigit(s.charAt(j)) && time(s, j, r)) {
      return r.end;
    }
    return -1;
  }

  private static boolean numericFirst(CharSequence s, int i, Result r) {
    int n = s.length();
    int a = Chars.skipDigits(s, i);
    int la = a - i;
    char sep = a < n ? s.charAt(a) : 0;
    if (la == 4 && (sep == '-' || sep == '/')) {
      int b = Chars.skipDigits(s, a + 1);
      if (b - a - 1 < 1 || b - a - 1 > 2 || b >= n || s.charAt(b) != sep) {
        return false;
      }
      int c = Chars.skipDigits(s, b + 1);
      if (c - b - 1 < 1 || c - b - 1 > 2 || !Chars.wordEnd(s, c) && s.charAt(c) != 'T') {
        return false;
      }
      int year = Chars.parseDigits(s, i, a);
      int month = Chars.parseDigits(s, a + 1, b);
      int day = Chars.parseDigits(s, b + 1, c);
      return year >= 1000 && year <= 2999 && validMonthDay(month, day)
          && r.set(c, sep == '-' ? 0.9 : 0.8);
    }
    if (la < 1 || la > 2) {
      return false;
    }
    if (sep == ':') {
      return time(s, i, r);
    }
    if (sep == '/' || sep == '-' || sep == '.') {
      int b = Chars.skipDigits(s, a + 1);
      if (b - a - 1 >= 1 && b - a - 1 <= 2 && b < n && s.charAt(b) == sep) {
        int c = Chars.skipDigits(s, b + 1);
        int lc = c - b - 1;
        if ((lc == 4 || (lc == 2 && sep == '/')) && Chars.wordEnd(s, c)
            && !(c + 1 < n && s.charAt(c) == sep && Chars.isDigit(s.charAt(c + 1)))) {
          int x = Chars.parseDigits(s, i, a);
          int y = Chars.parseDigits(s, a + 1, b);
          if (lc == 4) {
            int year = Chars.parseDigits(s, b + 1, c);
            if (year < 1000 || year > 2999) {
              return false;
            }
          }
          if (validMonthDay(x, y) || validMonthDay(y, x)) {
            return r.set(c, lc == 4 ? 0.8 : 0.6);
          }
        }
        return false;
      }
      if (sep == '-' && month(s, a + 1, false) >= 0) {
        int m = a + 4;
        if (m < n && s.charAt(m) == '-') {
          int c = Chars.skipDigits(s, m + 1);
          if ((c - m - 1 == 4 || c - m - 1 == 2) && Chars.wordEnd(s, c)
              && validMonthDay(1, Chars.parseDigits(s, i, a))) {
            return r.set(c, 0.85);
          }
        }
      }
      return false;
    }
    int day = Chars.parseDigits(s, i, a);
    int j = ordinal(s, a);
    if (j == a && Chars.isLetter(sep)) {
      return ampm(s, a, day, r);
    }
    if (!Chars.wordEnd(s, j)) {
      return false;
    }
    if (j < n && s.charAt(j) == ' ') {
      int k = j + 1;
      if (Chars.startsWith(s, k, "of ")) {
        k += 3;
      }
      int m = month(s, k, false);
      boolean lower = m < 0;
      if (lower) {
        m = month(s, k, true);
      }
      if (m >= 0 && day >= 1 && day <= 31) {
        int me = monthEnd(s, k);
        int y = yearAfter(s, me);
        if (y > 0) {
          return r.set(y, 0.85);
        }
        if (!lower) {
          return r.set(me, 0.6);
        }
      }
      if (j == a) {
        return ampm(s, j, day, r);
      }
    }
    return false;
  }

  /** A date that starts with a month name; a lowercase one ({@code lower}) needs a year. */
  private static boolean monthFirst(CharSequence s, int i, boolean lower, Result r) {
    int m = month(s, i, lower);
    if (m < 0) {
      return false;
    }
    int n = s.length();
    int me = monthEnd(s, i);
    if (me >= n || s.charAt(me) != ' ') {
      return false;
    }
    int d = me + 1;
    int de = Chars.skipDigits(s, d);
    if (de - d == 4) {
      int year = Chars.parseDigits(s, d, de);
      return Chars.wordEnd(s, de) && year >= 1000 && year <= 2999 && r.set(de, 0.75);
    }
    if (de - d < 1 || de - d > 2) {
      return false;
    }
    int day = Chars.parseDigits(s, d, de);
    int j = ordinal(s, de);
    if (day < 1 || day > 31 || !Chars.wordEnd(s, j)) {
      return false;
    }
    int y = yearAfter(s, j);
    return y > 0 ? r.set(y, 0.85) : !lower && r.set(j, 0.6);
  }

  /** End of ", 2021" or " 2021" after {@code i}, or -1. */
  private static int yearAfter(CharSequence s, int i) {
    int n = s.length();
    int j = i;
    if (j < n && s.charAt(j) == ',') {
      j++;
    }
    if (j >= n || s.charAt(j) != ' ') {
      return -1;
    }
    j++;
    int e = Chars.skipDigits(s, j);
    if (e - j != 4 || !Chars.wordEnd(s, e)) {
      return -1;
    }
    int year = Chars.parseDigits(s, j, e);
    return year >= 1000 && year <= 2999 ? e : -1;
  }

  /** Index after an ordinal suffix (st, nd, rd, th) at {@code i}, or {@code i} if none. */
  private static int ordinal(CharSequence s, int i) {
    if (Chars.startsWith(s, i, "st") || Chars.startsWith(s, i, "nd")
        || Chars.startsWith(s, i, "rd") || Chars.startsWith(s, i, "th")) {
      return i + 2;
    }
    return i;
  }

  /**
   * Month index (0-11) of the month name at {@code i}, or -1: a capitalised name or 3-4 letter
   * abbreviation; with {@code lower}, only a whole lowercase name ("march"), which callers accept
   * only with a year beside it, so that "you may 5 times" or "we march 10 km" stay text.
   */
  private static int month(CharSequence s, int i, boolean lower) {
    if (i >= s.length() || !(lower ? Chars.isLower(s.charAt(i)) : Chars.isUpper(s.charAt(i)))) {
      return -1;
    }
    int e = i;
    while (e < s.length() && Chars.isLetter(s.charAt(e)) && e - i <= 9) {
      e++;
    }
    int len = e - i;
    if (len < 3 || !Chars.wordEnd(s, e)) {
      return -1;
    }
    for (int m = 0; m < 12; m++) {
      String name = MONTHS[m];
      if (lower) {
        if (len == name.length() && Chars.startsWith(s, i, name)) {
          return m;
        }
      } else if ((len == name.length() || len == 3 || (len == 4 && m == 8))
          && len <= name.length() && Chars.startsWithIgnoreCase(s, i, name.substring(0, len))) {
        return m;
      }
    }
    return -1;
  }

  private static int monthEnd(CharSequence s, int i) {
    int e = i;
    while (e < s.length() && Chars.isLetter(s.charAt(e))) {
      e++;
    }
    if (e < s.length() && s.charAt(e) == '.' && e - i <= 4) {
      e++;
    }
    return e;
  }

  private static boolean validMonthDay(int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  /** "10pm", "10 pm", "10 a.m." with hour {@code hour} already read, {@code i} after it. */
  private static boolean ampm(CharSequence s, int i, int hour, Result r) {
    if (hour < 1 || hour > 12) {
      return false;
    }
    int j = i;
    if (j < s.length() && s.charAt(j) == ' ') {
      j++;
    }
    int e = ampmEnd(s, j);
    return e > 0 && r.set(e, 0.6);
  }

  private static int ampmEnd(CharSequence s, int j) {
    if (Chars.startsWithIgnoreCase(s, j, "a.m.") || Chars.startsWithIgnoreCase(s, j, "p.m.")) {
      return j + 4;
    }
    if ((Chars.startsWithIgnoreCase(s, j, "am") || Chars.startsWithIgnoreCase(s, j, "pm"))
        && Chars.wordEnd(s, j + 2)) {
      return j + 2;
    }
    return -1;
  }

  /** hh:mm[:ss[.fff]][Z|+hh:mm][ am|pm] at {@code i}. */
  private static boolean time(CharSequence s, int i, Result r) {
    int n = s.length();
    int h = Chars.skipDigits(s, i);
    if (h - i < 1 || h - i > 2 || h >= n || s.charAt(h) != ':') {
      return false;
    }
    int hour = Chars.parseDigits(s, i, h);
    int m = Chars.skipDigits(s, h + 1);
    if (m - h - 1 != 2 || Chars.parseDigits(s, h + 1, m) > 59 || hour > 23) {
      return false;
    }
    int e = m;
    double score = 0.6;
    if (e + 1 < n && s.charAt(e) == ':' && Chars.isDigit(s.charAt(e + 1))) {
      int sec = Chars.skipDigits(s, e + 1);
      if (sec - e - 1 != 2 || Chars.parseDigits(s, e + 1, sec) > 60) {
        return false;
      }
      e = sec;
      if (e + 1 < n && s.charAt(e) == '.' && Chars.isDigit(s.charAt(e + 1))) {
        int f = Chars.skipDigits(s, e + 1);
        if (f - e - 1 > 9) {
          return false;
        }
        e = f;
      }
      score = 0.7;
    }
    if (e < n && s.charAt(e) == 'Z') {
      e++;
      score = 0.85;
    } else if (e + 5 < n && (s.charAt(e) == '+' || s.charAt(e) == '-')
        && Chars.isDigit(s.charAt(e + 1)) && Chars.isDigit(s.charAt(e + 2))
        && s.charAt(e + 3) == ':' && Chars.isDigit(s.charAt(e + 4))
        && Chars.isDigit(s.charAt(e + 5))) {
      e += 6;
      score = 0.85;
    } else {
      int j = e < n && s.charAt(e) == ' ' ? e + 1 : e;
      int ap = ampmEnd(s, j);
      if (ap > 0) {
        if (hour < 1 || hour > 12) {
          return false;
        }
        e = ap;
        score = 0.75;
      }
    }
    if (!Chars.wordEnd(s, e) && s.charAt(e - 1) != '.') {
      return false;
    }
    if (e < n && s.charAt(e) == ':' && e + 1 < n && Chars.isHex(s.charAt(e + 1))) {
      return false;
    }
    return r.set(e, score);
  }
}
