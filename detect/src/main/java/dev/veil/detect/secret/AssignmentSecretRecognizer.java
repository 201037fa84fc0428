package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.CharCursor;
import dev.veil.detect.pattern.Chars;
import java.util.List;

/**
 * Secrets assigned to a telling name, in code, YAML, JSON, {@code .env} files, connection strings,
 * HTTP headers and URL query strings: {@code password=...}, {@code "api_key": "..."},
 * {@code DB_PASSWORD: ...}, {@code ?token=...&}, {@code Authorization: Bearer ...}.
 *
 * <p>Each {@code =} or {@code :} is examined: the name before it (letters, digits, {@code _ - .},
 * up to 64 chars, optionally quoted) must contain a credential word (password, passwd, pwd,
 * passphrase, secret, token, api key, access key, auth key, private key, credential,
 * authorization, account key), or end in "pass". The value after it (quoted, or up to whitespace or a delimiter)
 * must not be a {@link Placeholders placeholder}, a variable reference or a code expression, and
 * must look random enough: passwords need 6+ chars and two char classes (or 12+ chars); other
 * secrets need 10+ chars with letters and digits, must not be lower-case words joined by
 * {@code - _ .}, and need a Shannon entropy of at least 3 bits per char.
 * The finding covers the value only.
 */
public final class AssignmentSecretRecognizer implements Recognizer {

  private static final int MAX_KEY = 64;
  private static final int MAX_VALUE = 512;
  private static final String[] AUTH_SCHEMES = {"bearer ", "basic ", "token "};

  private static final String[] PASSWORD_WORDS = {"password", "passwd", "pwd", "passphrase"};
  private static final String[] SECRET_WORDS = {"secret", "token", "apikey", "accesskey",
      "authkey", "privatekey", "credential", "authorization", "accountkey", "signingkey",
      "encryptionkey", "masterkey", "sessionkey", "clientkey", "appkey", "licensekey"};

  @Override
  public String name() {
    return "secret_assignment";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    char[] key = new char[MAX_KEY];
    Delimiters delimiters = new Delimiters();
    CharCursor equals = new CharCursor(text, '=');
    CharCursor colon = new CharCursor(text, ':');
    for (int p = 0; p < n; p++) {
      int e = equals.next(p);
      int c = colon.next(p);
      p = e < 0 ? c : c < 0 ? e : Math.min(e, c);
      if (p < 0) {
        break;
      }
      int keyLen = key(text, p, key);
      if (keyLen < 3) {
        continue;
      }
      int cls = classify(key, keyLen);
      if (cls == 0) {
        continue;
      }
      int end = value(text, p, cls, key, keyLen, delimiters, out);
      if (end > p) {
        p = end - 1;
      }
    }
  }

  /** Reads the name before the separator at {@code p}, lower-cased without separators. */
  private static int key(CharSequence s, int p, char[] key) {
    int i = p - 1;
    if (i >= 0 && s.charAt(i) == ' ') {
      i--;
    }
    if (i >= 0 && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
      i--;
    }
    int end = i + 1;
    while (i >= 0 && end - i <= MAX_KEY) {
      char c = s.charAt(i);
      if (Chars.isAlnum(c) || c == '_' || c == '-' || c == '.') {
        i--;
      } else {
        break;
      }
    }
    int start = i + 1;
    if (end - start > MAX_KEY || end == start) {
      return 0;
    }
    int k = 0;
    for (int j = start; j < end; j++) {
      char c = s.charAt(j);
      if (Chars.isUpper(c)) {
        key[k++] = (char) (c + 32);
      } else if (Chars.isAlnum(c)) {
        key[k++] = c;
      }
    }
    return k;
  }

  /** 1 for password-like names, 2 for other secret names, 0 otherwise. */
  private static int classify(char[] key, int len) {
    for (String w : SECRET_WORDS) {
      if (contains(key, len, w)) {
        return 2;
      }
    }
    for (String w : PASSWORD_WORDS) {
      if (contains(key, len, w)) {
        return 1;
      }
    }
    boolean endsWithPass = len >= 4 && key[len - 4] == 'p' && key[len - 3] == 'a'
        && key[len - 2] == 's' && key[len - 1] == 's';
    return endsWithPass && !contains(key, len, "compass") && !contains(key, len, "bypass") ? 1 : 0;
  }

