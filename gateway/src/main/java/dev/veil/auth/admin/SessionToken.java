package dev.veil.auth.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A bearer token for an admin session or an MFA enrolment: 256 random bits, base64url.
 *
 * <p><b>Security:</b> only its SHA-256 is stored; {@link #toString()} reveals nothing and {@link
 * #equals} compares in constant time.
 *
 * @param value the token as sent by the client
 */
public record SessionToken(String value) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static SessionToken random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  String hash() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionToken other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "SessionToken[██]";
  }
}
