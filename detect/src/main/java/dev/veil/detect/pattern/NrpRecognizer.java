package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Nationality, religious or political group (Presidio's NRP; special-category data under GDPR
 * Art. 9): demonyms and languages ("German", "Nigerians", "South African"), religions and their
 * adherents ("Muslim", "Catholic", "atheist"), political groups ("Democrat", "Tories",
 * "socialist").
 *
 * <p>The words come from {@code nrp.txt} beside this class, each with a class: capitalised
 * nationalities, religions and parties count when capitalised; "atheist" and "agnostic" in any
 * case; political words that are also ordinary adjectives ("conservative", "liberal",
 * "socialist") only as a group membership, after "a", "is", "lifelong"... and before the end of
 * the clause or a word such as "and" or "like" ("a conservative estimate" is none). A word
 * followed by a word that makes it a dish, breed, place or body ("French fries", "German
 * shepherd", "Dominican Republic", "Republican Party", "European Union") is none, and "Polish"
 * opening a sentence before "the" is a verb. Countries ("Turkey", "China") are places, not NRP.
 *
 * <p>One pass over the words of the text; each word of 3 to 24 chars is hashed in place (lowercase)
 * and looked up in an open-addressing table, so the scan allocates nothing per word.
 */
public final class NrpRecognizer implements Recognizer {

  private static final byte NATIONALITY = 'D';
  private static final byte RELIGION = 'R';
  private static final byte RELIGION_ANY_CASE = 'r';
  private static final byte PARTY = 'P';
  private static final byte POLITICAL_WORD = 'p';

  private static final int MAX_WORD = 24;

  static final double LISTED_SCORE = 0.96;
  static final double BESIDE_NAME_SCORE = 0.75;
  /** Under the detectors' default minimum score: kept only by a detector that asks for less. */
  static final double OPENS_PROPER_NOUN_SCORE = 0.35;

  /** Capitalised words before a listed word that are no part of a name: "The German team". */
  private static final Set<String> NOT_NAMES = Set.of("the", "a", "an", "my", "our", "his", "her",
      "their", "your", "its", "this", "that", "these", "those", "many", "some", "two", "three",
      "both", "all", "most", "few", "several", "as", "in", "for", "of", "i'm", "he's", "she's",
      "we", "they", "he", "she", "i", "dear", "no", "every", "each", "other", "young", "old");

  /**
   * Words before a language name that make it the language of a text, not a person's group:
   * "Answer in English", "translate it into German".
   */
  private static final Set<String> LANGUAGE_USE = Set.of("in", "into", "to", "translate",
      "translated", "reply", "respond", "answer", "write", "written");

  /** Words between "in" and a language: "in plain English", "into simple German". */
  private static final Set<String> LANGUAGE_STYLE = Set.of("plain", "simple", "simpler", "clear",
      "good", "proper", "formal", "informal", "basic", "easy", "standard", "modern", "business",
      "everyday", "fluent", "british", "american");

  /** True if the language name at {@code i} is the language of a text, not a person's group. */
  private static boolean languageOfText(CharSequence s, int i) {
    String prev = previousWord(s, i);
    if (LANGUAGE_USE.contains(prev)) {
      return true;
    }
    return LANGUAGE_STYLE.contains(prev)
        && LANGUAGE_USE.contains(previousWord(s, i - prev.length() - 1));
  }

  /** True if {@code word} (lower case) before a language name makes it the language of a text. */
  public static boolean languageUse(String word) {
    return LANGUAGE_USE.contains(word);
  }

  /** Next words that make a demonym part of something else. */
  private static final Set<String> NOT_BEFORE = Set.of("fries", "shepherd", "shepherds",
      "pastry", "pastries", "toast", "dressing", "horn", "kiss", "delight", "braid", "republic",
      "ocean", "sea", "gulf", "empire", "airlines", "airways", "express", "party", "parties",
      "cheese", "roulette", "knife", "army", "union", "commission", "parliament", "council",
      "court", "championship", "cup", "league", "bulldog", "setter", "terrier", "poodle", "roll",
      "bath", "whispers", "oven", "door", "doors", "muffin", "muffins", "yoghurt", "yogurt",
      "coffee", "vanilla", "press", "manicure", "central", "museum", "institute",
      "university", "association", "society", "federation", "broadcasting", "open", "grand",
      "academy", "college", "foundation");

  /** Words before a political word that make it a membership: "a socialist", "is liberal". */
  private static final Set<String> MEMBERSHIP_CUES = Set.of("a", "an", "as", "lifelong",
      "staunch", "committed", "devout", "fellow", "convinced", "radical", "moderate", "is", "are",
      "was", "were", "am", "being", "be", "true", "avowed", "former", "young", "old", "diehard");

  /** Words that may follow a membership: "a liberal like her", "a socialist and...". */
  private static final Set<String> MEMBERSHIP_FOLLOW = Set.of("and", "but", "who", "like", "in",
      "at", "from", "for", "all", "himself", "herself", "or", "since", "with", "by", "too");

  /** "voted Labour": "Labour" followed by a lowercase word counts only after these. */
  private static final Set<String> VOTE_CUES = Set.of("voted", "vote", "votes", "voting",
      "backed", "back", "backs", "for", "joined", "join", "supports", "support", "supported",
      "against");

  private static final Set<String> VERB_OBJECTS = Set.of("the", "a", "an", "your", "my", "our",
      "his", "her", "it", "them", "this", "that", "these", "those", "all");

  private static final Table TABLE = Table.load("nrp.txt");

  @Override
  public String name() {
    return "nrp";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c < 128 ? !Chars.isLetter(c) : !Character.isLetter(c)) {
        i++;
        continue;
      }
      if (c < 128 && !TABLE.mayStartWith(c)) {
        // most lowercase words: no term that counts in lowercase starts with their letter
        do {
          i++;
        } while (i < n && (Chars.isAlnum(text.charAt(i)) || inWord(text, i)));
        continue;
      }
      // the word's end and its lowercase hash in one pass; most words stop at the filter
      int e = i;
      int h = 0;
      while (e < n) {
        char d = text.charAt(e);
        if (d < 128) {
          if (!Chars.isLetter(d) && !inWord(text, e)) {
            break;
          }
          h = 31 * h + (Chars.isUpper(d) ? d + 32 : d);
        } else if (Character.isLetter(d)) {
          h = 31 * h + Character.toLowerCase(d);
        } else {
          break;
        }
        e++;
      }
      if (e - i >= 3 && e - i <= MAX_WORD && TABLE.mayHold(h) && Chars.wordStart(text, i)) {
        int end = match(text, i, e);
        if (end > 0) {
          out.add(new Finding(EntityType.NRP, i, end, score(text, i, end), name()));
          i = end;
          continue;
        }
      }
      i = e;
    }
  }

  /**
   * A capitalised listed word alone outranks the name model ({@value #LISTED_SCORE}), which takes
   * capitalised words it has not learnt ("Hindu", "Sri Lankan") for names or places. Next to
   * another capitalised word it may be part of a name ("John French", "Irish Murdoch") and scores
   * {@value #BESIDE_NAME_SCORE}, so that a name found around it wins.
   */
  private static double score(CharSequence s, int i, int end) {
    if (!Character.isUpperCase(s.charAt(i))) {
      return 0.65;
    }
    String prev = previousWord(s, i);
    boolean namedBefore = !prev.isEmpty() && Character.isUpperCase(s.charAt(i - 1 - prev.length()))
        && !NOT_NAMES.contains(prev);
    String next = nextWord(s, end);
    boolean namedAfter = next != null && Character.isUpperCase(next.charAt(0))
        && TABLE.classOf(next, 0, next.length()) < 0;
    if (namedAfter) {
      // the first word of a longer proper noun: "Scottish Highlands", "Syrian Arab Republic"
      return OPENS_PROPER_NOUN_SCORE;
    }
    return namedBefore ? BESIDE_NAME_SCORE : LISTED_SCORE;
  }

  /** End of the NRP term that starts with the word {@code [i, e)}, or -1. */
  private static int match(CharSequence s, int i, int e) {
    boolean upper = Character.isUpperCase(s.charAt(i));
    int n = s.length();
    int first = TABLE.classOf(s, i, e);
    if (first < 0) {
      return -1;
    }
    // two words first: "South African", "Jehovah's Witness"
    if (upper && e + 1 < n && s.charAt(e) == ' ' && Character.isLetter(s.charAt(e + 1))) {
      int e2 = wordEnd(s, e + 1);
      if (e2 - i <= MAX_WORD) {
        int end = accept(s, i, e2, TABLE.classOf(s, i, e2), upper);
        if (end > 0) {
          return end;
        }
      }
    }
    return accept(s, i, e, first, upper);
  }

  private static int accept(CharSequence s, int i, int e, int cls, boolean upper) {
    if (cls < 0) {
      return -1;
    }
    String next = nextWord(s, e);
    switch (cls) {
      case NATIONALITY, RELIGION, PARTY -> {
        if (!upper || !Character.isLowerCase(s.charAt(i + 1)) && e - i > 3
            || next != null && NOT_BEFORE.contains(next.toLowerCase(Locale.ROOT))) {
          return -1;
        }
        if (sentenceStart(s, i) && next != null
            && VERB_OBJECTS.contains(next.toLowerCase(Locale.ROOT))) {
          return -1;
        }
        if (cls == NATIONALITY && languageOfText(s, i)
            && (next == null || !Character.isUpperCase(next.charAt(0)))) {
          return -1;
        }
        if (Chars.startsWithIgnoreCase(s, i, "christian ") && next != null
            && (Character.isUpperCase(next.charAt(0)) || next.startsWith("name"))) {
          return -1;
        }
        if (Chars.startsWithIgnoreCase(s, i, "labo") && next != null
            && Character.isLowerCase(next.charAt(0)) && !VOTE_CUES.contains(previousWord(s, i))) {
          return -1;
        }
        return e;
      }
      case RELIGION_ANY_CASE -> {
        return e;
      }
      case POLITICAL_WORD -> {
        boolean follows = next == null || Character.isUpperCase(next.charAt(0))
            || MEMBERSHIP_FOLLOW.contains(next);
        return follows && MEMBERSHIP_CUES.contains(previousWord(s, i)) ? e : -1;
      }
      default -> {
        return -1;
      }
    }
  }

  private static int wordEnd(CharSequence s, int i) {
    int n = s.length();
    int e = i;
    while (e < n && (Character.isLetter(s.charAt(e)) || inWord(s, e))) {
      e++;
    }
    return e;
  }

  /** An apostrophe or hyphen between letters: "Jehovah's", "Afro-American". */
  private static boolean inWord(CharSequence s, int k) {
    char c = s.charAt(k);
    return (c == '\'' || c == '’' || c == '-') && k + 1 < s.length()
        && Character.isLetter(s.charAt(k + 1)) && k > 0 && Character.isLetter(s.charAt(k - 1));
  }

  /** The word right after {@code e} past one space, or null if punctuation or the end follows. */
  private static String nextWord(CharSequence s, int e) {
    if (e + 1 >= s.length() || s.charAt(e) != ' ' || !Character.isLetter(s.charAt(e + 1))) {
      return null;
    }
    return s.subSequence(e + 1, wordEnd(s, e + 1)).toString();
  }

  /** The lowercased word before {@code i} past one space, or "" if there is none. */
  private static String previousWord(CharSequence s, int i) {
    if (i < 2 || s.charAt(i - 1) != ' ') {
      return "";
    }
    int k = i - 1;
    while (k > 0 && (Character.isLetter(s.charAt(k - 1)) || s.charAt(k - 1) == '-')) {
      k--;
    }
    return s.subSequence(k, i - 1).toString().toLowerCase(Locale.ROOT);
  }

  private static boolean sentenceStart(CharSequence s, int i) {
    int k = i;
    while (k > 0 && s.charAt(k - 1) == ' ') {
      k--;
    }
    if (k == 0) {
      return true;
    }
    char c = s.charAt(k - 1);
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '"';
  }

  /**
   * Lowercase terms and their classes in open addressing, looked up by a hash computed over the
   * text in place. Each term is stored with its plural in -s, and the first word of a two-word
   * term with class {@link #FIRST_OF_TWO}. A bit set over the words' hashes turns most words of
   * a text away before any probe.
   */
  static final class Table {
    static final byte FIRST_OF_TWO = 'x';
    private static final int FILTER_BITS = 1 << 16;

    private final String[] keys;
    private final byte[] classes;
    private final int mask;
    private final long[] filter = new long[FILTER_BITS / 64];
    /** ASCII letters that can start a matching word: any capital, and a few lowercase. */
    private final boolean[] firstChars = new boolean[128];

    private Table(List<String> words, List<Byte> cls) {
      List<String> all = new ArrayList<>();
      List<Byte> allCls = new ArrayList<>();
      for (int k = 0; k < words.size(); k++) {
        String w = words.get(k);
        all.add(w);
        allCls.add(cls.get(k));
        if (!w.endsWith("s") && !words.contains(w + "s")) {
          all.add(w + "s");
          allCls.add(cls.get(k));
        }
        int space = w.indexOf(' ');
        if (space > 0 && !words.contains(w.substring(0, space))
            && !all.contains(w.substring(0, space))) {
          all.add(w.substring(0, space));
          allCls.add(FIRST_OF_TWO);
        }
      }
      int size = Integer.highestOneBit(all.size() * 4 - 1) << 1;
      keys = new String[size];
      classes = new byte[size];
      mask = size - 1;
      for (int k = 0; k < all.size(); k++) {
        String w = all.get(k);
        int raw = rawHash(w, 0, w.length());
        filter[(raw & (FILTER_BITS - 1)) >>> 6] |= 1L << raw;
        int h = mix(raw) & mask;
        while (keys[h] != null) {
          h = (h + 1) & mask;
        }
        keys[h] = w;
        classes[h] = allCls.get(k);
        char first = w.charAt(0);
        if (first < 128) {
          firstChars[Character.toUpperCase(first)] = true;
          byte c = allCls.get(k);
          firstChars[first] |= c == RELIGION_ANY_CASE || c == POLITICAL_WORD || c == FIRST_OF_TWO;
        }
      }
    }

    /** False if no term that may match a word starting with ASCII {@code c} exists. */
    boolean mayStartWith(char c) {
      return firstChars[c];
    }

    /** False if no term has the lowercase hash {@code raw} (31-polynomial of its chars). */
    boolean mayHold(int raw) {
      return (filter[(raw & (FILTER_BITS - 1)) >>> 6] & 1L << raw) != 0;
    }

    static Table load(String resource) {
      try (InputStream in = NrpRecognizer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        List<String> words = new ArrayList<>();
        List<Byte> cls = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          words.add(line.substring(2).strip().toLowerCase(Locale.ROOT));
          cls.add((byte) line.charAt(0));
        }
        return new Table(words, cls);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Class of the term {@code s[from, to)}, case-insensitively, or -1. */
    int classOf(CharSequence s, int from, int to) {
      int h = mix(rawHash(s, from, to)) & mask;
      while (keys[h] != null) {
        if (equalsLower(keys[h], s, from, to)) {
          return classes[h];
        }
        h = (h + 1) & mask;
      }
      return -1;
    }

    private static int rawHash(CharSequence s, int from, int to) {
      int h = 0;
      for (int k = from; k < to; k++) {
        h = 31 * h + Character.toLowerCase(s.charAt(k));
      }
      return h;
    }

    private static int mix(int h) {
      return h ^ (h >>> 16);
    }

    private static boolean equalsLower(String key, CharSequence s, int from, int to) {
      if (key.length() != to - from) {
        return false;
      }
      for (int k = 0; k < key.length(); k++) {
        if (key.charAt(k) != Character.toLowerCase(s.charAt(from + k))) {
          return false;
        }
      }
      return true;
    }
  }
}
