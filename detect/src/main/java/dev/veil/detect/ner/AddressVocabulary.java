package dev.veil.detect.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The words of street addresses in some 40 languages, derived from libpostal's dictionaries (see
 * {@code AddressVocabularyBuilder} in the test sources): street types and where they stand, the
 * suffixes of one-word street names ("...straße", "...gatan"), unit, level and post-office-box
 * words, postcode cues and country names. Phrases are looked up by the hash of their words'
 * lowercase hashes ({@link Hashing#combine}), dots left out, so "P.O. Box" and "PO box" differ
 * only in their words. Immutable after loading.
 */
final class AddressVocabulary {

  static final String RESOURCE = "address-vocabulary.tsv";

  /** Street type before the name, house number after the street ("Via Roma 10"). */
  static final char LEAD = 'L';
  /** Street type before the name, house number first ("12 rue de la Paix"). */
  static final char LEAD_FIRST = 'F';
  /** Street type after the name, house number after ("Andrássy út 22"). */
  static final char TAIL = 'T';
  /** Street type after the name, house number first ("12 Baker Street"). */
  static final char TAIL_FIRST = 'E';
  /** The end of a one-word street name ("Hauptstraße", "Kerkstraat"). */
  static final char SUFFIX = 'S';
  /** An abbreviated {@link #SUFFIX} that a dot follows ("Bahnhofstr."). */
  static final char ABBREVIATED_SUFFIX = 'A';
  /** A house number written with a trailing dot ("Kossuth Lajos utca 12."). */
  static final char DOTTED_NUMBER = 'H';
  static final char UNIT = 'U';
  static final char LEVEL = 'V';
  static final char PO_BOX = 'P';
  static final char POSTCODE_CUE = 'Z';
  static final char COUNTRY = 'C';

  static final int F_LEAD = 1;
  static final int F_LEAD_FIRST = 1 << 1;
  static final int F_TAIL = 1 << 2;
  static final int F_TAIL_FIRST = 1 << 3;
  static final int F_SUFFIX = 1 << 4;
  static final int F_ABBREVIATED_SUFFIX = 1 << 5;
  static final int F_DOTTED_NUMBER = 1 << 6;
  static final int F_UNIT = 1 << 7;
  static final int F_LEVEL = 1 << 8;
  static final int F_PO_BOX = 1 << 9;
  static final int F_POSTCODE_CUE = 1 << 10;
  static final int F_COUNTRY = 1 << 11;
  static final int F_STREET = F_LEAD | F_LEAD_FIRST | F_TAIL | F_TAIL_FIRST;
  /** Marks the first words of longer phrases, so lookups can stop early. */
  static final int F_PREFIX = 1 << 12;
  /** Marks (in a one-word lookup) the last word of a phrase, so backward lookups stop early. */
  static final int F_LAST = 1 << 13;

  static final int MAX_WORDS = 4;
  private static final int MAX_SUFFIX = 12;

  private final LongIntMap phrases;
  private final LongIntMap suffixes;
  /** Bit {@code n} set if some suffix has {@code n} chars. */
  private final int suffixLengths;

  private AddressVocabulary(LongIntMap phrases, LongIntMap suffixes, int suffixLengths) {
    this.phrases = phrases;
    this.suffixes = suffixes;
    this.suffixLengths = suffixLengths;
  }

  static AddressVocabulary load() {
    try (InputStream in = AddressVocabulary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      LongIntMap phrases = new LongIntMap(1 << 14);
      LongIntMap suffixes = new LongIntMap(1 << 10);
      int lengths = 0;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        String phrase = line.substring(0, tab);
        int kinds = flags(line.substring(tab + 1));
        long[] words = words(phrase);
        if (words.length == 0 || words.length > MAX_WORDS) {
          continue;
        }
        phrases.or(Hashing.combine(0, words[words.length - 1]), F_LAST);
        long h = 0;
        for (int k = 0; k < words.length; k++) {
          h = Hashing.combine(h, words[k]);
          boolean last = k == words.length - 1;
          phrases.or(h, last ? kinds & ~(F_SUFFIX | F_ABBREVIATED_SUFFIX) : F_PREFIX);
        }
        int suffix = kinds & (F_SUFFIX | F_ABBREVIATED_SUFFIX);
        if (suffix != 0 && phrase.length() <= MAX_SUFFIX) {
          suffixes.or(Hashing.lower(phrase), suffix);
          lengths |= 1 << phrase.length();
        }
      }
      return new AddressVocabulary(phrases, suffixes, lengths);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the address vocabulary", e);
    }
  }

  private static int flags(String letters) {
    int f = 0;
    for (int i = 0; i < letters.length(); i++) {
      f |= switch (letters.charAt(i)) {
        case LEAD -> F_LEAD;
        case LEAD_FIRST -> F_LEAD_FIRST;
        case TAIL -> F_TAIL;
        case TAIL_FIRST -> F_TAIL_FIRST;
        case SUFFIX -> F_SUFFIX;
        case ABBREVIATED_SUFFIX -> F_ABBREVIATED_SUFFIX;
        case DOTTED_NUMBER -> F_DOTTED_NUMBER;
        case UNIT -> F_UNIT;
        case LEVEL -> F_LEVEL;
        case PO_BOX -> F_PO_BOX;
        case POSTCODE_CUE -> F_POSTCODE_CUE;
        case COUNTRY -> F_COUNTRY;
        default -> throw new IllegalArgumentException("unknown kind " + letters.charAt(i));
      };
    }
    return f;
  }

  /**
   * The lowercase hashes of the words of {@code phrase} as the address scan sees them in a text
   * (its tokens with letters and no digits, so "parcel·la" is "parcel" "la"); none if the phrase
   * holds a sign that is never part of a word ("n°", "№", "〒"), which the scan could not match.
   */
  private static long[] words(String phrase) {
    for (int i = 0; i < phrase.length(); i++) {
      char c = phrase.charAt(i);
      if (!Character.isLetterOrDigit(c) && " .'’-·".indexOf(c) < 0) {
        return new long[0];
      }
    }
    Tokens t = Tokens.of(phrase);
    return java.util.stream.IntStream.range(0, t.size)
        .filter(i -> t.is(i, Tokens.LETTER) && !t.is(i, Tokens.DIGIT))
        .mapToLong(t::lowerHash).toArray();
  }

  /** The kinds of the phrase whose combined word hash is {@code h}; 0 if none. */
  int phrase(long h) {
    return phrases.get(h);
  }

  /**
   * The suffix kinds ({@link #F_SUFFIX}, {@link #F_ABBREVIATED_SUFFIX}) of the longest listed
   * suffix of {@code chars[from, to)} that leaves at least {@code minStem} chars before it; 0 if
   * none.
   */
  int suffix(char[] chars, int from, int to, int minStem) {
    for (int len = Math.min(MAX_SUFFIX, to - from - minStem); len >= 3; len--) {
      if ((suffixLengths >>> len & 1) != 0) {
        int f = suffixes.get(Hashing.lower(chars, to - len, to));
        if (f != 0) {
          return f;
        }
      }
    }
    return 0;
  }
}
