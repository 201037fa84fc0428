package dev.veil.auth.admin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes (password4j), stored in PHC string form ({@code $argon2id$v=19$...}), so
 * that hashes made with older parameters still verify after the parameters change.
 */
public final class PasswordHasher {

  /** OWASP's recommended minimum: 19 MiB, 2 iterations, 1 lane. */
  public static final PasswordHasher DEFAULT = new PasswordHasher(19 * 1024, 2, 1);

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MIN_PASSWORD = 12;
  private static final int MAX_PASSWORD = 1024;

  private final Argon2Function function;
  private final String dummyHash;

  /**
   * @param memoryKib memory cost in KiB
   * @param iterations time cost
   * @param parallelism lanes
   */
  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    this.function =
        Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
    this.dummyHash = hash("dummy password for unknown users".toCharArray());
  }

  /**
   * Hashes a new password.
   *
   * @throws IllegalArgumentException if it is shorter than 12 or longer than 1024 characters
   */
  public String hash(char[] password) {
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new IllegalArgumentException(
          "a password needs " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    return Password.hash(java.nio.CharBuffer.wrap(password))
        .addRandomSalt(SALT_BYTES)
        .with(function)
        .getResult();
  }

  /** Whether {@code password} matches {@code storedHash}; false for a malformed hash. */
  public boolean verify(char[] password, String storedHash) {
    if (password.length > MAX_PASSWORD) {
      return false;
    }
    try {
      return Argon2Function.getInstanceFromHash(storedHash)
          .check(java.nio.CharBuffer.wrap(password), storedHash);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the time of one verification, so an unknown user name is not told apart by timing. */
  public void verifyNothing(char[] password) {
    verify(password, dummyHash);
  }
}