  private static boolean contains(char[] key, int len, String w) {
    outer:
    for (int i = 0; i + w.length() <= len; i++) {
      for (int k = 0; k < w.length(); k++) {
        if (key[i + k] != w.charAt(k)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private int value(CharSequence s, int p, int cls, char[] key, int keyLen, Delimiters delimiters,
      List<Finding> out) {
    int n = s.length();
    int i = p + 1;
    if (i < n && (s.charAt(i) == '=' || s.charAt(i) == '>')) {
      if (s.charAt(p) == '=' && s.charAt(i) == '=') {
        return -1;
      }
      i++;
    }
    int spaces = 0;
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t') && spaces < 4) {
      i++;
      spaces++;
    }
    if (i >= n) {
      return -1;
    }
    int scheme = authScheme(s, i, n);
    if (scheme > i) {
      i = scheme;
    }
    char q = s.charAt(i);
    boolean quoted = q == '"' || q == '\'' || q == '`';
    int start = quoted ? i + 1 : i;
    int end = start;
    if (quoted) {
      while (end < n && end - start < MAX_VALUE) {
        char c = s.charAt(end);
        if (c == q || c == '\n' || c == '\r') {
          break;
        }
        end++;
      }
    } else {
      end = Math.min(delimiters.next(s, start), start + MAX_VALUE);
    }
    if (end - start >= MAX_VALUE || (quoted && (end >= n || s.charAt(end) != q))) {
      return -1;
    }
    if (!quoted && start < end && s.charAt(end - 1) == '.') {
      end--;
    }
    if (end <= start || !looksLikeSecret(s, start, end, cls, quoted)) {
      return -1;
    }
    double score = cls == 1 ? 0.75 : 0.8;
    out.add(new Finding(EntityType.SECRET, start, end, score, name(), kind(key, keyLen, cls)));
    return end;
  }

  /**
   * The next value delimiter at or after a position. Positions asked for only grow within a scan,
   * so remembering the last answer keeps the whole scan linear even when every char is a
   * separator ("password:password:...").
   */
  private static final class Delimiters {
    private int from = -1;
    private int at = -1;

    int next(CharSequence s, int i) {
      if (i < from || i > at) {
        from = i;
        at = i;
        while (at < s.length() && !isDelimiter(s.charAt(at))) {
          at++;
        }
      }
      return at;
    }
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || c == ',' || c == ';' || c == '&' || c == ')' || c == '}'
        || c == ']' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
  }

  /** After "Bearer ", "Basic ", "Token " at {@code from}, or -1. */
  private static int authScheme(CharSequence s, int from, int to) {
    for (String w : AUTH_SCHEMES) {
      if (to - from > w.length() && Chars.startsWithIgnoreCase(s, from, w)) {
        return from + w.length();
      }
    }
    return -1;
  }

  private static boolean looksLikeSecret(CharSequence s, int from, int to, int cls,
      boolean quoted) {
    int len = to - from;
    int lower = 0;
    int upper = 0;
    int digit = 0;
    int other = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Chars.isLower(c)) {
        lower = 1;
      } else if (Chars.isUpper(c)) {
        upper = 1;
      } else if (Chars.isDigit(c)) {
        digit = 1;
      } else if (Character.isWhitespace(c)) {
        return false;
      } else {
        other = 1;
      }
    }
    int classes = lower + upper + digit + other;
    String v = s.subSequence(from, to).toString();
    if (Placeholders.isPlaceholder(v)) {
      return false;
    }
    if (!quoted && isReference(v)) {
      return false;
    }
    if (v.contains("://") || v.startsWith("/") || v.startsWith("~/") || v.startsWith("./")) {
      return false;
    }
    if (cls == 1) {
      return len >= 6 && (classes >= 2 || len >= 12) && Chars.entropy(s, from, to) >= 2.0;
    }
    return len >= 10 && digit == 1 && lower + upper >= 1 && !wordLike(v)
        && Chars.entropy(s, from, to) >= 3.0;
  }

  /** Mostly lower-case words joined by - _ or . ("prod-db-credentials-2"): a name, not a key. */
  private static boolean wordLike(String v) {
    int segments = 0;
    int words = 0;
    int i = 0;
    while (i <= v.length()) {
      int j = i;
      boolean letters = true;
      while (j < v.length() && v.charAt(j) != '-' && v.charAt(j) != '_' && v.charAt(j) != '.') {
        letters &= Chars.isLower(v.charAt(j));
        j++;
      }
      if (j > i) {
        segments++;
        if (letters && j - i >= 2) {
          words++;
        }
      }
      i = j + 1;
    }
    return segments >= 2 && words * 2 >= segments;
  }

  /** An unquoted code expression rather than a literal: {@code config.password}, {@code f()}. */
  private static boolean isReference(String v) {
    if (v.indexOf('(') >= 0) {
      return true;
    }
    boolean dotted = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.') {
        dotted = true;
      } else if (!(Chars.isLetter(c) || c == '_' || (i > 0 && Chars.isDigit(c)))) {
        return false;
      }
    }
    return dotted;
  }

  private static String kind(char[] key, int len, int cls) {
    if (contains(key, len, "aws") && contains(key, len, "secret")) {
      return "aws_secret_access_key";
    }
    String[][] named = {{"cohere", "cohere_api_key"}, {"mistral", "mistral_api_key"},
        {"datadog", "datadog_api_key"}, {"ddapi", "datadog_api_key"},
        {"ddapp", "datadog_app_key"}, {"okta", "okta_api_token"},
        {"twilio", "twilio_auth_token"}, {"mailgun", "mailgun_api_key"},
        {"algolia", "algolia_api_key"}, {"azure", "azure_secret"},
        {"openai", "openai_api_key"}, {"anthropic", "anthropic_api_key"},
        {"slack", "slack_secret"}, {"github", "github_secret"}};
    for (String[] e : named) {
      if (contains(key, len, e[0])) {
        return e[1];
      }
    }
    return cls == 1 ? "password" : "generic_secret";
  }
}
