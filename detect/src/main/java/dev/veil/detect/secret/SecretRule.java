package dev.veil.detect.secret;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One credential format that starts with a fixed literal, e.g. {@code ghp_} and 36 base62 chars.
 *
 * <p>The literal is the cheap trigger: {@link PrefixSecretRecognizer} looks for every literal in
 * one pass and only then runs {@code body}, anchored right after the literal and written with
 * bounded, possessive quantifiers so that it cannot backtrack.
 *
 * @param kind the {@link dev.veil.detect.Finding#kind()} reported, e.g. {@code "github_pat"}
 * @param prefix the literal the value starts with
 * @param body the rest of the value, anchored after {@code prefix}
 * @param score the score of a match
 * @param valueIncludesPrefix false when the literal is a key name ({@code AccountKey=}) that is
 *     not part of the secret
 * @param check an extra check of the matched value
 * @param url true if the literal sits inside a URL, whose scheme and host before it belong to the
 *     finding
 */
public record SecretRule(String kind, String prefix, Pattern body, double score,
    boolean valueIncludesPrefix, Check check, boolean url) {

  /** A further test of a matched value (a checksum or a decoded structure). */
  public enum Check {
    NONE,
    /** GitHub and npm tokens: the last 6 base62 chars are the CRC-32 of the 30 before them. */
    CRC32_BASE62,
    /** OpenAI legacy keys carry a fixed marker; keys without it score lower. */
    OPENAI_MARKER
  }


  public SecretRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(check, "check");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("empty prefix for " + kind);
    }
  }

  static SecretRule of(String kind, String prefix, String body, double score) {
    return new SecretRule(kind, prefix, compile(body), score, true, Check.NONE, false);
  }

  static SecretRule keyed(String kind, String key, String body, double score) {
    return new SecretRule(kind, key, compile(body), score, false, Check.NONE, false);
  }

  static SecretRule url(String kind, String prefix, String body, double score) {
    return new SecretRule(kind, prefix, compile(body), score, true, Check.NONE, true);
  }

  static SecretRule checked(String kind, String prefix, String body, double score, Check check) {
    return new SecretRule(kind, prefix, compile(body), score, true, check, false);
  }

  private static Pattern compile(String body) {
    return Pattern.compile(body + "(?![A-Za-z0-9])");
  }
}
