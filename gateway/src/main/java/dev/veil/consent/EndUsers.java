package dev.veil.consent;

import java.util.Optional;

/** Identifies the end user of a request. */
public final class EndUsers {
  /** Header an app sets to name its end user. */
  public static final String HEADER = "X-Veil-End-User";
  private static final int MAX_LENGTH = 256;

  private EndUsers() {}

  /**
   * The end user named by the {@value #HEADER} header, or else by the request body's {@code user}
   * field; empty when neither is set. Values are trimmed; over-long values are refused.
   *
   * @throws IllegalArgumentException when a value is longer than 256 characters
   */
  public static Optional<String> identify(String userField, String header) {
    Optional<String> h = clean(header);
    return h.isPresent() ? h : clean(userField);
  }

  private static Optional<String> clean(String v) {
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    String t = v.strip();
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("end user id longer than " + MAX_LENGTH + " characters");
    }
    return Optional.of(t);
  }
}
