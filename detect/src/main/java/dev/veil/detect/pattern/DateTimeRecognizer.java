package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 *
 * <p>Also: month and year ({@code 03/2021}, two-digit month); dates written out in German,
 * French, Spanish, Italian, Portuguese and Dutch ({@code 3. März 2021}, {@code 1er janvier 2020},
 * {@code 3 de marzo de 2021}, {@code septembre 2020}: a month name of those languages counts with
 * a year, or in the German "3. März" with a day only); French clock times ({@code 14h30}); weekday
 * names, capitalised, after a word that makes them dates ("on", "by", "until"...), or with
 * "last", "next" or "this" before or "morning", "afternoon", "evening" or "night" after them,
 * which belong to the finding ({@code last Friday}, {@code Tuesday morning}; "Friday vibes" and
 * "Black Friday" are no dates); and a four-digit year
 * (1500-2099) alone when the word before it makes it one ("founded in 1977", "since 2019", "born
 * 1985") and, after a preposition as weak as "in" or "to", when the clause ends or goes on with a
 * word such as "and" or a capitalised word, so "Windows 2000", "2000 people" and "in 2000 seats"
 * are no dates.
 */
public final class DateTimeRecognizer implements Recognizer.Indexed {

  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december"};

  /** A month name of up to ten letters, a dot and a space, or " de " ("septiembre de 2020"). */
  private static final int MONTH_LEAD = 15;

  /** Month names in German, French, Spanish, Italian, Portuguese and Dutch, lowercase. */
  private static final String[][] FOREIGN_MONTHS = {
      {"januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari"},
      {"februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari"},
      {"märz", "maerz", "mars", "marzo", "março", "marco", "maart"},
      {"avril", "abril", "aprile"},
      {"mai", "mayo", "maggio", "maio", "mei"},
      {"juni", "juin", "junio", "giugno", "junho"},
      {"juli", "juillet", "julio", "luglio", "julho"},
      {"août", "aout", "agosto", "augustus"},
      {"septembre", "septiembre", "setiembre", "settembre", "setembro"},
      {"oktober", "octobre", "octubre", "ottobre", "outubro"},
      {"novembre", "noviembre", "novembro"},
      {"dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"}};

  private static final boolean[] FOREIGN_FIRST = new boolean[128];

  static {
    for (String[] names : FOREIGN_MONTHS) {
      for (String name : names) {
        FOREIGN_FIRST[name.charAt(0)] = true;
      }
    }
  }

  private static final String[] WEEKDAY_STEMS = {"Mon", "Tues", "Wednes", "Thurs", "Fri",
      "Satur", "Sun"};

  /** Words that belong to a weekday's finding: "last Friday", "Tuesday morning". */
  private static final String[] WEEKDAY_BEFORE = {"last ", "next ", "this "};
  private static final String[] WEEKDAY_AFTER = {" morning", " afternoon", " evening", " night"};

  /** Words before a weekday that make it a date: "on Friday", not "Friday vibes". */
  private static final Set<String> WEEKDAY_CUES = Set.of("on", "by", "until", "till", "to",
      "every", "each", "since", "from", "before", "after", "coming", "past", "or", "and",
      "through", "thru", "til", "due", "closed", "open");

  /** Words before a year that make it one whatever follows: "founded in 1977" reads "in". */
  private static final Set<String> STRONG_YEAR_CUES = Set.of("since", "born", "founded",
      "established", "est", "built", "died", "married", "graduated", "circa", "seit", "depuis",
      "desde", "sinds", "dal", "year", "summer", "winter", "spring", "autumn", "fall", "early",
      "late", "mid");

  /** Words before a year that make it one when the clause ends or goes on plausibly. */
  private static final Set<String> WEAK_YEAR_CUES = Set.of("in", "from", "until", "till", "by",
      "before", "after", "during", "around", "im", "en", "em", "nel");

  private static final Set<String> AFTER_YEAR = Set.of("and", "to", "when", "after", "before",
      "as", "at", "in", "with", "for", "but", "until", "from", "on", "by", "or", "the", "a", "he",
      "she", "they", "we", "i", "it", "his", "her", "their", "our", "was", "were", "is", "had",
      "has", "there", "this", "that", "which", "where", "while", "till", "through", "onwards");

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
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    Result r = new Result();
    int i = 0;
    int lastEnd = -1;
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
      // a range's second date ("1.1.2020-31.12.2020") follows a date, not a number
      if (Chars.isDigit(c) && i - 1 != lastEnd && continuesNumber(text, i)) {
        i = Chars.skipDigits(text, i);
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
        lastEnd = end;
        i = end;
      } else {
        i = Math.max(i + 1, Chars.skipAlnum(text, i));
      }
    }
    weekdays(text, out);
    years(text, index, out);
  }

  /** Whether the digit at {@code i} continues a number or version: "4.12.3", "10:00-12". */
  private static boolean continuesNumber(CharSequence s, int i) {
    if (i < 2) {
      return false;
    }
    char c = s.charAt(i - 1);
    return (c == '.' || c == '-' || c == '/' || c == ':') && Chars.isDigit(s.charAt(i - 2));
  }

  /** "Friday", "last Friday", "Tuesday morning": found from the "day" at the end of each. */
  private void weekdays(CharSequence s, List<Finding> out) {
    int k = Chars.indexOf(s, "day", 0);
    while (k >= 0) {
      int end = k + 3;
      int start = -1;
      if (Chars.wordEnd(s, end)) {
        for (String stem : WEEKDAY_STEMS) {
          int st = k - stem.length();
          if (st >= 0 && Chars.startsWith(s, st, stem) && Chars.wordStart(s, st)) {
            start = st;
            break;
          }
        }
      }
      if (start >= 0) {
        int dayStart = start;
        int dayEnd = end;
        for (String before : WEEKDAY_BEFORE) {
          if (start >= 5 && Chars.startsWithIgnoreCase(s, start - 5, before)
              && Chars.wordStart(s, start - 5)) {
            start -= 5;
          }
        }
        for (String after : WEEKDAY_AFTER) {
          if (Chars.startsWith(s, end, after) && Chars.wordEnd(s, end + after.length())) {
            end += after.length();
          }
        }
        if (start < dayStart || end > dayEnd
            || dayStart > 1 && WEEKDAY_CUES.contains(wordBefore(s, dayStart - 1))) {
          out.add(new Finding(EntityType.DATE_TIME, start, end, 0.6, name()));
        }
      }
      k = Chars.indexOf(s, "day", k + 3);
    }
  }

  /** Four-digit years that the word before makes dates: "founded in 1977", "since 2019". */
  private void years(CharSequence s, TextIndex index, List<Finding> out) {
    for (int k = 0; k < index.digitRuns(); k++) {
      int a = index.digitRunStart(k);
      int b = index.digitRunEnd(k);
      if (b - a != 4 || !Chars.wordStart(s, a) || !Chars.wordEnd(s, b) || a < 3
          || s.charAt(a - 1) != ' ' || continuesNumber(s, a)) {
        continue;
      }
      int year = Chars.parseDigits(s, a, b);
      if (year < 1500 || year > 2099) {
        continue;
      }
      String prev = wordBefore(s, a - 1);
      // "to" only closes a range of years: "from 2015 to 2018", not "increased to 2000"
      boolean range = prev.equals("to") && a >= 8 && Chars.isDigit(s.charAt(a - 5))
          && Chars.skipDigits(s, a - 8) == a - 4 && s.charAt(a - 4) == ' ';
      if (STRONG_YEAR_CUES.contains(prev)
          || (WEAK_YEAR_CUES.contains(prev) || range) && clauseGoesOn(s, b)) {
        out.add(new Finding(EntityType.DATE_TIME, a, b, 0.6, name()));
      }
    }
  }

  /** The ASCII word ending at {@code end}, lowercased, or "" if there is none. */
  private static String wordBefore(CharSequence s, int end) {
    int k = end;
    while (k > 0 && end - k < 12 && Chars.isLetter(s.charAt(k - 1))) {
      k--;
    }
    if (k == end || k > 0 && Character.isLetterOrDigit(s.charAt(k - 1))) {
      return "";
    }
    return s.subSequence(k, end).toString().toLowerCase(Locale.ROOT);
  }

  /** After a year: the end, punctuation, a capitalised word or one of {@link #AFTER_YEAR}. */
  private static boolean clauseGoesOn(CharSequence s, int b) {
    int n = s.length();
    if (b >= n) {
      return true;
    }
    char c = s.charAt(b);
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')'
        || c == '\n') {
      return b + 1 >= n || !Chars.isDigit(s.charAt(b + 1));
    }
    if (c != ' ' || b + 1 >= n) {
      return false;
    }
    if (Chars.isUpper(s.charAt(b + 1))) {
      return true;
    }
    int e = b + 1;
    while (e < n && Chars.isLetter(s.charAt(e)) && e - b <= 10) {
      e++;
    }
    return AFTER_YEAR.contains(s.subSequence(b + 1, e).toString());
  }

  /** Month index (0-11) of a German, French, Spanish, Italian, Portuguese or Dutch name, or -1. */
  private static int foreignMonth(CharSequence s, int i) {
    if (i >= s.length()) {
      return -1;
    }
    char c = Character.toLowerCase(s.charAt(i));
    if (c >= 128 || !FOREIGN_FIRST[c]) {
      return -1;
    }
    int e = letterEnd(s, i);
    int len = e - i;
    if (len < 3 || len > 10) {
      return -1;
    }
    for (int m = 0; m < 12; m++) {
      for (String name : FOREIGN_MONTHS[m]) {
        if (name.length() == len && equalsLower(name, s, i)) {
          return m;
        }
      }
    }
    return -1;
  }

  private static boolean equalsLower(String lower, CharSequence s, int i) {
    for (int k = 0; k < lower.length(); k++) {
      if (Character.toLowerCase(s.charAt(i + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int letterEnd(CharSequence s, int i) {
    int e = i;
    while (e < s.length() && Character.isLetter(s.charAt(e)) && e - i <= 10) {
      e++;
    }
    return e;
  }

  /**
   * After a day and a space at {@code k}: "[de ]month[ de] year" in another language ("3 mars
   * 2021", "3 de marzo de 2021"); a capitalised month after a German dotted day needs no year.
   */
  private static boolean foreignDate(CharSequence s, int k, boolean dotted, Result r) {
    int m = k;
    if (Chars.startsWith(s, m, "de ")) {
      m += 3;
    }
    if (foreignMonth(s, m) < 0) {
      return false;
    }
    int me = letterEnd(s, m);
    int y = yearAfterDe(s, me);
    if (y > 0) {
      return r.set(y, 0.85);
    }
    return dotted && Character.isUpperCase(s.charAt(m)) && r.set(me, 0.6);
  }

  /** {@link #yearAfter}, also after " de" ("marzo de 2021"). */
  private static int yearAfterDe(CharSequence s, int i) {
    return Chars.startsWith(s, i, " de ") ? yearAfter(s, i + 3) : yearAfter(s, i);
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
    if (sep == 'h') {
      // French clock time: "14h30"
      int m = Chars.skipDigits(s, a + 1);
      return m - a - 1 == 2 && Chars.wordEnd(s, m) && Chars.parseDigits(s, i, a) <= 23
          && Chars.parseDigits(s, a + 1, m) <= 59 && r.set(m, 0.6);
    }
    if (sep == '.' && a + 2 < n && s.charAt(a + 1) == ' ') {
      // German: "3. März 2021", "24. Dezember"
      int day = Chars.parseDigits(s, i, a);
      if (day < 1 || day > 31) {
        return false;
      }
      int m = month(s, a + 2, false);
      if (m >= 0) {
        int y = yearAfter(s, monthEnd(s, a + 2));
        return y > 0 && r.set(y, 0.85);
      }
      return foreignDate(s, a + 2, true, r);
    }
    if (sep == '/' || sep == '-' || sep == '.') {
      int b = Chars.skipDigits(s, a + 1);
      if (sep == '/' && la == 2 && b - a - 1 == 4 && Chars.wordEnd(s, b)
          && !(b + 1 < n && s.charAt(b) == '/' && Chars.isDigit(s.charAt(b + 1)))) {
        // month and year: "03/2021"
        int month = Chars.parseDigits(s, i, a);
        int year = Chars.parseDigits(s, a + 1, b);
        return month >= 1 && month <= 12 && year >= 1900 && year <= 2099 && r.set(b, 0.6);
      }
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
    if (j == a && day == 1 && Chars.startsWith(s, a, "er") && Chars.wordEnd(s, a + 2)) {
      j = a + 2;
    }
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
      if (m < 0 && day >= 1 && day <= 31 && foreignDate(s, j + 1, false, r)) {
        return true;
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
      // another language: "Juni 2022", "septembre 2020", "agosto de 2018"
      if (foreignMonth(s, i) < 0) {
        return false;
      }
      int y = yearAfterDe(s, letterEnd(s, i));
      return y > 0 && r.set(y, 0.75);
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
