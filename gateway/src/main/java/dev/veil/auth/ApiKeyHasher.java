package dev.veil.auth;

import dev.veil.crypto.KeyProvider;
import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Computes the keyed hash under which API keys are stored: HMAC-SHA256 with a per-install secret.
 *
 * <p>The secret is a keyset sealed by the KEK in the store (named {@value #KEYSET}), made on first
 * use, so every node that opens the same database with the same KEK hashes keys alike: a key made
 * on one node works on all of them. Installs from before kept the secret in {@code
 * <data-dir>/api-key-hmac.key}; the first start that finds no sealed secret but that file seals the
 * file's bytes, so existing keys keep working, and from then on the file is not read again.
 *
 * <h2>Security</h2>
 * A database dump alone does not allow checking guesses of keys: that needs the KEK too. Losing
 * the secret invalidates every key. The secret never leaves {@link KeyedHash}.
 */
public final class ApiKeyHasher {
  /** The name of the sealed keyset that holds the secret. */
  public static final String KEYSET = "api-key-hash";
  static final String LEGACY_FILE = "api-key-hmac.key";
  private final KeyedHash hmac;

  private ApiKeyHasher(KeyedHash hmac) {
    this.hmac = hmac;
  }

  /**
   * The hasher of the install that {@code db} belongs to, adopting the secret of {@code dataDir}'s
   * legacy file when the store has none yet.
   *
   * @throws IOException when the legacy file exists but cannot be read or is damaged
   * @throws dev.veil.crypto.CryptoException when {@code kek} cannot open the stored secret
   */
  public static ApiKeyHasher open(DataSource db, KeyProvider kek, Path dataDir)
      throws IOException {
    Path legacy = dataDir.resolve(LEGACY_FILE);
    try {
      return new ApiKeyHasher(KeyedHash.loadOrAdopt(db, kek, KEYSET, () -> readLegacy(legacy)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Optional<SecretBytes> readLegacy(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != 32) {
        throw new IOException(file + " is damaged (expected 32 bytes); restore it from a backup");
      }
      SecretBytes secret = SecretBytes.copyOf(bytes);
      java.util.Arrays.fill(bytes, (byte) 0);
      return Optional.of(secret);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hash of {@code key}, as 64 lower-case hex digits. */
  public String hash(String key) {
    return HexFormat.of().formatHex(hmac.mac(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII),
        b.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "ApiKeyHasher[██]";
  }
}
