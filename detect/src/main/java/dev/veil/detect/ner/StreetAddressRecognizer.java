package dev.veil.detect.ner;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;
import java.util.Locale;

/**
 * Finds {@link EntityType#STREET_ADDRESS} in the formats of some 25 countries, and
 * {@link EntityType#ZIP_CODE} for postcodes that stand outside a street address.
 *
 * <p>An address is a street core, then optional units and a locality, all as one finding:
 *
 * <ul>
 *   <li>the core: a house number before the street ("12 Baker Street", "12 rue de la Paix") or
 *       after it ("Hauptstraße 5", "Via Roma 10", "Rua das Flores, 123", "Kossuth Lajos utca 12."),
 *       or a post-office box ("PO Box 123", "Postfach 10 01 01", "BP 123");
 *   <li>units and floors before or after it ("Flat 3,", "Apt. 4B", "3º B", "Wohnung 5");
 *   <li>the locality: segments after a comma, a spaced dash or a line break, each a postcode of
 *       one of a dozen shapes with its city, a city with a state and postcode, or a country.
 * </ul>
 *
 * <p>Street words come from {@link AddressVocabulary}, which also says where a street type stands
 * and whether the number comes first. A core counts as strong when its street word is not also an
 * English word in another role ("Via", "Gate", "Plaza"), or, for English street types, as the
 * curated {@link Lexicon#STREET_TYPE} list says; a weak core, or capitalised words next to a
 * number with no street word at all ("Bryggen 5"), is an address only with a postcode after it.
 * A postcode outside an address is a ZIP code only after a cue ("ZIP:", "PLZ", "CEP", "〒"), next
 * to a known city ("Berlin 10115", "San Francisco, CA 94107"), or in a shape no plain number has
 * before a capitalised word ("75011 Paris", "00-950 Warszawa"); a bare 4- or 5-digit number is not.
 *
 * <p>Every attempt is anchored on a token holding a digit and looks a bounded number of tokens
 * back and ahead, so time is linear in the text and prose without digits costs one check per
 * token. Thread-safe and stateless.
 */
final class StreetAddressRecognizer implements Recognizer {

  static final String NAME = "street_address";
  private static final int MAX_NAME_WORDS = 5;
  private static final int MAX_STREET_TOKENS = 7;
  private static final Words STATE_CODES = new Words(
      " AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ"
          + " NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI ");
  private static final Words ABBREVIATED_TYPES =
      new Words(" st ave rd blvd ln dr ct pl pkwy hwy sq trl cir ter aly expy fwy cres ");
  private static final Words PLAIN_TYPES = new Words(" st street ave avenue rd road blvd"
      + " boulevard ln lane dr drive ct court pl pkwy parkway hwy highway ");
  private static final Words DIRECTIONS =
      new Words(" n s e w ne nw se sw north south east west ");
  private static final Words ORDINAL_SUFFIXES = new Words(" st nd rd th ");
  /** Lowercase words inside street and city names ("rue de la Paix", "Frankfurt am Main"). */
  private static final Words CONNECTORS = new Words(" de la las los del della delle dei degli di da"
      + " das do dos du des d l der den van von am an im zum zur auf y e et of the le les lo ");
  /** Words that start a clause, not a city ("..., Wellington At about 4"). */
  private static final Words CLAUSE_WORDS = new Words(" at in on to for from by with and or but is"
      + " was are were the a an as if so then when we i you he she it they this that ");
  /** What follows a house number in French ("14 bis"). */
  private static final Words NUMBER_SUFFIXES = new Words(" bis ter quater ");
  /** Words that announce a house number: "Öner Caddesi No: 40", "Jl. Melati No. 7", "Nr. 3". */
  private static final Words NUMBER_MARKERS = new Words(" no nr nro num núm nº ");
  /** Sides and doors after a floor ("3º B", "2.º Esq.", "2. th."). */
  private static final Words SIDES =
      new Words(" esq dto dir izq izda izqda dcha drcha th tv mf ");
  /** The part of a building a flat is in, written between the street and the floor. */
  private static final Words BUILDING_PARTS = new Words(" hinterhaus vorderhaus seitenflügel"
      + " seitenfluegel gartenhaus hinterhof querhaus rückgebäude ");
  /** Neighbourhood words of Latin America ("Col. Roma Norte", "Bairro Centro"). */
  private static final Words DISTRICTS = new Words(" col colonia bairro barrio fracc ");

  private final Lexicon lexicon;
  private final AddressVocabulary vocabulary;

  StreetAddressRecognizer(Lexicon lexicon) {
    this(lexicon, AddressVocabulary.load());
  }

