package dev.veil.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.consent.ConsentState;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.KeyDestroyedException;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionRunTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);
  private DataSource contentDb;
  private DataSource keyDb;
  private LocalKeyProvider kek;
  private DataKeys keys;
  private ContentVault vault;

  @BeforeEach
  void setUp() {
    contentDb = TestDatabases.sqlite(dir.resolve("veil.db"));
    keyDb = TestDatabases.sqlite(dir.resolve("keys.db"));
    kek = TestKeys.localKek(dir);
    keys = new DataKeys(keyDb, kek, clock);
    vault = new ContentVault(contentDb, keys, clock);
  }

  @Test
  void aCopyOfTheDatabaseTakenBeforeExpiryCannotBeOpenedAfterRetention() throws Exception {
    vault.write(List.of(
        vault.seal(Fixtures.record("short-1", NOW, "90s", ConsentState.GRANTED)),
        vault.seal(Fixtures.record("short-2", NOW, "90s", ConsentState.DENIED)),
        vault.seal(Fixtures.record("long-1", NOW, "30d", ConsentState.GRANTED))));
    String shortKey = vault.meta("short-1").orElseThrow().dataKeyId();
    assertThat(vault.open("short-1")).isPresent();
    assertThat(keys.isCached(shortKey)).isTrue();

    Path backup = dir.resolve("backup-before-expiry.db");
    checkpoint(contentDb);
    Files.copy(dir.resolve("veil.db"), backup);

    String wrapped = string(keyDb, "SELECT wrapped FROM data_keys WHERE key_id = '" + shortKey + "'");
    assertThat(filesContaining(dir, "keys.db", wrapped.substring(0, 40))).isNotEmpty();

    clock.set(NOW.plus(Duration.ofMinutes(5)));
    RetentionRun.Report report = new RetentionRun(keys, vault, clock).runNow();

    assertThat(report.keysDestroyed()).isEqualTo(1);
    assertThat(report.recordsDeleted()).isEqualTo(2);
    assertThat(filesContaining(dir, "keys.db", wrapped.substring(0, 40)))
        .as("no database file still holds the destroyed wrapped key")
        .isEmpty();
    assertThat(report.periods()).singleElement().satisfies(p -> {
      assertThat(p.tenant()).isEqualTo("acme");
      assertThat(p.recordsDeleted()).isEqualTo(2);
    });
    assertThat(report.toString()).doesNotContain(Fixtures.CANARY);
    assertThat(keys.isCached(shortKey)).isFalse();
    assertThat(count(keyDb, "SELECT COUNT(*) FROM data_keys WHERE key_id = '" + shortKey + "'")).isZero();
    assertThat(vault.meta("short-1")).isEmpty();
    assertThat(vault.open("long-1")).isPresent();

    DataSource copy = TestDatabases.sqlite(backup);
    assertThat(count(copy, "SELECT COUNT(*) FROM sealed_fields WHERE record_id LIKE 'short-%'")).isEqualTo(4);
    ContentVault fromBackup =
        new ContentVault(copy, new DataKeys(keyDb, TestKeys.localKek(dir), clock), clock);
    assertThatThrownBy(() -> fromBackup.open("short-1")).isInstanceOf(KeyDestroyedException.class);
    assertThatThrownBy(() -> fromBackup.open("short-2")).isInstanceOf(KeyDestroyedException.class);
    clock.set(NOW);
    assertThatThrownBy(() -> fromBackup.open("short-1"))
        .as("even with the clock turned back, the key is gone")
        .isInstanceOf(KeyDestroyedException.class);
    assertThat(fromBackup.open("long-1")).isPresent();
  }

  @Test
  void retentionShredsExpiredPeriodsOnPostgres() throws Exception {
    DataSource pg = TestDatabases.postgres();
    DataKeys pgKeys = new DataKeys(pg, kek, clock);
    ContentVault pgVault = new ContentVault(pg, pgKeys, clock);
    pgVault.write(List.of(
        pgVault.seal(Fixtures.record("short", NOW, "90s", ConsentState.GRANTED)),
        pgVault.seal(Fixtures.record("long", NOW, "30d", ConsentState.GRANTED))));
    String shortKey = pgVault.meta("short").orElseThrow().dataKeyId();
    String sealed = ContentVaultTest.rawColumn(pg, "short", ContentVault.REQUEST);

    clock.set(NOW.plus(Duration.ofMinutes(5)));
    RetentionRun.Report report = new RetentionRun(pgKeys, pgVault, clock).runNow();

    assertThat(report.keysDestroyed()).isEqualTo(1);
    assertThat(report.recordsDeleted()).isEqualTo(1);
    assertThat(count(pg, "SELECT COUNT(*) FROM data_keys WHERE key_id = '" + shortKey + "'")).isZero();
    assertThat(pgVault.open("long")).isPresent();
    DataKeys restarted = new DataKeys(pg, kek, new MutableClock(NOW));
    assertThatThrownBy(() -> restarted.open(shortKey, java.util.Base64.getDecoder().decode(sealed),
            dev.veil.crypto.AssociatedData.of("acme", "short", ContentVault.REQUEST)))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void nothingIsDestroyedBeforeThePeriodEnds() throws Exception {
    vault.write(List.of(vault.seal(Fixtures.record("r", NOW, "12h", ConsentState.GRANTED))));
    clock.set(NOW.plus(Duration.ofHours(11)));
    RetentionRun.Report report = new RetentionRun(keys, vault, clock).runNow();
    assertThat(report.keysDestroyed()).isZero();
    assertThat(vault.open("r")).isPresent();
  }

  @Test
  void theSchedulerShredsOnItsOwnAsTheClockAdvances() throws Exception {
    vault.write(List.of(vault.seal(Fixtures.record("r", NOW, "90s", ConsentState.GRANTED))));
    List<RetentionRun.Report> reports = new ArrayList<>();
    ManualExecutor executor = new ManualExecutor();
    try (RetentionScheduler scheduler =
        new RetentionScheduler(new RetentionRun(keys, vault, clock), executor, Duration.ofSeconds(30), reports::add)) {
      scheduler.start();
      executor.tick();
      assertThat(vault.meta("r")).isPresent();
      clock.set(NOW.plus(Duration.ofMinutes(2)));
      executor.tick();
    }
    assertThat(vault.meta("r")).isEmpty();
    assertThat(reports).hasSize(2);
    assertThat(reports.get(1).keysDestroyed()).isEqualTo(1);
  }

  private static void checkpoint(DataSource db) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private static String string(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<Path> filesContaining(Path dir, String prefix, String needle) throws Exception {
    List<Path> hits = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle)) {
          hits.add(f);
        }
      }
    }
    return hits;
  }

  private static long count(DataSource db, String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs the scheduled task only when the test says so. */
  static final class ManualExecutor extends ScheduledThreadPoolExecutor {
    private Runnable task;

    ManualExecutor() {
      super(1);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, java.util.concurrent.TimeUnit unit) {
      task = command;
      return new java.util.concurrent.ScheduledFuture<>() {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit u) {
          return 0;
        }

        @Override
        public int compareTo(Delayed o) {
          return 0;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
          task = null;
          return true;
        }

        @Override
        public boolean isCancelled() {
          return task == null;
        }

        @Override
        public boolean isDone() {
          return task == null;
        }

        @Override
        public Object get() {
          return null;
        }

        @Override
        public Object get(long timeout, java.util.concurrent.TimeUnit u) {
          return null;
        }
      };
    }

    void tick() {
      task.run();
    }
  }
}
