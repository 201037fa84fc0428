package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.Chars;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.zip.CRC32;

/**
 * Finds every {@link SecretRule} in one pass: at each position that starts a token (the char
 * before is not a letter or digit), the rules whose literal starts with the next two chars are
 * looked up in a table and tried, longest literal first; a rule's regex runs only after its
 * literal matched.
 *
 * <p>Values that look like documentation placeholders (a run of {@code x} or {@code *}) or whose
 * random part has too little entropy to be a generated key are refused. A word such as
 * {@code EXAMPLE} inside an otherwise well-formed key does not exempt it: AWS's documented
 * {@code AKIAIOSFODNN7EXAMPLE} is shaped like a key, is pasted as one, and is reported.
 * An AWS access key id also triggers a look, within the next {@value #AWS_SECRET_WINDOW} chars,
 * for the 40-char secret access key that is usually written next to it.
 */
public final class PrefixSecretRecognizer implements Recognizer {

  static final int AWS_SECRET_WINDOW = 300;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Rules by the first two chars of their literal, {@code (c0 << 7) | c1}, both ASCII. */
  private final SecretRule[][] byFirstTwo = new SecretRule[128 * 128][];
  /**
   * Per bucket, the third chars its literals allow (a 128-bit set, all bits if a literal has two
   * chars only): most words that share a bucket's first two chars ("re" for {@code re_}, "be"
   * for {@code bedrock-api-key-}) are refused here without comparing a single literal.
   */
  private final long[][] thirdChars = new long[128 * 128][];

  public PrefixSecretRecognizer(List<SecretRule> rules) {
    List<List<SecretRule>> buckets = new ArrayList<>();
    for (int c = 0; c < byFirstTwo.length; c++) {
      buckets.add(null);
    }
    for (SecretRule r : rules) {
      String p = r.prefix();
      if (p.length() < 2 || p.charAt(0) >= 128 || p.charAt(1) >= 128) {
        throw new IllegalArgumentException(
            "rule literal must start with two ASCII chars: " + r.kind());
      }
      int key = (p.charAt(0) << 7) | p.charAt(1);
      if (buckets.get(key) == null) {
        buckets.set(key, new ArrayList<>());
      }
      buckets.get(key).add(r);
    }
    for (int key = 0; key < byFirstTwo.length; key++) {
      List<SecretRule> b = buckets.get(key);
      if (b != null) {
        b.sort(Comparator.comparingInt((SecretRule r) -> r.prefix().length()).reversed());
        byFirstTwo[key] = b.toArray(SecretRule[]::new);
        long[] third = new long[2];
        for (SecretRule r : b) {
          char c2 = r.prefix().length() > 2 ? r.prefix().charAt(2) : 0;
          if (c2 == 0 || c2 >= 128) {
            third[0] = -1L;
            third[1] = -1L;
          } else {
            third[c2 >> 6] |= 1L << (c2 & 63);
          }
        }
        thirdChars[key] = third;
      }
    }
  }

