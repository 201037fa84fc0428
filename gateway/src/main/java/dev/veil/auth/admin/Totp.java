package dev.veil.auth.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226) with HMAC-SHA1, 30-second steps and
 * six digits: what authenticator apps expect by default.
 *
 * <p>{@link #matchingStep} accepts one step of clock drift either way and returns the step that
 * matched, so the caller can refuse any code at or before the last step used (no replay).
 */
public final class Totp {

  public static final int STEP_SECONDS = 30;
  public static final int DIGITS = 6;
  private static final int SECRET_BYTES = 20;
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000};
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {}

  /** A new random 160-bit secret. */
  public static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The time step that {@code epochSeconds} falls in. */
  public static long step(long epochSeconds) {
    return Math.floorDiv(epochSeconds, STEP_SECONDS);
  }

  /** The code for one step, {@code digits} long, zero-padded (RFC 4226 dynamic truncation). */
  public static String code(byte[] secret, long step, int digits, String hmacAlgorithm) {
    try {
      Mac mac = Mac.getInstance(hmacAlgorithm);
      mac.init(new SecretKeySpec(secret, hmacAlgorithm));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      String digitsText = Integer.toString(binary % POWERS[digits]);
      return "0".repeat(digits - digitsText.length()) + digitsText;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + hmacAlgorithm, e);
    }
  }

  /** The six-digit HMAC-SHA1 code for a step. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS, "HmacSHA1");
  }

  /**
   * The step within one of {@code nowStep} whose code equals {@code code}, or -1. Compares in
   * constant time.
   */
  public static long matchingStep(byte[] secret, String code, long nowStep) {
    if (code == null || code.length() != DIGITS) {
      return -1;
    }
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long found = -1;
    for (long s = nowStep - 1; s <= nowStep + 1; s++) {
      if (MessageDigest.isEqual(given, code(secret, s).getBytes(StandardCharsets.US_ASCII))
          && found < 0) {
        found = s;
      }
    }
    return found;
  }

  /**
   * The {@code otpauth://} URI that authenticator apps scan.
   *
   * <p><b>Security:</b> it contains the secret; show it once, never log it.
   */
  public static String otpauthUri(String issuer, String account, byte[] secret) {
    String label = urlEncode(issuer) + ":" + urlEncode(account);
    return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer="
        + urlEncode(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** RFC 4648 base32 without padding, as authenticator apps use. */
  public static final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    public static String encode(byte[] data) {
      StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      if (bits > 0) {
        out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
      }
      return out.toString();
    }

    /**
     * Decodes, ignoring case, spaces, dashes and padding.
     *
     * @throws IllegalArgumentException on any other character
     */
    public static byte[] decode(String text) {
      String clean = text.replace(" ", "").replace("-", "").replace("=", "")
          .toUpperCase(Locale.ROOT);
      ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
      int buffer = 0;
      int bits = 0;
      for (int i = 0; i < clean.length(); i++) {
        int v = ALPHABET.indexOf(clean.charAt(i));
        if (v < 0) {
          throw new IllegalArgumentException("not base32");
        }
        buffer = (buffer << 5) | v;
        bits += 5;
        if (bits >= 8) {
          out.put((byte) (buffer >> (bits - 8)));
          bits -= 8;
        }
      }
      return out.array();
    }
  }
}
