package dev.veil.detect.ner;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;
import java.util.Locale;

/**
 * Finds {@link EntityType#STREET_ADDRESS}: a house number, an optional direction, one to five
 * street-name words and a street type ({@code St}, {@code Avenue}, {@code Rd}, {@code Blvd}...),
 * then optionally a unit ({@code Apt 4B}, {@code Suite 200}), a city with a US state and ZIP code
 * or a UK postcode; also PO boxes ({@code P.O. Box 123}).
 *
 * <p>Runs over the tokens once; from each house number it looks ahead a bounded number of tokens,
 * so time is linear in the text. Thread-safe and stateless.
 */
final class StreetAddressRecognizer implements Recognizer {

  static final String NAME = "street_address";
  private static final int MAX_NAME_WORDS = 5;
  private static final Words STATE_CODES = new Words(
      " AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ"
          + " NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI ");
  private static final Words UNIT_WORDS =
      new Words(" apt apartment suite ste unit room rm floor fl bldg building flat # ");
  private static final Words ABBREVIATED_TYPES =
      new Words(" st ave rd blvd ln dr ct pl pkwy hwy sq trl cir ter aly expy fwy cres ");
  private static final Words PLAIN_TYPES = new Words(" st street ave avenue rd road blvd"
      + " boulevard ln lane dr drive ct court pl pkwy parkway hwy highway ");
  private static final Words DIRECTIONS =
      new Words(" n s e w ne nw se sw north south east west ");
  private static final Words ORDINAL_SUFFIXES = new Words(" st nd rd th ");

  private final Lexicon lexicon;

  StreetAddressRecognizer(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    Scratch scratch = Scratch.acquire();
    try {
      Tokens t = Tokens.of(text, scratch);
      recognize(new Tagger.Doc(t, lexicon, Tagger.CASE_MIXED, scratch), out);
    } finally {
      scratch.release();
    }
  }

  /** Finds addresses in the tokens of {@code d}, reading words' table entries through it. */
  void recognize(Tagger.Doc d, List<Finding> out) {
    Tokens t = d.tokens;
    boolean mixedCase = mixedCase(t);
    int i = 0;
    while (i < t.size) {
      int end = -1;
      double score = 0;
      int poEnd = poBox(t, i);
      if (poEnd > 0) {
        int loc = locality(d, poEnd, mixedCase);
        end = loc > 0 ? loc : poEnd;
        score = loc > 0 ? 0.9 : 0.7;
      } else if (houseNumber(t, i)) {
        int street = street(d, i + 1, mixedCase);
        if (street > 0) {
          int unit = unit(t, street);
          int after = unit > 0 ? unit : street;
          int loc = locality(d, after, mixedCase);
          end = loc > 0 ? loc : after;
          score = loc > 0 ? 0.95 : unit > 0 ? 0.85 : 0.7;
        }
      }
      if (end > 0) {
        out.add(new Finding(EntityType.STREET_ADDRESS, t.start[i], t.end[end - 1], score, NAME));
        i = end;
      } else {
        i++;
      }
    }
  }

  private static boolean mixedCase(Tokens t) {
    int lower = 0;
    int upper = 0;
    for (int i = 0; i < t.size; i++) {
      if (t.is(i, Tokens.LETTER) && t.length(i) > 1) {
        if (t.is(i, Tokens.UPPER_FIRST)) {
          upper++;
        }
        if (t.is(i, Tokens.HAS_LOWER)) {
          lower++;
        }
      }
    }
    return upper > 0 && lower > 0;
  }

  private static boolean houseNumber(Tokens t, int i) {
    int len = t.length(i);
    if (!t.is(i, Tokens.DIGIT) || len > 6 || !Character.isDigit(t.first(i))) {
      return false;
    }
    if (!t.is(i, Tokens.LETTER)) {
      return true;
    }
    return Character.isLetter(t.text.charAt(t.end[i] - 1)) && !Character.isLetter(t.text.charAt(t.end[i] - 2))
        && !ordinal(t, i);
  }

  private static boolean ordinal(Tokens t, int i) {
    int len = t.length(i);
    if (len < 3 || !Character.isDigit(t.first(i))) {
      return false;
    }
    return listed(ORDINAL_SUFFIXES, t.text, t.end[i] - 2, t.end[i], false)
        && Character.isDigit(t.text.charAt(t.end[i] - 3));
  }

  private static boolean inList(Words list, Tokens t, int i) {
    if (t.length(i) > 12) {
      return false;
    }
    return listed(list, t.text, t.start[i], t.end[i], false);
  }

  /**
   * Words between single spaces, in one case, with the lengths and (folded) first chars of its
   * ASCII words, so that most text is refused without a walk over the list.
   */
  private record Words(String list, long lengths, long firsts) {

    Words(String list) {
      this(list, mask(list, true), mask(list, false));
    }