  @Override
  public String name() {
    return "secret_prefix";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char c1 = i + 1 < n ? text.charAt(i + 1) : 0;
      int key = (c << 7) | c1;
      SecretRule[] rules = c < 128 && c1 < 128 ? byFirstTwo[key] : null;
      // Only token starts are tried, so the rest of a word is skipped in one step.
      int next = Chars.isAlnum(c) ? Chars.skipAlnum(text, i + 1) : i + 1;
      if (rules == null || !thirdAllowed(thirdChars[key], i + 2 < n ? text.charAt(i + 2) : 0)) {
        i = next;
        continue;
      }
      for (SecretRule rule : rules) {
        if (!Chars.startsWith(text, i, rule.prefix())) {
          continue;
        }
        int bodyStart = i + rule.prefix().length();
        Matcher m = rule.body().matcher(text);
        m.useTransparentBounds(true).useAnchoringBounds(false).region(bodyStart, n);
        if (!m.lookingAt()) {
          continue;
        }
        int end = m.end();
        double score = score(rule, text, bodyStart, end);
        if (score <= 0) {
          continue;
        }
        int start = rule.valueIncludesPrefix() ? i : bodyStart;
        if (rule.url()) {
          start = urlStart(text, i);
        }
        out.add(new Finding(EntityType.SECRET, start, end, score, name(), rule.kind()));
        if (rule.kind().equals("aws_access_key_id")) {
          awsSecretNear(text, end, out);
        }
        next = end;
        break;
      }
      i = next;
    }
  }

  private static boolean thirdAllowed(long[] third, char c2) {
    return c2 >= 128 ? third[0] == -1L : (third[c2 >> 6] & (1L << (c2 & 63))) != 0;
  }

  private static double score(SecretRule rule, CharSequence s, int bodyStart, int end) {
    if (looksLikePlaceholder(s, bodyStart, end)) {
      return 0;
    }
    int len = end - bodyStart;
    if (len >= 16 && Chars.entropy(s, bodyStart, end) < 2.8) {
      return 0;
    }
    return switch (rule.check()) {
      case NONE -> rule.score();
      case CRC32_BASE62 -> crc32Base62(s, bodyStart, end) ? 0.99 : 0.7;
      case OPENAI_MARKER -> Chars.indexOf(s.subSequence(bodyStart, end), "T3BlbkFJ", 0) >= 0
          ? 0.95 : rule.score();
    };
  }

  static boolean looksLikePlaceholder(CharSequence s, int from, int to) {
    int xRun = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      xRun = (c == 'x' || c == 'X' || c == '*') ? xRun + 1 : 0;
      if (xRun >= 4) {
        return true;
      }
    }
    return false;
  }

  /** True if the last 6 chars are the base62 CRC-32 of the 30 before them. */
  static boolean crc32Base62(CharSequence s, int bodyStart, int end) {
    if (end - bodyStart != 36) {
      return false;
    }
    CRC32 crc = new CRC32();
    for (int i = bodyStart; i < bodyStart + 30; i++) {
      crc.update(s.charAt(i));
    }
    long v = crc.getValue();
    for (int i = end - 1; i >= end - 6; i--) {
      if (s.charAt(i) != BASE62.charAt((int) (v % 62))) {
        return false;
      }
      v /= 62;
    }
    return true;
  }

  /** Start of the URL around a literal found inside it: the host before it and the scheme. */
  private static int urlStart(CharSequence s, int i) {
    int start = i;
    while (start > 0 && start > i - 253) {
      char c = s.charAt(start - 1);
      if (Chars.isAlnum(c) || c == '.' || c == '-') {
        start--;
      } else {
        break;
      }
    }
    if (Chars.startsWith(s, start - 8, "https://")) {
      return start - 8;
    }
    if (Chars.startsWith(s, start - 7, "http://")) {
      return start - 7;
    }
    return start;
  }

  private void awsSecretNear(CharSequence s, int from, List<Finding> out) {
    int limit = Math.min(s.length(), from + AWS_SECRET_WINDOW);
    int i = from;
    while (i < limit) {
      if (!isB64(s.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < s.length() && isB64(s.charAt(j))) {
        j++;
      }
      if (j - i == 40 && (j >= s.length() || s.charAt(j) != '=')
          && Chars.entropy(s, i, j) >= 4.0 && mixed(s, i, j)
          && !looksLikePlaceholder(s, i, j)) {
        out.add(new Finding(EntityType.SECRET, i, j, 0.9, name(), "aws_secret_access_key"));
        return;
      }
      i = j;
    }
  }

  private static boolean isB64(char c) {
    return Chars.isAlnum(c) || c == '/' || c == '+';
  }

  private static boolean mixed(CharSequence s, int from, int to) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      upper |= Chars.isUpper(c);
      lower |= Chars.isLower(c);
      digit |= Chars.isDigit(c);
    }
    return upper && lower && digit;
  }
}
