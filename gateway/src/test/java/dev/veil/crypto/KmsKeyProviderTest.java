package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsKeyProviderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void aKmsThatIgnoresAssociatedDataStillCannotBeTrickedIntoUnwrappingAMovedKey() {
    KmsKeyProvider kms = new KmsKeyProvider(new InMemoryKms());
    SecretBytes secret = SecretBytes.random(32);
    WrappedKey w = kms.wrap(secret, AssociatedData.of("acme", "k1", "data-key"));
    assertThat(kms.unwrap(w, AssociatedData.of("acme", "k1", "data-key"))).isEqualTo(secret);
    assertThatThrownBy(() -> kms.unwrap(w, AssociatedData.of("acme", "k2", "data-key")))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void rotationThroughTheKmsRewrapsDataKeysAndRetiresTheOldVersion() {
    InMemoryKms backend = new InMemoryKms();
    KmsKeyProvider kms = new KmsKeyProvider(backend);
    var db = TestDatabases.sqlite(dir.resolve("keys.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DataKeys keys = new DataKeys(db, kms, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(1)));
    byte[] ct = key.seal("x".getBytes(StandardCharsets.UTF_8), AssociatedData.of("acme", "r", "f"));

    KekRotation rotation = new KekRotation(kms, keys, db);
    rotation.rotate(RotationProgress.none());
    assertThat(rotation.disableRetiredVersions()).containsExactly("v1");
    assertThat(new DataKeys(db, kms, clock).open(key.id(), ct, AssociatedData.of("acme", "r", "f")))
        .containsExactly('x');
  }

  /** A KMS stand-in with versioned AES keys and no associated data support, like Azure wrapKey. */
  static final class InMemoryKms implements KmsClient {
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final List<String> disabled = new ArrayList<>();

    InMemoryKms() {
      rotate();
    }

    @Override
    public String keyUri() {
      return "memory://test";
    }

    @Override
    public synchronized Encrypted encrypt(byte[] plaintext, byte[] associatedData) {
      String v = primary();
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.get(v));
        byte[] iv = c.getIV();
        byte[] body = c.doFinal(plaintext);
        byte[] out = new byte[iv.length + body.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(body, 0, out, iv.length, body.length);
        return new Encrypted(v, out);
      } catch (Exception e) {
        throw new CryptoException("encrypt failed", e);
      }
    }

    @Override
    public synchronized byte[] decrypt(String keyVersion, byte[] ciphertext, byte[] associatedData) {
      if (!keys.containsKey(keyVersion) || disabled.contains(keyVersion)) {
        throw new CryptoException("version " + keyVersion + " unavailable");
      }
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, keys.get(keyVersion), new GCMParameterSpec(128, ciphertext, 0, 12));
        return c.doFinal(ciphertext, 12, ciphertext.length - 12);
      } catch (Exception e) {
        throw new CryptoException("decrypt failed", e);
      }
    }

    @Override
    public synchronized String rotate() {
      try {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        String v = "v" + (keys.size() + 1);
        keys.put(v, g.generateKey());
        return v;
      } catch (Exception e) {
        throw new CryptoException("rotate failed", e);
      }
    }

    private String primary() {
      return "v" + keys.size();
    }

    @Override
    public synchronized List<KekVersion> versions() {
      List<KekVersion> out = new ArrayList<>();
      for (String v : keys.keySet()) {
        out.add(new KekVersion(v, disabled.contains(v) ? KekVersion.State.DISABLED : KekVersion.State.ENABLED, v.equals(primary())));
      }
      return out;
    }

    @Override
    public synchronized void disable(String keyVersion) {
      disabled.add(keyVersion);
    }
  }
}