    private static long mask(String list, boolean lengths) {
      long m = 0;
      for (String w : list.trim().split(" ")) {
        m |= 1L << (lengths ? Math.min(w.length(), 63) : (w.charAt(0) | 0x20) & 63);
      }
      return m;
    }

    /** False if no word has {@code len} chars and the ASCII first char {@code c} (any case). */
    boolean mayHold(int len, char c) {
      return (lengths >>> Math.min(len, 63) & 1) != 0 && (firsts >>> ((c | 0x20) & 63) & 1) != 0;
    }
  }

  /**
   * True if {@code words} (in one case) holds {@code s[from, to)} changed to that case, upper or
   * lower, as {@link String#toUpperCase(Locale)} or {@link String#toLowerCase(Locale)} in the root
   * locale would. Allocates only for non-ASCII text.
   */
  private static boolean listed(Words words, CharSequence s, int from, int to, boolean upper) {
    String list = words.list();
    for (int p = from; p < to; p++) {
      if (s.charAt(p) >= 128) {
        String w = s.subSequence(from, to).toString();
        return list.contains(" " + (upper ? w.toUpperCase(Locale.ROOT) : w.toLowerCase(Locale.ROOT))
            + " ");
      }
    }
    int len = to - from;
    if (len == 0 || !words.mayHold(len, s.charAt(from))) {
      return false;
    }
    for (int at = list.indexOf(' '); at >= 0 && at + len + 1 < list.length();
        at = list.indexOf(' ', at + 1)) {
      if (list.charAt(at + len + 1) == ' ' && sameIgnoringCase(list, at + 1, s, from, len)) {
        return true;
      }
    }
    return false;
  }

  /** ASCII case-insensitive comparison of {@code len} chars. */
  private static boolean sameIgnoringCase(String a, int at, CharSequence b, int from, int len) {
    for (int k = 0; k < len; k++) {
      char x = a.charAt(at + k);
      char y = b.charAt(from + k);
      boolean letter = (x | 0x20) >= 'a' && (x | 0x20) <= 'z';
      if (x != y && !(letter && (x | 0x20) == (y | 0x20))) {
        return false;
      }
    }
    return true;
  }

  private static boolean nameWord(Tagger.Doc d, int i, boolean mixedCase) {
    Tokens t = d.tokens;
    if (ordinal(t, i)) {
      return true;
    }
    if (!t.is(i, Tokens.LETTER) || t.is(i, Tokens.DIGIT)) {
      return false;
    }
    if (mixedCase && t.is(i, Tokens.UPPER_FIRST)) {
      return true;
    }
    return (d.info(i) & Lexicon.FUNCTION) == 0;
  }

  private static boolean streetType(Tagger.Doc d, int i) {
    return d.tokens.is(i, Tokens.LETTER) && (d.info(i) & Lexicon.STREET_TYPE) != 0;
  }

  /** Parses [direction] name words and a street type from {@code i}; returns the index after it, or -1. */
  private static int street(Tagger.Doc d, int i, boolean mixedCase) {
    Tokens t = d.tokens;
    int p = i;
    if (p < t.size && inList(DIRECTIONS, t, p) && p + 1 < t.size) {
      p++;
      if (p < t.size && t.isPunct(p, '.')) {
        p++;
      }
    }
    int typeEnd = -1;
    int words = 0;
    boolean lowercase = false;
    while (p < t.size && words < MAX_NAME_WORDS + 1 && nameWord(d, p, mixedCase)) {
      if (p > i && t.is(p, Tokens.NEWLINE_BEFORE)) {
        break;
      }
      lowercase |= mixedCase && !t.is(p, Tokens.UPPER_FIRST) && !ordinal(t, p);
      words++;
      if (lowercase && words > 3) {
        break;
      }
      // Lowercase streets inside normal prose need an unambiguous street type.
      if (words >= 2 && (lowercase ? inList(PLAIN_TYPES, t, p) : streetType(d, p))) {
        typeEnd = p + 1;
      }
      p++;
    }
    if (typeEnd < 0) {
      return -1;
    }
    p = typeEnd;
    if (p < t.size && t.isPunct(p, '.') && t.start[p] == t.end[p - 1] && inList(ABBREVIATED_TYPES, t, p - 1)) {
      p++;
    }
    if (p < t.size && inList(DIRECTIONS, t, p) && t.length(p) <= 2 && !t.is(p, Tokens.NEWLINE_BEFORE)) {
      p++;
    }
    return p;
  }

  /** Parses [,] unit-word [.] [#] identifier from {@code i}; returns the index after it, or -1. */
  private static int unit(Tokens t, int i) {
    int p = i;
    if (p < t.size && t.isPunct(p, ',')) {
      p++;
    }
    if (p >= t.size || !inList(UNIT_WORDS, t, p)) {
      return -1;
    }
    p++;
    if (p < t.size && t.isPunct(p, '.')) {
      p++;
    }
    if (p < t.size && t.isPunct(p, '#')) {
      p++;
    }
    if (p < t.size && t.length(p) <= 6 && (t.is(p, Tokens.DIGIT) || t.length(p) == 1 && t.is(p, Tokens.LETTER))) {
      return p + 1;
    }
    return -1;
  }

