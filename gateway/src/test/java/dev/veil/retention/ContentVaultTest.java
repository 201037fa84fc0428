package dev.veil.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.consent.ConsentState;
import dev.veil.crypto.CryptoException;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentVaultTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void storedContentRoundTripsOnSqlite() throws Exception {
    roundTripAndRefuseMovedCiphertext(TestDatabases.sqlite(dir.resolve("veil.db")));
  }

  @Test
  void storedContentRoundTripsOnPostgres() throws Exception {
    roundTripAndRefuseMovedCiphertext(TestDatabases.postgres());
  }

  private void roundTripAndRefuseMovedCiphertext(DataSource db) throws Exception {
    MutableClock clock = new MutableClock(NOW);
    ContentVault vault = new ContentVault(db, new DataKeys(db, TestKeys.localKek(dir), clock), clock);
    vault.write(List.of(
        vault.seal(Fixtures.record("rec-a", NOW, "30d", ConsentState.GRANTED)),
        vault.seal(Fixtures.record("rec-b", NOW, "30d", ConsentState.DENIED))));

    OpenedRecord a = vault.open("rec-a").orElseThrow();
    assertThat(a.field(ContentVault.REQUEST).orElseThrow()).contains(Fixtures.CANARY);
    assertThat(a.toString()).doesNotContain(Fixtures.CANARY);
    assertThat(a.meta().consentAtCapture()).isEqualTo(ConsentState.GRANTED);
    assertThat(a.meta().expiresAt()).isAfterOrEqualTo(NOW.plus(java.time.Duration.ofDays(30)));
    // The stored column is base64 of the ciphertext: neither it nor its decoded bytes hold the
    // canary. (A three-letter word would turn up in random base64 now and then.)
    String stored = rawColumn(db, "rec-a", ContentVault.REQUEST);
    assertThat(stored).doesNotContain(Fixtures.CANARY);
    assertThat(new String(java.util.Base64.getDecoder().decode(stored),
        java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(Fixtures.CANARY);

    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE sealed_fields SET ciphertext = ? WHERE record_id = 'rec-b' AND field = ?")) {
      ps.setString(1, rawColumn(db, "rec-a", ContentVault.REQUEST));
      ps.setString(2, ContentVault.REQUEST);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThatThrownBy(() -> vault.open("rec-b"))
        .isInstanceOf(CryptoException.class)
        .hasMessageNotContaining(Fixtures.CANARY);

    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE sealed_fields SET ciphertext = ? WHERE record_id = 'rec-a' AND field = ?")) {
      ps.setString(1, rawColumn(db, "rec-a", ContentVault.REQUEST));
      ps.setString(2, ContentVault.RESPONSE);
      ps.executeUpdate();
    }
    assertThatThrownBy(() -> vault.open("rec-a")).isInstanceOf(CryptoException.class);
  }

  @Test
  void preparedPeriodsLetSealingStartANewPeriodWithoutTheKekProvider() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    CountingKek kek = new CountingKek(TestKeys.localKek(dir));
    ContentVault vault = new ContentVault(db, new DataKeys(db, kek, clock), clock);
    Retention r = Retention.parse("12h");
    vault.prepare("acme", r);
    int calls = kek.calls;
    clock.set(NOW.plus(r.step()));
    vault.seal(Fixtures.record("next-period", clock.instant(), "12h", ConsentState.GRANTED));
    assertThat(kek.calls).isEqualTo(calls);
  }

  /** Regression: with a 60 s retention an idle gateway made a data key every 2 s. */
  @Test
  void anIdleRetentionGetsNoNewDataKeysAndABusyOneKeepsGettingThem() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    CountingKek kek = new CountingKek(TestKeys.localKek(dir));
    ContentVault vault = new ContentVault(db, new DataKeys(db, kek, clock), clock);
    Retention r = Retention.parse("60s");
    assertThat(r.step()).isEqualTo(java.time.Duration.ofSeconds(2));

    vault.prepare("acme", r);
    int afterStart = kek.calls;
    for (int i = 0; i < 300; i++) {
      clock.set(clock.instant().plusMillis(1000));
      vault.prepare("acme", r);
    }
    assertThat(kek.calls).isEqualTo(afterStart);

    vault.seal(Fixtures.record("busy", clock.instant(), "60s", ConsentState.GRANTED));
    int afterSeal = kek.calls;
    clock.set(clock.instant().plus(r.step()));
    vault.prepare("acme", r);
    assertThat(kek.calls).isGreaterThan(afterSeal);
    clock.set(clock.instant().plusMillis(500));
    int calls = kek.calls;
    vault.seal(Fixtures.record("warm", clock.instant(), "60s", ConsentState.GRANTED));
    assertThat(kek.calls).isEqualTo(calls);

    for (int i = 0; i < 30; i++) {
      clock.set(clock.instant().plusMillis(1000));
      vault.prepare("acme", r);
    }
    int idleAgain = kek.calls;
    for (int i = 0; i < 300; i++) {
      clock.set(clock.instant().plusMillis(1000));
      vault.prepare("acme", r);
    }
    assertThat(kek.calls).isEqualTo(idleAgain);
  }

  @Test
  void retentionPeriodsOvershootByAtMostOneGridStep() {
    Retention r = Retention.parse("90s");
    Instant end = r.periodEnd(NOW.plusMillis(1));
    assertThat(end).isAfterOrEqualTo(NOW.plusMillis(1).plusSeconds(90));
    assertThat(end).isBeforeOrEqualTo(NOW.plusSeconds(90 + 3 + 1));
    assertThat(Retention.parse("30d").step()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(Retention.parse("12h").step()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThatThrownBy(() -> Retention.parse("30 days")).hasMessageContaining("30d");
  }

  static String rawColumn(DataSource db, String recordId, String field) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT ciphertext FROM sealed_fields WHERE record_id = ? AND field = ?")) {
      ps.setString(1, recordId);
      ps.setString(2, field);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  static final class CountingKek implements dev.veil.crypto.KeyProvider {
    private final dev.veil.crypto.KeyProvider delegate;
    volatile int calls;

    CountingKek(dev.veil.crypto.KeyProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public dev.veil.crypto.WrappedKey wrap(dev.veil.crypto.SecretBytes secret, dev.veil.crypto.AssociatedData context) {
      calls++;
      return delegate.wrap(secret, context);
    }

    @Override
    public dev.veil.crypto.SecretBytes unwrap(dev.veil.crypto.WrappedKey wrapped, dev.veil.crypto.AssociatedData context) {
      calls++;
      return delegate.unwrap(wrapped, context);
    }

    @Override
    public dev.veil.crypto.KekVersion rotate() {
      return delegate.rotate();
    }

    @Override
    public List<dev.veil.crypto.KekVersion> versions() {
      return delegate.versions();
    }

    @Override
    public void disable(String versionId) {
      delegate.disable(versionId);
    }
  }
}
