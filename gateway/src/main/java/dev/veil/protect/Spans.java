package dev.veil.protect;

import dev.veil.detect.EntityType;
import java.util.Set;

/**
 * Where an edit made for a finding begins and ends. A detector's span may start or end inside a
 * word ({@code Zebu|lon}) or stop before a surname; protecting only that part would leave the rest
 * of the value in clear while the receipt says it was protected. So a span is widened to the whole
 * run of letters and digits that it touches and, for {@link EntityType#PERSON}, over up to two
 * directly following capitalised words ({@code Zebulon Quarrington}).
 *
 * <p>Scripts written without spaces (Han, kana, Thai...) are not widened: a run of their letters is
 * a sentence, not a word.
 */
final class Spans {

  /** Capitalised words that follow a name without being part of it. */
  private static final Set<String> NOT_NAMES = Set.of(
      "A", "An", "And", "Or", "But", "Nor", "The", "Of", "In", "On", "At", "To", "For", "With",
      "From", "By", "As", "Is", "Was", "Are", "Be", "Has", "Had", "Have", "I", "Me", "My", "We",
      "You", "He", "She", "It", "They", "If", "So", "Then", "Than", "That", "This", "Not", "No",
      "Yes", "Hi", "Hello", "Dear", "Thanks", "Please", "Today", "Tomorrow", "Yesterday",
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December");

  private static final int MAX_NAME_WORDS = 2;

  private Spans() {}

  /** {@code start} moved left to the start of the word it is inside, but not below {@code floor}. */
  static int start(CharSequence s, int start, int floor) {
    while (start > floor && start < s.length() && word(s.charAt(start - 1)) && word(s.charAt(start))) {
      start--;
    }
    return start;
  }

  /**
   * {@code end} moved right to the end of the word it is inside and, for a person, over following
   * name words; never beyond {@code ceiling}.
   */
  static int end(CharSequence s, int end, int ceiling, EntityType type) {
    end = wordEnd(s, end, ceiling);
    if (type != EntityType.PERSON) {
      return end;
    }
    for (int n = 0; n < MAX_NAME_WORDS; n++) {
      int w = end + 1;
      if (w + 1 >= ceiling || s.charAt(end) != ' ' || !Character.isUpperCase(s.charAt(w))
          || !(Character.isLowerCase(s.charAt(w + 1)) || joiner(s, w + 1, ceiling))) {
        break;
      }
      int e = w + 1;
      while (e < ceiling && (word(s.charAt(e)) || joiner(s, e, ceiling))) {
        e++;
      }
      boolean cut = e < s.length() && word(s.charAt(e));
      if (cut || NOT_NAMES.contains(s.subSequence(w, e).toString())) {
        break;
      }
      end = e;
    }
    return end;
  }

  /**
   * {@code replacement} as it may stand in an identifier field such as a function or participant
   * {@code name} ({@code [A-Za-z0-9_-]}): {@code [PERSON_7f3a2c]} becomes {@code PERSON_7f3a2c},
   * which restoring still recognises.
   */
  static String identifier(String replacement) {
    StringBuilder sb = new StringBuilder(replacement.length());
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int wordEnd(CharSequence s, int end, int ceiling) {
    while (end > 0 && end < ceiling && word(s.charAt(end - 1)) && word(s.charAt(end))) {
      end++;
    }
    return end;
  }

  /** A hyphen or apostrophe between two letters, as in {@code Smith-Jones} or {@code O'Brien}. */
  private static boolean joiner(CharSequence s, int i, int ceiling) {
    char c = s.charAt(i);
    return (c == '-' || c == '\'' || c == '\u2019') && i + 1 < ceiling
        && Character.isLetter(s.charAt(i + 1)) && Character.isLetter(s.charAt(i - 1));
  }

  /** A letter, digit or combining mark of a script that separates words with spaces. */
  private static boolean word(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    if (!Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK) {
      return false;
    }
    if (c < 0x0E00) {
      return true;
    }
    if (Character.isIdeographic(c)) {
      return false;
    }
    return switch (Character.UnicodeScript.of(c)) {
      case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN -> false;
      default -> true;
    };
  }
}
