package dev.veil.detect.secret;

import dev.veil.detect.pattern.Chars;
import java.util.Locale;
import java.util.Set;

/**
 * Values that stand in for a secret in documentation, templates and code rather than being one:
 * {@code changeme}, {@code xxxxx}, {@code ${VAR}}, {@code <your-key>}, {@code {{ token }}},
 * environment lookups and the like. The list is documented in {@code docs/policies.md}
 * ("Credential placeholders"); a value shaped like a generated key is never exempted by a word
 * such as "example" inside it.
 */
final class Placeholders {

  private static final Set<String> EXACT = Set.of("password", "passw0rd", "secret", "changeme",
      "change_me", "change-me", "admin", "root", "test", "testing", "pass", "token", "apikey",
      "api_key", "none", "null", "nil", "undefined", "true", "false", "empty", "default",
      "123456", "12345678", "123456789", "1234567890", "qwerty", "letmein", "secret123",
      "password1", "password123", "example", "sample", "dummy", "foo", "bar", "foobar",
      "mypassword", "yourpassword", "your_password", "mysecret", "notasecret", "redacted",
      "hidden", "masked", "required", "optional", "string", "value", "todo", "tbd", "fixme",
      "guest", "anonymous");

  private static final String[] CONTAINS = {"placeholder", "your_", "your-", "yourkey",
      "your key", "changeme", "change_me", "replace", "redacted", "xxxx", "****",
      "....", "${", "{{", "}}", "<", ">", "%(", "$(", "process.env", "os.environ", "getenv",
      "env(", "env.", "secrets.", "vault:", "insert_", "insert-", "enter_",
      "[", "]", "...", "\u2026", "0000000", "1234567"};

  /** Words that mark a placeholder only in a value that is not itself shaped like a key. */
  private static final String[] SOFT = {"example", "sample", "dummy", "fake"};

  private Placeholders() {}

  static boolean isPlaceholder(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (EXACT.contains(v)) {
      return true;
    }
    for (String c : CONTAINS) {
      if (v.contains(c)) {
        return true;
      }
    }
    for (String c : SOFT) {
      if (v.contains(c) && !keyShaped(value)) {
        return true;
      }
    }
    char first = v.charAt(0);
    if (first == '!' && v.length() > 1 && allLetters(v, 1)) {
      return true;
    }
    if (first == '$' || first == '%' || first == '@' || first == '&' || first == '*') {
      return true;
    }
    for (int i = 1; i < v.length(); i++) {
      if (v.charAt(i) != first) {
        return false;
      }
    }
    return true;
  }

  /** A YAML tag such as {@code !vault} or {@code !Ref} stands where the value would be. */
  private static boolean allLetters(String v, int from) {
    for (int i = from; i < v.length(); i++) {
      if (!Chars.isLetter(v.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * 16 chars or more with upper-case letters, lower-case letters and digits: a generated key, even
   * if a word such as "EXAMPLE" sits inside it (AWS's documented secret key is one).
   */
  private static boolean keyShaped(String v) {
    if (v.length() < 16) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      upper |= Chars.isUpper(c);
      lower |= Chars.isLower(c);
      digit |= Chars.isDigit(c);
    }
    return upper && lower && digit;
  }
}
