package dev.veil.auth;

import dev.veil.crypto.HmacPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Computes the keyed hash under which API keys are stored: HMAC-SHA256 with a per-install secret.
 *
 * <p>The secret lives in {@code <data-dir>/api-key-hmac.key} (32 random bytes, owner-only
 * permissions), made on first use. Several nodes sharing one PostgreSQL must share this file.
 *
 * <h2>Security</h2>
 * A database dump alone does not allow checking guesses of keys: that needs the secret too.
 * Losing the secret invalidates every key. The secret never leaves this class.
 */
public final class ApiKeyHasher {
  static final String FILE_NAME = "api-key-hmac.key";
  private final HmacPool hmac;

  private ApiKeyHasher(byte[] secret) {
    this.hmac = new HmacPool(secret);
  }

  /** Loads the install secret from {@code dataDir}, making it if it does not exist yet. */
  public static ApiKeyHasher load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      dev.veil.config.DataDirectory.ensure(dataDir);
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
      restrict(tmp);
      Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        if (!Files.exists(file)) {
          throw e;
        }
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != 32) {
      throw new IOException(file + " is damaged (expected 32 bytes); restore it from a backup");
    }
    return new ApiKeyHasher(bytes);
  }

  /** The hash of {@code key}, as 64 lower-case hex digits. */
  public String hash(String key) {
    return HexFormat.of().formatHex(hmac.mac(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Non-POSIX file systems: permissions are left to the platform's defaults.
    }
  }

  @Override
  public String toString() {
    return "ApiKeyHasher[██]";
  }
}
