package dev.veil.detect.secret;

import java.util.Locale;
import java.util.Set;

/**
 * Values that stand in for a secret in documentation, templates and code rather than being one:
 * {@code changeme}, {@code xxxxx}, {@code ${VAR}}, {@code <your-key>}, {@code {{ token }}},
 * environment lookups and the like.
 */
final class Placeholders {

  private static final Set<String> EXACT = Set.of("password", "passw0rd", "secret", "changeme",
      "change_me", "change-me", "admin", "root", "test", "testing", "pass", "token", "apikey",
      "api_key", "none", "null", "nil", "undefined", "true", "false", "empty", "default",
      "123456", "12345678", "123456789", "1234567890", "qwerty", "letmein", "secret123",
      "password1", "password123", "example", "sample", "dummy", "foo", "bar", "foobar",
      "mypassword", "yourpassword", "your_password", "mysecret", "notasecret", "redacted",
      "hidden", "masked", "required", "optional", "string", "value", "todo", "tbd", "fixme");

  private static final String[] CONTAINS = {"example", "placeholder", "your_", "your-", "yourkey",
      "your key", "changeme", "change_me", "replace", "redacted", "dummy", "xxxx", "****",
      "....", "${", "{{", "}}", "<", ">", "%(", "$(", "process.env", "os.environ", "getenv",
      "env(", "env.", "secrets.", "vault:", "insert_", "insert-", "enter_", "fake", "sample",
      "[", "]", "...", "\u2026", "0000000", "1234567"};

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
    char first = v.charAt(0);
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
}