  StreetAddressRecognizer(Lexicon lexicon, AddressVocabulary vocabulary) {
    this.lexicon = lexicon;
    this.vocabulary = vocabulary;
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

  /**
   * Finds addresses and postcodes in the tokens of {@code d}, reading words' table entries
   * through it.
   */
  void recognize(Tagger.Doc d, List<Finding> out) {
    Tokens t = d.tokens;
    Scan s = null;
    int floor = 0;
    for (int i = 0; i < t.size; i++) {
      if (!t.is(i, Tokens.DIGIT) || t.is(i, Tokens.EMBEDDED)) {
        continue;
      }
      if (s == null) {
        s = new Scan(d, mixedCase(t));
      }
      if (s.match(i, floor)) {
        out.add(new Finding(s.type, t.start[s.start], t.end[s.end - 1], s.score, NAME));
        floor = s.end;
        i = s.end - 1;
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

  /** The work on one text: the parsers below, and the last match they made. */
  private final class Scan {
    final Tagger.Doc d;
    final Tokens t;
    final boolean mixedCase;
    int start;
    int end;
    EntityType type;
    double score;
    /** Set by {@link #streetBefore}: the core carries a street word of its own. */
    boolean strongCore;
    /** Set by {@link #streetBefore}: the street has a type or a one-word street name. */
    boolean streetWord;
    /** Set by {@link #locality}: it holds a postcode or a state. */
    boolean strongLocality;
    /** Set by {@link #postcode}: the postcode is four bare digits, like a year. */
    boolean bareFourDigits;
    /** Set by {@link #stateAndPostcode}: the city is followed by four bare digits only. */
    boolean weakPostcode;
    int numberEnd;
    /** Set by {@link #englishStreet}: a lowercase street in mixed-case text ("5 main st"). */
    boolean lowercaseStreet;

    Scan(Tagger.Doc d, boolean mixedCase) {
      this.d = d;
      this.t = d.tokens;
      this.mixedCase = mixedCase;
    }

    boolean match(int i, int floor) {
      lowercaseStreet = false;
      return poBox(i, floor) || numberFirst(i, floor) || postcodeCityThenStreet(i, floor)
          || numberAfter(i, floor) || standaloneZip(i, floor);
    }

    /**
     * An address with a locality scores high enough to win over a place name found inside it
     * ("..., Libreville"), so that the address is redacted whole.
     */
    private double score(int core, int units, int end) {
      return end > units ? 0.95 : units > core ? 0.85 : 0.7;
    }

    private boolean found(EntityType type, int start, int end, double score) {
      this.type = type;
      this.start = start;
      this.end = end;
      this.score = score;
      return true;
    }

    // ---- addresses ------------------------------------------------------------------------

    /** "PO Box 123", "Postfach 10 01 01", "Apartado de Correos 1234", "BP 123", "Box 7". */
    private boolean poBox(int i, int floor) {
      int s = phraseEndingAt(i, floor, AddressVocabulary.F_PO_BOX);
      if (s < 0 || !digitsOnly(i) || t.length(i) > 8 || !isolated(i)) {
        return false;
      }
      int words = 0;
      int letters = 0;
      for (int k = s; k < i; k++) {
        if (word(k)) {
          words++;
          letters += t.length(k);
        }
      }
      int e = i + 1;
      while (e < t.size && e - i < 3 && digitsOnly(e) && t.length(e) <= 3 && t.length(e - 1) <= 3
          && !t.is(e, Tokens.NEWLINE_BEFORE)) {
        e++;
      }
      int loc = locality(e);
      if (!strongLocality && e < t.size && !t.is(e, Tokens.NEWLINE_BEFORE)) {
        int named = capitalisedWords(e, 2);
        int after = named > e ? locality(named) : e;
        if (strongLocality) {
          loc = after;
        }
      }
      boolean strong = words >= 2 || letters >= 5;
      if (!strong && !strongLocality) {
        return false;
      }
      return found(EntityType.STREET_ADDRESS, prefix(s, floor), loc, loc > e ? 0.95 : 0.7);
    }

    /** Hungarian order: "1053 Budapest, Kossuth Lajos utca 12." */
    private boolean postcodeCityThenStreet(int i, int floor) {
      int pc = postcode(i);
      if (pc < 0) {
        return false;
      }
      int c = cityWords(pc);
      if (c == pc || c >= t.size || !t.isPunct(c, ',')) {
        return false;
      }
      for (int k = c + 1; k < t.size && k <= c + 1 + MAX_STREET_TOKENS; k++) {
        if (t.is(k, Tokens.NEWLINE_BEFORE)) {
          return false;
        }
        if (t.is(k, Tokens.DIGIT)) {
          if (streetBefore(k, c + 1) != c + 1 || !streetWord) {
            return false;
          }
          return found(EntityType.STREET_ADDRESS, i, units(numberEnd), 0.95);
        }
      }
      return false;
    }

    /**
     * A house number before the street: "12 Baker Street", "12 rue de la Paix", "22 Bishopsgate,
     * London EC2N 4BQ".
     */
    private boolean numberFirst(int i, int floor) {
      int n = houseNumber(i);
      if (n < 0 || n >= t.size || t.is(n, Tokens.NEWLINE_BEFORE)) {
        return false;
      }
      int p = n;
      if (inList(NUMBER_SUFFIXES, p) && !t.is(p, Tokens.UPPER_FIRST)) {
        p++;
      }
      boolean strong = true;
      int core = englishStreet(p);
      if (core < 0) {
        core = frenchStreet(p);
        strong = strongCore;
      }
      if (core < 0) {
        core = capitalisedWords(p, 3);
        strong = false;
        if (core == p) {
          return false;
        }
      }
      int u = units(core);
      int loc = locality(u);
      int start = prefix(i, floor);
      // a unit line before the number ("Level 2, 45 Lambton Quay") is evidence as good as a type
      if (!strong && !strongLocality && start == i) {
        return false;
      }
      return found(EntityType.STREET_ADDRESS, start, loc, score(core, u, loc));
    }

    /** A house number after the street: "Hauptstraße 5", "Via Roma 10", "Rua das Flores, 123". */
    private boolean numberAfter(int i, int floor) {
      int s = streetBefore(i, floor);
      if (s < 0) {
        return false;
      }
      // Without a postcode, a number that runs on into the sentence ("South Pole 100 yrs",
      // "First Leg 25 Feb") is no house number.
      boolean strong = strongCore && (numberEnd >= t.size || !word(numberEnd)
          || t.is(numberEnd, Tokens.NEWLINE_BEFORE)
          || (d.info(numberEnd) & Lexicon.FUNCTION) != 0);
      int u = units(numberEnd);
      int loc = locality(u);
      if (!strong && !strongLocality) {
        return false;
      }
      return found(EntityType.STREET_ADDRESS, prefix(s, floor), loc, score(numberEnd, u, loc));
    }

    /**
     * The street name that ends before house number {@code i} (and an optional comma), not
     * before {@code floor}: returns its first token, or -1; sets {@link #strongCore} and
     * {@link #numberEnd}.
     */
    private int streetBefore(int i, int floor) {
      int n = houseNumber(i);
      if (n < 0 || t.is(i, Tokens.NEWLINE_BEFORE)) {
        return -1;
      }
      int j = i - 1;
      if (j - 1 > floor && (t.isPunct(j, '.') || t.isPunct(j, ':')) && word(j - 1)
          && inList(NUMBER_MARKERS, j - 1)) {
        j -= 2;
      } else if (j > floor && word(j) && inList(NUMBER_MARKERS, j)) {
        j--;
      }
      if (j > floor && t.isPunct(j, ',')) {
        j--;
      }
      if (j < floor || (d.info(j) & (Lexicon.CALENDAR | Lexicon.FUNCTION)) != 0) {
        return -1;
      }
      int lo = j;
      while (lo > floor && j - lo < MAX_STREET_TOKENS && !t.is(lo, Tokens.NEWLINE_BEFORE)
          && streetToken(lo - 1)) {
        lo--;
      }
      if (!streetToken(lo)) {
        return -1;
      }
      int s = tailStreet(lo, j);
      if (s < 0) {
        s = leadStreet(lo, j);
      }
      streetWord = s >= 0;
      if (s < 0) {
        s = j + 1 - capitalisedWordsBefore(j, lo, 3);
        strongCore = false;
        // A lone capitalised word opening a sentence ("Chapter 5") counts only on a line of its
        // own, where a postcode line must follow ("Velebitska 58\n15670 Donja Stubica").
        if (s > j || sentenceInitial(s) && s == j && !t.is(s, Tokens.NEWLINE_BEFORE)) {
          return -1;
        }
      }
      // Without capitals every word looks like a name: a street needs a postcode after it.
      strongCore &= mixedCase;
      numberEnd = n;
      if (n < t.size && t.isPunct(n, '.') && adjacent(n) && dottedNumbers(s, j)) {
        numberEnd = n + 1;
      }
      // Finnish stair and flat: "Hämeenkatu 10 A 5"
      if (numberEnd + 1 < t.size && numberEnd == n && t.length(n) == 1 && t.is(n, Tokens.ALL_UPPER)
          && digitsOnly(n + 1) && t.length(n + 1) <= 3 && !t.is(n, Tokens.NEWLINE_BEFORE)) {
        numberEnd = n + 2;
      }
      return s;
    }

    /** A token that may stand in a street name: a word, or the dot or slash of an abbreviation. */
    private boolean streetToken(int k) {
      if (k < 0) {
        return false;
      }
      if (word(k)) {
        return true;
      }
      return k > 0 && (t.isPunct(k, '.') || t.isPunct(k, '/')) && adjacent(k) && word(k - 1);
    }

    /**
     * "Mariahilfer Straße", "Kossuth Lajos utca", "Hauptstraße", "Bahnhofstr.": the type ends at
     * {@code j}.
     */
    private int tailStreet(int lo, int j) {
      int w = j;
      boolean dotted = false;
      if (t.isPunct(j, '.') && j > lo) {
        w = j - 1;
        dotted = true;
      }
      if (!word(w)) {
        return -1;
      }
      int kinds = kinds(w);
      if ((kinds & AddressVocabulary.F_TAIL) != 0 && w > lo
          && (d.info(w) & Lexicon.FUNCTION) == 0) {
        int names = capitalisedWordsBefore(w - 1, lo, 3);
        if (names > 0) {
          // A lowercase type ("utca", "gate") may be an ordinary word: it needs a postcode too.
          strongCore = (kinds & AddressVocabulary.F_TAIL_FIRST) == 0
              && (t.is(w, Tokens.UPPER_FIRST) || !mixedCase);
          return w - names;
        }
      }
      if (!capitalised(w)) {
        return -1;
      }
      int suffix = vocabulary.suffix(t.chars, t.start[w], t.end[w], 3);
      if ((suffix & AddressVocabulary.F_SUFFIX) != 0 && !dotted
          || (suffix & AddressVocabulary.F_ABBREVIATED_SUFFIX) != 0 && dotted) {
        int s = w - 1 >= lo && !sentenceInitial(w - 1)
            ? w - capitalisedWordsBefore(w - 1, lo, 1) : w;
        strongCore = !sentenceInitial(s) || s < w;
        return s;
      }
      return -1;
    }

    /**
     * "Via Roma", "Avenida de la Constitución", "ul. Marszałkowska", "C/ Alcalá": the name ends at
     * {@code j}.
     */
    private int leadStreet(int lo, int j) {
      for (int k = lo; k < j; k++) {
        if (!word(k)) {
          continue;
        }
        boolean abbreviated = k + 1 <= j && (t.isPunct(k + 1, '.') || t.isPunct(k + 1, '/'))
            && adjacent(k + 1);
        boolean slash = abbreviated && t.isPunct(k + 1, '/') && t.length(k) == 1
            && (t.first(k) == 'C' || t.first(k) == 'c');
        int kinds = slash ? AddressVocabulary.F_LEAD : kinds(k);
        if ((kinds & AddressVocabulary.F_LEAD) == 0
            || !capitalised(k) && !abbreviated && mixedCase
            || t.length(k) <= 2 && !abbreviated) {
          continue;
        }
        if (nameAfterType(abbreviated ? k + 2 : k + 1, j)) {
          strongCore = (kinds & AddressVocabulary.F_TAIL_FIRST) == 0;
          return k;
        }
      }
      return -1;
    }

    /** True if {@code [from, to]} are name words and connectors, ending on a capitalised word. */
    private boolean nameAfterType(int from, int to) {
      if (from > to || !capitalised(to)) {
        return false;
      }
      for (int k = from; k <= to; k++) {
        if (!(capitalised(k) || word(k) && inList(CONNECTORS, k)
            || t.isPunct(k, '.') && adjacent(k))) {
          return false;
        }
      }
      return true;
    }

    private boolean dottedNumbers(int s, int j) {
      for (int k = s; k <= j; k++) {
        if (word(k) && (kinds(k) & AddressVocabulary.F_DOTTED_NUMBER) != 0) {
          return true;
        }
      }
      return false;
    }

    /** French order: "12 rue de la Paix", "5 avenue des Champs-Élysées". */
    private int frenchStreet(int p) {
      if (p >= t.size || !word(p) || t.is(p, Tokens.NEWLINE_BEFORE)) {
        return -1;
      }
      int kinds = kinds(p);
      if ((kinds & AddressVocabulary.F_LEAD_FIRST) == 0) {
        return -1;
      }
      int q = p + 1;
      if (q < t.size && t.isPunct(q, '.') && adjacent(q)) {
        q++;
      }
      int last = -1;
      for (int k = q; k < t.size && k - q < MAX_NAME_WORDS && !t.is(k, Tokens.NEWLINE_BEFORE);
          k++) {
        if (capitalised(k)) {
          last = k;
        } else if (!(word(k) && inList(CONNECTORS, k))) {
          break;
        }
      }
      if (last < 0) {
        return -1;
      }
      strongCore = (kinds & AddressVocabulary.F_TAIL_FIRST) == 0;
      return last + 1;
    }

    /**
     * Parses [direction] name words and an English street type from {@code i}; returns the index
     * after it, or -1.
     */
    private int englishStreet(int i) {
      int p = i;
      if (p < t.size && inList(DIRECTIONS, p) && p + 1 < t.size) {
        p++;
        if (p < t.size && t.isPunct(p, '.')) {
          p++;
        }
      }
      int typeEnd = -1;
      int words = 0;
      boolean lowercase = false;
      while (p < t.size && words < MAX_NAME_WORDS + 1 && nameWord(p)) {
        if (t.is(p, Tokens.NEWLINE_BEFORE)) {
          break;
        }
        lowercase |= mixedCase && !t.is(p, Tokens.UPPER_FIRST) && !ordinal(p);
        words++;
        if (lowercase && words > 3) {
          break;
        }
        // Lowercase streets inside normal prose need an unambiguous street type; so do streets in
        // text without capitals, unless the line or a comma ends them ("7 hour drive tomorrow").
        if (words >= 2 && (lowercase ? inList(PLAIN_TYPES, p)
            : streetType(p) && (mixedCase || inList(PLAIN_TYPES, p) || endsStreet(p + 1)))) {
          typeEnd = p + 1;
        }
        p++;
      }
      if (typeEnd < 0) {
        return -1;
      }
      lowercaseStreet = lowercase;
      p = typeEnd;
      if (p < t.size && t.isPunct(p, '.') && adjacent(p) && inList(ABBREVIATED_TYPES, p - 1)) {
        p++;
      }
      if (p < t.size && inList(DIRECTIONS, p) && t.length(p) <= 2
          && !t.is(p, Tokens.NEWLINE_BEFORE)) {
        p++;
      }
      return p;
    }

    private boolean endsStreet(int p) {
      return p >= t.size || t.is(p, Tokens.NEWLINE_BEFORE) || t.isPunct(p, ',')
          || t.isPunct(p, '.') && (p + 1 >= t.size || !adjacent(p + 1));
    }

    private boolean streetType(int i) {
      return t.is(i, Tokens.LETTER) && (d.info(i) & Lexicon.STREET_TYPE) != 0;
    }

    /** Units and floors before the street ("Flat 3, ", "3rd floor, ") and a "c/o" line above it. */
    private int prefix(int s, int floor) {
      if (s - 2 >= floor && t.isPunct(s - 1, ',')) {
        for (int k = Math.max(floor, s - 6); k < s - 1; k++) {
          if (unit(k) == s - 1) {
            s = k;
            break;
          }
        }
      }
      if (t.is(s, Tokens.NEWLINE_BEFORE)) {
        for (int k = s - 3; k >= floor && s - k < 12; k--) {
          if (careOf(k)) {
            return k;
          }
          if (t.is(k, Tokens.NEWLINE_BEFORE)) {
            break;
          }
        }
      }
      return s;
    }

    /** Units after the street: [,] unit, up to three times; returns the index after the last. */
    private int units(int p) {
      for (int n = 0; n < 3; n++) {
        int q = p < t.size && t.isPunct(p, ',') ? p + 1 : p;
        int u = unit(q);
        if (u < 0) {
          break;
        }
        p = u;
      }
      return p;
    }

    /**
     * One unit: "Apt. 4B", "#12", "Suite 200", "lgh 1102", "m. 4", "3rd floor", "3º B",
     * "2.º Esq.", "2. th.", "Col. Crédito Constructor"; returns the index after it, or -1.
     */
    private int unit(int q) {
      if (q >= t.size) {
        return -1;
      }
      if (t.isPunct(q, '#')) {
        return q + 1 < t.size && identifier(q + 1) ? q + 2 : -1;
      }
      if (word(q)) {
        if (inList(BUILDING_PARTS, q)) {
          return q + 1;
        }
        if (careOf(q)) {
          return unit(q + 3);  // "c/o 2. OG": only before a unit, not before a name
        }
        if (inList(DISTRICTS, q)) {
          int r = q + 1 < t.size && t.isPunct(q + 1, '.') ? q + 2 : q + 1;
          int c = capitalisedWords(r, 3);
          return c > r ? c : -1;
        }
        int r = phraseAt(q, AddressVocabulary.F_UNIT | AddressVocabulary.F_LEVEL);
        if (r < 0 && t.length(q) == 1 && t.is(q, Tokens.HAS_LOWER) && q + 2 < t.size
            && t.isPunct(q + 1, '.') && digitsOnly(q + 2)) {
          r = q + 2;  // a one-letter unit word: "m. 4"
        }
        if (r < 0 || r >= t.size || t.is(r, Tokens.NEWLINE_BEFORE)) {
          return -1;
        }
        if (t.isPunct(r, '#') && r + 1 < t.size) {
          r++;
        }
        return identifier(r) ? r + 1 : -1;
      }
      if (!Character.isDigit(t.first(q)) || t.length(q) > 4) {
        return -1;
      }
      int r;
      if (ordinal(q) && q + 1 < t.size && word(q + 1)
          && (kinds(q + 1) & AddressVocabulary.F_LEVEL) != 0) {
        return q + 2;
      } else if (digitsOnly(q) && t.length(q) <= 2 && q + 2 < t.size && t.isPunct(q + 1, '.')
          && adjacent(q + 1) && word(q + 2) && (kinds(q + 2) & AddressVocabulary.F_LEVEL) != 0) {
        return q + 3;  // a German ordinal floor: "2. OG", "3. Stock"
      } else if (t.is(q, Tokens.LETTER) && isOrdinalMark(t.text.charAt(t.end[q] - 1))) {
        r = q + 1;
      } else if (q + 2 < t.size && t.isPunct(q + 1, '.') && adjacent(q + 1)
          && (t.length(q + 2) == 1 && isOrdinalMark(t.first(q + 2)) && adjacent(q + 2)
          || inList(SIDES, q + 2))) {
        r = inList(SIDES, q + 2) ? q + 2 : q + 3;
      } else {
        return -1;
      }
      if (r < t.size && !t.is(r, Tokens.NEWLINE_BEFORE)
          && (t.length(r) == 1 && t.is(r, Tokens.ALL_UPPER) || inList(SIDES, r))) {
        r++;
        if (r < t.size && t.isPunct(r, '.') && adjacent(r)) {
          r++;
        }
      }
      return r;
    }

    /** "c/o" at token {@code k}. */
    private boolean careOf(int k) {
      return k + 2 < t.size && t.equalsIgnoreCase(k, "c") && t.isPunct(k + 1, '/')
          && t.equalsIgnoreCase(k + 2, "o");
    }

    private boolean identifier(int r) {
      if (r >= t.size || t.is(r, Tokens.NEWLINE_BEFORE) || t.length(r) > 6) {
        return false;
      }
      return t.is(r, Tokens.DIGIT) || t.length(r) == 1 && t.is(r, Tokens.LETTER);
    }

    private boolean isOrdinalMark(char c) {
      return c == 'º' || c == 'ª' || c == '°';
    }

    // ---- localities -----------------------------------------------------------------------

    /**
     * Parses locality segments after {@code p}, each after a comma, a spaced dash or a line break:
     * postcode [city], city [state] [postcode], a state code, a country. A city alone is kept only
     * when a later segment follows or it is a known city. Returns the index after the last kept
     * segment ({@code p} if none); sets {@link #strongLocality}.
     */
    private int locality(int p) {
      boolean strong = false;
      int kept = p;
      int q = p;
      for (int seg = 0; seg < 6; seg++) {
        int a = separator(q);
        if (a < 0) {
          break;
        }
        int e = postcodeSegment(a);
        if (e > 0) {
          kept = q = e;
          strong = true;
          continue;
        }
        e = country(a);
        if (e > 0 && cityWords(a) <= e && stateAndPostcode(e) < 0) {
          kept = e;
          break;
        }
        if (strong && regionCode(a) && !t.is(a, Tokens.NEWLINE_BEFORE)) {
          kept = q = a + 1;
          continue;
        }
        int c = cityWords(a);
        if (c == a) {
          break;
        }
        c = district(c);
        e = stateAndPostcode(c);
        if (e > 0) {
          kept = q = e;
          // "Auckland 1010": four bare digits after a city back a street word, not stand for one
          strong |= !weakPostcode;
          continue;
        }
        if (t.is(a, Tokens.NEWLINE_BEFORE) && label(c)) {
          break;
        }
        q = c;
        // a city alone: at the end of a clause, or after a comma and all in capitals
        if (endsClause(c)
            || mixedCase && t.isPunct(a - 1, ',') && !t.is(a, Tokens.NEWLINE_BEFORE)) {
          kept = c;
        }
      }
      strongLocality = strong;
      return kept;
    }

    /** True if a line's first words end at {@code c} as a label does: "Tel. +421 ...", "Email: ...". */
    private boolean label(int c) {
      return c + 1 < t.size && (t.isPunct(c, '.') || t.isPunct(c, ':'))
          && !t.is(c + 1, Tokens.NEWLINE_BEFORE);
    }

    /** True if the text, its line or its sentence ends at token {@code c}. */
    private boolean endsClause(int c) {
      if (c >= t.size || t.is(c, Tokens.NEWLINE_BEFORE)) {
        return true;
      }
      return (t.isPunct(c, '.') || t.isPunct(c, ';') || t.isPunct(c, ')'))
          && (c + 1 >= t.size || t.is(c + 1, Tokens.NEWLINE_BEFORE) || !adjacent(c + 1));
    }

    private int separator(int q) {
      if (q >= t.size) {
        return -1;
      }
      if (t.isPunct(q, ',')) {
        return q + 1 < t.size ? q + 1 : -1;
      }
      if (t.is(q, Tokens.NEWLINE_BEFORE)) {
        return q;
      }
      if (t.isPunct(q, '-') && !adjacent(q) && q + 1 < t.size) {
        return q + 1;
      }
      return -1;
    }

    /** postcode [city words [district] [province code]], or "C.P. 04000". */
    private int postcodeSegment(int a) {
      int p = a;
      int cue = phraseAt(p, AddressVocabulary.F_POSTCODE_CUE);
      if (cue > 0) {
        p = cue;
        if (p < t.size && t.isPunct(p, ':')) {
          p++;
        }
      }
      int pc = postcode(p);
      if (pc < 0) {
        return -1;
      }
      boolean bare = bareFourDigits;
      int c = cityWords(pc);
      if (c == pc || bare && cue < 0 && !mixedCase) {
        return bare && cue < 0 ? -1 : pc;
      }
      c = district(c);
      if (c < t.size && regionCode(c) && !t.is(c, Tokens.NEWLINE_BEFORE)) {
        c++;
      }
      return c;
    }

    /** [, | -] state [,] [postcode], or a postcode right after the city; -1 if neither. */
    private int stateAndPostcode(int c) {
      if (c >= t.size) {
        return -1;
      }
      int p = c;
      if (!t.is(p, Tokens.NEWLINE_BEFORE)) {
        int direct = postcode(p);
        if (direct > 0 && !(bareFourDigits && yearLike(p))) {
          weakPostcode = bareFourDigits;
          return direct;
        }
      }
      weakPostcode = false;
      boolean separated = t.isPunct(p, ',') || t.isPunct(p, '-') && !adjacent(p);
      if (separated) {
        p++;
      }
      if (p >= t.size || t.is(p, Tokens.NEWLINE_BEFORE)) {
        return -1;
      }
      int stateEnd = -1;
      if (isStateCode(p, mixedCase && postcodeAfter(p + 1) < 0)
          || mixedCase && regionCode(p) && (separated || postcodeAfter(p + 1) > 0)) {
        stateEnd = p + 1;
      } else {
        stateEnd = stateName(p);
      }
      if (stateEnd < 0) {
        return -1;
      }
      int zip = postcodeAfter(stateEnd);
      return zip > 0 ? zip : stateEnd;
    }

    private int postcodeAfter(int p) {
      if (p < t.size && t.isPunct(p, ',')) {
        p++;
      }
      return p < t.size && !t.is(p, Tokens.NEWLINE_BEFORE) ? postcode(p) : -1;
    }

    /** "Praha 1", "Dublin 2", "København K": a district right after a city. */
    private int district(int c) {
      if (c < t.size && !t.is(c, Tokens.NEWLINE_BEFORE)
          && (digitsOnly(c) && t.length(c) <= 2 && isolated(c)
          || t.length(c) == 1 && t.is(c, Tokens.ALL_UPPER))) {
        return c + 1;
      }
      return c;
    }

    /** A province or state code in mixed-case text: "NSW", "QC", "MI", "SP", "CDMX". */
    private boolean regionCode(int p) {
      return mixedCase && word(p) && t.is(p, Tokens.ALL_UPPER) && t.length(p) >= 2
          && t.length(p) <= 4;
    }

    /** City words from {@code p}: returns the index after them ({@code p} if none). */
    private int cityWords(int p) {
      int words = 0;
      int end = p;
      for (int k = p; k < t.size && words < 4 && k - p < 8; k++) {
        if (k > p && t.is(k, Tokens.NEWLINE_BEFORE)) {
          break;
        }
        if (cityWord(k)) {
          words++;
          end = k + 1;
        } else if (t.isPunct(k, '.') && k == end && adjacent(k) && t.length(k - 1) <= 3
            && k + 1 < t.size && cityWord(k + 1) && !t.is(k + 1, Tokens.NEWLINE_BEFORE)) {
          continue;
        } else if (!(words > 0 && word(k) && inList(CONNECTORS, k))) {
          break;
        }
      }
      return end;
    }

    private boolean cityWord(int k) {
      if (!word(k) || (d.info(k) & Lexicon.CALENDAR) != 0) {
        return false;
      }
      if (mixedCase && !lowercaseStreet) {
        return t.is(k, Tokens.UPPER_FIRST) && (t.is(k, Tokens.HAS_LOWER) || t.length(k) >= 4)
            && !inList(CLAUSE_WORDS, k);
      }
      return (d.info(k) & Lexicon.FUNCTION) == 0 && !isStateCode(k, false);
    }

    private int country(int a) {
      int e = phraseAt(a, AddressVocabulary.F_COUNTRY, false);
      if (e > 0) {
        return e;
      }
      int c = cityWords(a);
      return c > a && knownPlace(a, c, Lexicon.P_COUNTRY) ? c : -1;
    }

    private boolean knownPlace(int from, int to, int kind) {
      if (to - from > Lexicon.MAX_PHRASE) {
        return false;
      }
      long h = 0;
      for (int k = from; k < to; k++) {
        h = Hashing.combine(h, t.lowerHash(k));
      }
      return (lexicon.phrase(h) & kind) != 0;
    }

    private int stateName(int i) {
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

    private boolean isStateCode(int i, boolean mixedCase) {
      if (t.length(i) != 2 || !t.is(i, Tokens.LETTER) || mixedCase && !t.is(i, Tokens.ALL_UPPER)) {
        return false;
      }
      return listed(STATE_CODES, t.text, t.start[i], t.end[i], true);
    }

    // ---- postcodes ------------------------------------------------------------------------

    /**
     * A postcode from {@code p}: US ZIP (+4), 4 or 5 digits, NL "1012 AB", SE/CZ "114 55",
     * PL "00-950", PT "1100-148", BR "01310-100", JP "100-0001", UK "SW1A 2AA", CA "K1A 0B1",
     * IE "D02 VF25", AR "C1043AAZ". Returns the index after it, or -1; sets
     * {@link #bareFourDigits}.
     */
    private int postcode(int p) {
      bareFourDigits = false;
      if (p >= t.size || t.is(p, Tokens.EMBEDDED)) {
        return -1;
      }
      int len = t.length(p);
      if (digitsOnly(p)) {
        if (!isolatedBefore(p) || len < 2 || len > 5) {
          return -1;
        }
        boolean dash = p + 2 < t.size && t.isPunct(p + 1, '-') && adjacent(p + 1) && adjacent(p + 2)
            && digitsOnly(p + 2);
        int dashed = dash ? t.length(p + 2) : 0;
        if (dash && (len == 5 && (dashed == 3 || dashed == 4) || len == 4 && dashed == 3
            || len == 3 && dashed == 4 || len == 2 && dashed == 3)) {
          return isolatedAfter(p + 2) ? p + 3 : -1;
        }
        if (!isolatedAfter(p)) {
          return -1;
        }
        boolean next = p + 1 < t.size && !t.is(p + 1, Tokens.NEWLINE_BEFORE);
        if (len == 5) {
          return p + 1;
        }
        if (len == 3 && next && digitsOnly(p + 1) && t.length(p + 1) == 2 && isolatedAfter(p + 1)) {
          return p + 2;
        }
        if (len == 4) {
          if (next && word(p + 1) && t.length(p + 1) == 2 && t.is(p + 1, Tokens.ALL_UPPER)
              && !yearLike(p)) {
            return p + 2;
          }
          bareFourDigits = true;
          return p + 1;
        }
        return -1;
      }
      if (!t.is(p, Tokens.LETTER) || !t.is(p, Tokens.DIGIT)
          || mixedCase && t.is(p, Tokens.HAS_LOWER)) {
        return -1;
      }
      if (len == 8 && shape(p, "ADDDDAAA")) {
        return p + 1;
      }
      if (p + 1 >= t.size || t.is(p + 1, Tokens.NEWLINE_BEFORE)
          || mixedCase && t.is(p + 1, Tokens.HAS_LOWER)) {
        return -1;
      }
      if (len == 3 && t.length(p + 1) == 3 && shape(p, "ADA") && shape(p + 1, "DAD")) {
        return p + 2;
      }
      if (len == 3 && t.length(p + 1) == 4 && shape(p, "ADD") && t.is(p + 1, Tokens.LETTER)
          && t.is(p + 1, Tokens.DIGIT)) {
        return p + 2;
      }
      if (ukOutward(p) && ukInward(p + 1)) {
        return p + 2;
      }
      return -1;
    }

    /**
     * Four bare digits that may be a year: any in text without capitals ("due 2010"), else
     * 1900 to 2099.
     */
    private boolean yearLike(int p) {
      if (!mixedCase) {
        return true;
      }
      char a = t.first(p);
      char b = t.chars[t.start[p] + 1];
      return a == '1' && b == '9' || a == '2' && b == '0';
    }

    /** "A" a letter, "D" a digit. */
    private boolean shape(int p, String shape) {
      int b = t.start[p];
      for (int k = 0; k < shape.length(); k++) {
        char c = t.chars[b + k];
        if (shape.charAt(k) == 'A' ? !(c >= 'A' && c <= 'Z') : !(c >= '0' && c <= '9')) {
          return false;
        }
      }
      return true;
    }

    private boolean ukOutward(int i) {
      int len = t.length(i);
      return len >= 2 && len <= 4 && t.is(i, Tokens.DIGIT) && t.is(i, Tokens.LETTER)
          && Character.isLetter(t.first(i)) && !(mixedCase && t.is(i, Tokens.HAS_LOWER));
    }

    private boolean ukInward(int i) {
      if (t.length(i) != 3) {
        return false;
      }
      int b = t.start[i];
      char[] s = t.chars;
      return Character.isDigit(s[b]) && Character.isLetter(s[b + 1]) && Character.isLetter(s[b + 2])
          && !(mixedCase && t.is(i, Tokens.HAS_LOWER));
    }

    /**
     * A postcode outside an address: after a cue ("ZIP", "PLZ", "code postal", "〒"), after a
     * known city ("Berlin 10115", "San Francisco, CA 94107"), or, in a shape other than bare
     * digits of 4, before a capitalised word ("75011 Paris").
     */
    private boolean standaloneZip(int i, int floor) {
      int pc = postcode(i);
      if (pc < 0) {
        return false;
      }
      if (cueBefore(i, floor)) {
        return found(EntityType.ZIP_CODE, i, pc, 0.85);
      }
      if (bareFourDigits) {
        return false;
      }
      int k = i - 1;
      if (k > floor && (isStateCode(k, true) || regionCode(k))) {
        k--;
        if (k > floor && t.isPunct(k, ',')) {
          k--;
        }
      }
      for (int from = k; from >= floor && k - from < 3; from--) {
        if (!cityWord(from)) {
          break;
        }
        if (knownPlace(from, k + 1, Lexicon.P_CITY)) {
          return found(EntityType.ZIP_CODE, i, pc, 0.8);
        }
      }
      if (pc >= t.size || t.is(pc, Tokens.NEWLINE_BEFORE) || !cityWord(pc)
          || !t.is(pc, Tokens.HAS_LOWER) || (d.info(pc) & Lexicon.FUNCTION) != 0
          || !digitsOnly(pc - 1)) {
        return false;
      }
      // Before a city: digits of 5, "114 55", "00-950"; "1012 AB" only before a known city.
      boolean letters = pc - i == 2 && t.is(i + 1, Tokens.LETTER);
      if (letters && !knownPlace(pc, cityWords(pc), Lexicon.P_CITY)) {
        return false;
      }
      return found(EntityType.ZIP_CODE, i, pc, 0.8);
    }

    private boolean cueBefore(int i, int floor) {
      for (int k = i - 1; k >= floor && i - k <= 6; k--) {
        if (t.is(k, Tokens.DIGIT)) {
          return false;
        }
        if (t.length(k) == 1 && t.first(k) == '〒') {
          return true;
        }
        if (word(k) && phraseEndingAt(k + 1, floor, AddressVocabulary.F_POSTCODE_CUE) >= 0) {
          return true;
        }
        if (t.is(k, Tokens.NEWLINE_BEFORE)) {
          return false;
        }
      }
      return false;
    }

    // ---- tokens ---------------------------------------------------------------------------

    /**
     * The house number at {@code i}: "12", "27a", "221B", "43-45", "10/12", "1-1"; the index after
     * it, or -1.
     */
    private int houseNumber(int i) {
      int len = t.length(i);
      if (!Character.isDigit(t.first(i)) || len > 6 || !isolated(i)) {
        return -1;
      }
      int b = t.start[i];
      int digits = 0;
      while (digits < len && Character.isDigit(t.chars[b + digits])) {
        digits++;
      }
      if (digits > 5 || len - digits > 1) {
        return -1;
      }
      if (len > digits) {
        char c = t.chars[b + len - 1];
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
          return -1;
        }
      }
      int e = i + 1;
      if (e + 1 < t.size && (t.isPunct(e, '-') || t.isPunct(e, '/')) && adjacent(e)
          && adjacent(e + 1)
          && Character.isDigit(t.first(e + 1)) && t.length(e + 1) <= 4) {
        e += 2;
      }
      return e;
    }

    /** Not part of a longer number, date, time, version or amount ("2.14.3", "10:30", "$12"). */
    private boolean isolated(int i) {
      return isolatedBefore(i) && isolatedAfter(i);
    }

    private boolean isolatedBefore(int i) {
      if (i == 0 || !adjacent(i)) {
        return true;
      }
      int p = i - 1;
      char c = t.first(p);
      if (t.length(p) != 1 || Character.isLetterOrDigit(c)) {
        return true;
      }
      if (c == '$' || c == '€' || c == '£' || c == '#' || c == '+') {
        return false;
      }
      return !(p > 0 && adjacent(p) && t.is(p - 1, Tokens.DIGIT)
          && (c == '.' || c == ',' || c == ':' || c == '/' || c == '-'));
    }

    private boolean isolatedAfter(int i) {
      int n = i + 1;
      if (n + 1 >= t.size || !adjacent(n) || !adjacent(n + 1) || !t.is(n + 1, Tokens.DIGIT)) {
        return true;
      }
      char c = t.first(n);
      return t.length(n) != 1 || !(c == '.' || c == ',' || c == ':');
    }

    /**
     * Starts a sentence, so a capital says nothing; a value after a label ("Address: Bryggen 5")
     * does not count.
     */
    private boolean sentenceInitial(int k) {
      return t.is(k, Tokens.SENTENCE_START) && !(k > 0 && t.isPunct(k - 1, ':'));
    }

    /** True if token {@code k} touches the token before it. */
    private boolean adjacent(int k) {
      return k > 0 && t.start[k] == t.end[k - 1];
    }

    private boolean word(int k) {
      return k >= 0 && k < t.size && t.is(k, Tokens.LETTER) && !t.is(k, Tokens.DIGIT);
    }

    private boolean digitsOnly(int k) {
      return t.is(k, Tokens.DIGIT) && !t.is(k, Tokens.LETTER) && Character.isDigit(t.first(k));
    }

    private boolean capitalised(int k) {
      return word(k) && (t.is(k, Tokens.UPPER_FIRST) || !mixedCase)
          && (d.info(k) & Lexicon.FUNCTION) == 0;
    }

    /** Capitalised words from {@code p}, at most {@code max} on one line; the index after them. */
    private int capitalisedWords(int p, int max) {
      int k = p;
      while (k < t.size && k - p < max && capitalised(k) && (d.info(k) & Lexicon.CALENDAR) == 0
          && !t.is(k, Tokens.NEWLINE_BEFORE)) {
        k++;
      }
      return k;
    }

    /**
     * How many capitalised words end at {@code j} going back, not before {@code lo}, at most
     * {@code max}.
     */
    private int capitalisedWordsBefore(int j, int lo, int max) {
      int n = 0;
      for (int k = j; k >= lo && n < max && capitalised(k); k--) {
        n++;
        if (t.is(k, Tokens.NEWLINE_BEFORE)) {
          break;
        }
      }
      return n;
    }

    private boolean nameWord(int i) {
      if (ordinal(i)) {
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

    private boolean ordinal(int i) {
      int len = t.length(i);
      if (len < 3 || !Character.isDigit(t.first(i))) {
        return false;
      }
      return listed(ORDINAL_SUFFIXES, t.text, t.end[i] - 2, t.end[i], false)
          && Character.isDigit(t.text.charAt(t.end[i] - 3));
    }

    private boolean inList(Words list, int i) {
      if (t.length(i) > 12) {
        return false;
      }
      return listed(list, t.text, t.start[i], t.end[i], false);
    }

    /** The vocabulary kinds of the single word {@code k}; none for English function words. */
    private int kinds(int k) {
      if ((d.info(k) & Lexicon.FUNCTION) != 0) {
        return 0;
      }
      return vocabulary.phrase(Hashing.combine(0, d.lower(k)));
    }

    /**
     * The longest vocabulary phrase of one of {@code mask}'s kinds that starts at {@code q} (dots
     * between its words left out); returns the index after it and any dot that ends it, or -1.
     */
    private int phraseAt(int q, int mask) {
      return phraseAt(q, mask, true);
    }

    private int phraseAt(int q, int mask, boolean trailingDot) {
      long h = 0;
      int best = -1;
      int p = q;
      for (int w = 0; w < AddressVocabulary.MAX_WORDS && p < t.size; w++) {
        if (!word(p) || p > q && t.is(p, Tokens.NEWLINE_BEFORE)) {
          break;
        }
        h = Hashing.combine(h, d.lower(p));
        int f = vocabulary.phrase(h);
        p++;
        if ((f & mask) != 0) {
          best = p;
        }
        if (p < t.size && t.isPunct(p, '.') && adjacent(p)) {
          p++;
          if ((f & mask) != 0 && trailingDot) {
            best = p;
          }
        }
        if ((f & AddressVocabulary.F_PREFIX) == 0) {
          break;
        }
      }
      return best;
    }

    /**
     * The first token of the longest vocabulary phrase of one of {@code mask}'s kinds that ends
     * right before {@code end} (dots left out), on one line and not before {@code floor}; or -1.
     */
    private int phraseEndingAt(int end, int floor, int mask) {
      int last = end - 1;
      if (last >= floor && t.isPunct(last, '.')) {
        last--;
      }
      if (last < floor || !word(last) || (kinds(last) & AddressVocabulary.F_LAST) == 0) {
        return -1;
      }
      int best = -1;
      int k = end - 1;
      int words = 0;
      while (k >= floor && words < AddressVocabulary.MAX_WORDS && end - k <= 2 * words + 2) {
        if (t.isPunct(k, '.')) {
          k--;
          continue;
        }
        if (!word(k)) {
          break;
        }
        words++;
        long h = 0;
        for (int w = k; w < end; w++) {
          if (word(w)) {
            h = Hashing.combine(h, d.lower(w));
          }
        }
        if ((vocabulary.phrase(h) & mask) != 0) {
          best = k;
        }
        if (t.is(k, Tokens.NEWLINE_BEFORE)) {
          break;
        }
        k--;
      }
      return best;
    }
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
}
