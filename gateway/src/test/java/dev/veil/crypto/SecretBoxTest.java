package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  private static final byte[] SECRET = "canary-totp-secret-7c1d".getBytes(StandardCharsets.UTF_8);
  private static final AssociatedData AD = AssociatedData.of("acme", "admin_user:alice", "totp_secret");

  @TempDir Path dir;
  private DataSource db;
  private LocalKeyProvider kek;

  @BeforeEach
  void setUp() {
    db = TestDatabases.sqlite(dir.resolve("keys.db"));
    kek = TestKeys.localKek(dir);
  }

  @Test
  void sealedSecretOpensOnlyWithTheSameTenantRecordAndField() {
    SecretBox box = SecretBox.loadOrCreate(db, kek, "box");
    String sealed = box.seal(SECRET, AD);

    assertThat(box.open(sealed, AD)).isEqualTo(SECRET);
    assertThat(sealed).doesNotContain("canary");
    assertThatThrownBy(() -> box.open(sealed, AssociatedData.of("acme", "admin_user:bob", "totp_secret")))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> box.open(sealed, AssociatedData.of("acme", "admin_user:alice", "totp_pending")))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> box.open(sealed, AssociatedData.of("beta", "admin_user:alice", "totp_secret")))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    SecretBox box = SecretBox.loadOrCreate(db, kek, "box");
    assertThat(box.seal(SECRET, AD)).isNotEqualTo(box.seal(SECRET, AD));
  }

  @Test
  void alteredOrMalformedSealedValuesDoNotOpenAndTheMessageRevealsNothing() {
    SecretBox box = SecretBox.loadOrCreate(db, kek, "box");
    byte[] raw = Base64.getDecoder().decode(box.seal(SECRET, AD));
    raw[raw.length - 1] ^= 1;
    String altered = Base64.getEncoder().encodeToString(raw);

    assertThatThrownBy(() -> box.open(altered, AD))
        .isInstanceOf(CryptoException.class)
        .hasMessageNotContaining("canary")
        .hasMessageNotContaining(altered);
    assertThatThrownBy(() -> box.open("not base64 canary!", AD))
        .isInstanceOf(CryptoException.class)
        .hasMessageNotContaining("canary");
    assertThat(box.toString()).doesNotContain("canary");
  }

  @Test
  void anotherBoxNameHasAnotherKey() {
    String sealed = SecretBox.loadOrCreate(db, kek, "box").seal(SECRET, AD);
    SecretBox other = SecretBox.loadOrCreate(db, kek, "other-box");
    assertThatThrownBy(() -> other.open(sealed, AD)).isInstanceOf(CryptoException.class);
  }

  @Test
  void aRestartedProcessOpensWhatWasSealedEvenAfterKekRotation() {
    String sealed = SecretBox.loadOrCreate(db, kek, "box").seal(SECRET, AD);

    KekRotation rotation = new KekRotation(kek, new DataKeys(db, kek, Clock.systemUTC()), db);
    KekRotation.Report report = rotation.rotate(RotationProgress.none());
    assertThat(report.keysetsRewrapped()).isEqualTo(1);
    assertThat(rotation.disableRetiredVersions()).hasSize(1);

    SecretBox restarted = SecretBox.loadOrCreate(db, TestKeys.localKek(dir), "box");
    assertThat(restarted.open(sealed, AD)).isEqualTo(SECRET);
  }
}
