package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ages of people. The span is the number with its unit words when there are any ("79 years old",
 * "46-year-old", "31 y/o", "45 Jahre alt", "45 ans", "18 years of age", "40s"), otherwise the
 * number alone ("aged 31", "age: 52", "I'm 27", "turned 60", "Ms Smith, 45, of Leeds").
 *
 * <p>A number of one to three digits (at most {@value #MAX_AGE}) is an age when it is followed by
 * a unit that says so ("years old", score 0.85), or preceded within three words by "age" or
 * "aged" in one of several languages (0.8), or preceded by a person and a verb ("I'm", "she is",
 * "my son is", "turned") and followed by the end of a clause or a word such as "and" (0.6), so
 * "I'm 5 minutes away" and "turned 90 degrees" are no ages. "ans", "años", "anni" and "anos" count
 * only after a verb or preposition that makes them an age ("il a 45 ans", "tiene 45 años"), not
 * after "depuis" or "hace". A number set off by commas after a capitalised word ("Maria, 39, is a
 * nurse") scores 0.5.
 */
public final class AgeRecognizer implements Recognizer.Indexed {

  static final int MAX_AGE = 130;

  /** Units that make the number before them an age, lowercase, matched ignoring ASCII case. */
  private static final String[] UNITS = {"-year-old", "-years-old", "-year old", "-yr-old",
      " year old", " years old", " year-old", " years-old", " yrs old", " yr old", " years of age",
      " year of age", " jahre alt", " jaar oud", " y/o", " y.o.", " yo", "yo", "y/o", "-jährig"};

  /** Units that make an age only after one of {@link #AGE_VERBS}. */
  private static final String[] YEARS = {" ans", " años", " anni", " anos"};

  private static final Set<String> AGE_VERBS = Set.of("a", "ai", "as", "ont", "avait", "aura",
      "eu", "de", "tiene", "tengo", "tienes", "tenía", "tenia", "cumplió", "cumplio", "cumple",
      "cumplir", "ho", "hai", "ha", "aveva", "compie", "compiuto", "di", "tem", "tenho", "tinha",
      "fez", "faz", "completou", "com");

  private static final Set<String> AGE_WORDS = Set.of("age", "aged", "ages", "alter", "âge",
      "âgé", "âgée", "edad", "età", "idade", "leeftijd");

  /** Words allowed between an age word and the number: "age of 12", "age at onset: 47". */
  private static final Set<String> BETWEEN = Set.of("of", "is", "at", "was", "onset", "diagnosis",
      "death", "admission", "von", "de", "di", "van");

  private static final Set<String> TURNED = Set.of("turned", "turns", "turning", "wurde",
      "i'm", "i’m", "im", "he's", "he’s", "she's", "she’s");

  /** Subjects of "is", "am" or "was" whose number is an age: "my son is 7". */
  private static final Set<String> PERSONS = Set.of("i", "he", "she", "son", "daughter", "child",
      "kid", "boy", "girl", "baby", "wife", "husband", "mother", "father", "mom", "mum", "dad",
      "brother", "sister", "grandmother", "grandfather", "grandma", "grandpa", "patient");

  /** Words that may follow an age given by a verb: "I'm 27 and...", "turned 60 yesterday". */
  private static final Set<String> FOLLOW = Set.of("and", "but", "or", "on", "last", "this",
      "yesterday", "today", "in", "so", "now", "with", "when", "next", "soon", "already",
      "tomorrow", "btw", "married", "single", "male", "female", "m", "f", "at", "lol", "too",
      "und", "et", "y", "e", "en");

  private static final Set<String> POSSESSIVES = Set.of("her", "his", "their", "my", "your",
      "our", "early", "mid", "late");

  @Override
  public String name() {
    return "age";
  }


  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int[] at = new int[1];
    for (int k = 0; k < index.digitRuns(); k++) {
      int a = index.digitRunStart(k);
      int b = index.digitRunEnd(k);
      if (b - a > 3 || !Chars.wordStart(text, a) || partOfNumber(text, a)) {
        continue;
      }
      int age = Chars.parseDigits(text, a, b);
      if (age < 1 || age > MAX_AGE) {
        continue;
      }
      int unit = unitEnd(text, b);
      if (unit > 0) {
        out.add(new Finding(EntityType.AGE, a, unit, 0.85, name()));
        continue;
      }
      String prev = previousWord(text, a, at);
      int prevStart = at[0];
      if (prev == null) {
        if (apposition(text, a, b)) {
          out.add(new Finding(EntityType.AGE, a, b, 0.5, name()));
        }
      } else if (yearsEnd(text, b) > 0 && AGE_VERBS.contains(prev)) {
        out.add(new Finding(EntityType.AGE, a, yearsEnd(text, b), 0.8, name()));
      } else if (afterAgeWord(text, prev, prevStart, at)) {
        int end = Chars.startsWithIgnoreCase(text, b, " years") && Chars.wordEnd(text, b + 6)
            ? b + 6 : b;
        out.add(new Finding(EntityType.AGE, a, end, 0.8, name()));
        int second = rangeEnd(text, b);
        if (second > 0) {
          out.add(new Finding(EntityType.AGE, b + 1, second, 0.8, name()));
        }
      } else if (clauseEnds(text, b) && byPerson(text, prev, prevStart, at)) {
        out.add(new Finding(EntityType.AGE, a, b, 0.6, name()));
      } else if (decade(text, b, age) && POSSESSIVES.contains(prev)) {
        out.add(new Finding(EntityType.AGE, a, b + 1, 0.6, name()));
      }
    }
  }

  /** Whether the run at {@code a} continues a number: "1.5", "2,45", "18-65" (its second part). */
  private static boolean partOfNumber(CharSequence s, int a) {
    if (a < 2) {
      return false;
    }
    char c = s.charAt(a - 1);
    return (c == '.' || c == ',' || c == '-' || c == '/') && Chars.isDigit(s.charAt(a - 2));
  }

  private static int unitEnd(CharSequence s, int b) {
    if (b >= s.length()) {
      return -1;
    }
    char c = s.charAt(b);
    if (c != ' ' && c != '-' && c != 'y' && c != 'Y') {
      return -1;
    }
    for (String u : UNITS) {
      if (Chars.startsWithIgnoreCase(s, b, u)) {
        int e = b + u.length();
        if (u.equals("-jährig")) {
          while (e < s.length() && Chars.isLower(s.charAt(e)) && e - b < 10) {
            e++;
          }
        }
        if (Chars.wordEnd(s, e) || s.charAt(e - 1) == '.') {
          return e;
        }
      }
    }
    return -1;
  }

  private static int yearsEnd(CharSequence s, int b) {
    for (String u : YEARS) {
      if (Chars.startsWith(s, b, u) && Chars.wordEnd(s, b + u.length())) {
        return b + u.length();
      }
    }
    return -1;
  }

  /** "age: 52", "aged 31", "at the age of 12", "Age at onset: 47". */
  private static boolean afterAgeWord(CharSequence s, String prev, int prevStart, int[] at) {
    String w = prev;
    int start = prevStart;
    for (int words = 0; words < 3 && w != null; words++) {
      if (AGE_WORDS.contains(w)) {
        return true;
      }
      if (!BETWEEN.contains(w)) {
        return false;
      }
      w = previousWord(s, start, at);
      start = at[0];
    }
    return false;
  }

  /** "I'm 27", "turned 60", "she is 19", "my son is 7", "I am 33". */
  private static boolean byPerson(CharSequence s, String prev, int prevStart, int[] at) {
    if (TURNED.contains(prev)) {
      return true;
    }
    if (!prev.equals("is") && !prev.equals("am") && !prev.equals("was")) {
      return false;
    }
    String subject = previousWord(s, prevStart, at);
    return subject != null && PERSONS.contains(subject);
  }

  /** Whether the clause ends after an age given by a verb, or goes on with a word of {@link #FOLLOW}. */
  private static boolean clauseEnds(CharSequence s, int b) {
    int n = s.length();
    if (b >= n) {
      return true;
    }
    char c = s.charAt(b);
    if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == ')' || c == '\n') {
      return b + 1 >= n || !Chars.isDigit(s.charAt(b + 1));
    }
    if (c != ' ') {
      return false;
    }
    int e = b + 1;
    while (e < n && Character.isLetter(s.charAt(e)) && e - b <= 10) {
      e++;
    }
    return e > b + 1 && FOLLOW.contains(s.subSequence(b + 1, e).toString().toLowerCase(Locale.ROOT));
  }

  /** "40s" of "in her 40s". */
  private static boolean decade(CharSequence s, int b, int age) {
    return age % 10 == 0 && age >= 10 && age <= 90 && b < s.length() && s.charAt(b) == 's'
        && Chars.wordEnd(s, b + 1);
  }

  /** "Ms Smith, 45, of Leeds": after a capitalised word and a comma, before a comma and lowercase. */
  private static boolean apposition(CharSequence s, int a, int b) {
    int n = s.length();
    if (a < 3 || s.charAt(a - 1) != ' ' || s.charAt(a - 2) != ',' || !Character.isLetter(s.charAt(a - 3))
        || b + 2 >= n || s.charAt(b) != ',' || s.charAt(b + 1) != ' '
        || !Character.isLowerCase(s.charAt(b + 2))) {
      return false;
    }
    int w = a - 3;
    while (w > 0 && Character.isLetter(s.charAt(w - 1))) {
      w--;
    }
    return Character.isUpperCase(s.charAt(w));
  }

  /** End of the second number of a range "18-65" after a first age, or -1. */
  private static int rangeEnd(CharSequence s, int b) {
    if (b + 1 >= s.length() || s.charAt(b) != '-') {
      return -1;
    }
    int e = Chars.skipDigits(s, b + 1);
    return e - b - 1 >= 1 && e - b - 1 <= 3 && Chars.wordEnd(s, e)
        && Chars.parseDigits(s, b + 1, e) <= MAX_AGE ? e : -1;
  }

  /**
   * The word (letters and apostrophes) before {@code at}, past at most three spaces and colons,
   * lowercased; its start in {@code start[0]}. Null if there is none.
   */
  static String previousWord(CharSequence s, int at, int[] start) {
    int k = at;
    while (k > 0 && at - k < 3 && (s.charAt(k - 1) == ' ' || s.charAt(k - 1) == ':')) {
      k--;
    }
    int e = k;
    while (k > 0 && e - k < 16 && isWordChar(s.charAt(k - 1))) {
      k--;
    }
    if (k == e || k > 0 && Character.isLetterOrDigit(s.charAt(k - 1))) {
      return null;
    }
    start[0] = k;
    return s.subSequence(k, e).toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetter(c) || c == '\'' || c == '’';
  }
}