  /**
   * Parses [,|newline] city words [,] (state [ZIP] | ZIP | UK postcode) from {@code i}; returns the
   * index after it, or -1.
   */
  private int locality(Tagger.Doc d, int i, boolean mixedCase) {
    Tokens t = d.tokens;
    int p = i;
    if (p < t.size && t.isPunct(p, ',')) {
      p++;
    } else if (p >= t.size || !t.is(p, Tokens.NEWLINE_BEFORE)) {
      return -1;
    }
    int cityWords = 0;
    while (p < t.size && cityWords < 4 && nameWord(d, p, mixedCase)
        && !isStateCode(t, p, mixedCase)) {
      cityWords++;
      p++;
    }
    if (cityWords == 0) {
      return postcodeOrZip(t, p);
    }
    if (p < t.size && t.isPunct(p, ',')) {
      p++;
    }
    if (p < t.size && isStateCode(t, p, mixedCase && postcodeOrZip(t, p + 1) < 0)) {
      int zip = postcodeOrZip(t, p + 1);
      return zip > 0 ? zip : p + 1;
    }
    int stateEnd = stateName(t, p);
    if (stateEnd > 0) {
      int zip = postcodeOrZip(t, stateEnd);
      return zip > 0 ? zip : stateEnd;
    }
    return postcodeOrZip(t, p);
  }

  private int stateName(Tokens t, int i) {
    long h = 0;
    int best = -1;
    for (int k = 0; k < 3 && i + k < t.size; k++) {
      h = Hashing.combine(h, t.lowerHash(i + k));
      if ((lexicon.phrase(h) & Lexicon.P_STATE) != 0) {
        best = i + k + 1;
      }
    }
    return best;
  }

  private static boolean isStateCode(Tokens t, int i, boolean mixedCase) {
    if (t.length(i) != 2 || !t.is(i, Tokens.LETTER) || mixedCase && !t.is(i, Tokens.ALL_UPPER)) {
      return false;
    }
    return listed(STATE_CODES, t.text, t.start[i], t.end[i], true);
  }

  private static int postcodeOrZip(Tokens t, int p) {
    if (p >= t.size) {
      return -1;
    }
    if (t.length(p) == 5 && t.is(p, Tokens.DIGIT) && !t.is(p, Tokens.LETTER)) {
      if (p + 2 < t.size && t.isPunct(p + 1, '-') && t.length(p + 2) == 4 && t.is(p + 2, Tokens.DIGIT)
          && !t.is(p + 2, Tokens.LETTER) && t.start[p + 1] == t.end[p]) {
        return p + 3;
      }
      return p + 1;
    }
    if (p + 1 < t.size && ukOutward(t, p) && ukInward(t, p + 1)) {
      return p + 2;
    }
    return -1;
  }

  private static boolean ukOutward(Tokens t, int i) {
    int len = t.length(i);
    return len >= 2 && len <= 4 && t.is(i, Tokens.DIGIT) && t.is(i, Tokens.LETTER)
        && Character.isLetter(t.first(i)) && (t.is(i, Tokens.ALL_UPPER) || !t.is(i, Tokens.HAS_LOWER));
  }

  private static boolean ukInward(Tokens t, int i) {
    if (t.length(i) != 3) {
      return false;
    }
    CharSequence s = t.text;
    int b = t.start[i];
    return Character.isDigit(s.charAt(b)) && Character.isLetter(s.charAt(b + 1)) && Character.isLetter(s.charAt(b + 2));
  }

  /** Parses P.O. Box / PO Box / Post Office Box + number from {@code i}; returns the index after it, or -1. */
  private static int poBox(Tokens t, int i) {
    char first = t.first(i);
    if (first != 'p' && first != 'P') {
      // every form starts with a p, and no other char lowercases to one
      return -1;
    }
    int p = i;
    if (t.equalsIgnoreCase(i, "po") || t.equalsIgnoreCase(i, "pob")) {
      p = i + 1;
    } else if (t.equalsIgnoreCase(i, "p") && i + 3 < t.size && t.isPunct(i + 1, '.') && t.equalsIgnoreCase(i + 2, "o")) {
      p = i + 3;
      if (t.isPunct(p, '.')) {
        p++;
      }
    } else if (t.equalsIgnoreCase(i, "post") && i + 1 < t.size && t.equalsIgnoreCase(i + 1, "office")) {
      p = i + 2;
    } else {
      return -1;
    }
    if (p + 1 < t.size && t.equalsIgnoreCase(p, "box") && t.is(p + 1, Tokens.DIGIT) && t.length(p + 1) <= 8) {
      return p + 2;
    }
    return -1;
  }
}
