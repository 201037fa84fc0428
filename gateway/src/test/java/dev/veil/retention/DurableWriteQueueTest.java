package dev.veil.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.consent.ConsentState;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableWriteQueueTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void acknowledgedRecordsSurviveKillDashNine() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), WriteQueueChild.class.getName(), dir.toString())
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < 20 && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    assertThat(acked).hasSize(20);

    Clock clock = Clock.systemUTC();
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    ContentVault vault = new ContentVault(db, new DataKeys(db, TestKeys.localKek(dir), clock), clock);
    for (String id : acked) {
      assertThat(vault.open(id)).as(id).hasValueSatisfying(r ->
          assertThat(r.field(ContentVault.REQUEST).orElseThrow()).contains(Fixtures.CANARY));
    }
  }

  @Test
  void submitFailsAtOnceWhenTheQueueIsFull() throws Exception {
    FlakyDataSource db = new FlakyDataSource(TestDatabases.sqlite(dir.resolve("veil.db")));
    ContentVault vault = vault(db);
    SealedRecord first = vault.seal(Fixtures.record("r0", NOW, "30d", ConsentState.GRANTED));
    db.block();
    try (DurableWriteQueue queue = new DurableWriteQueue(vault, 2, 1, Duration.ofMillis(10))) {
      CompletableFuture<Void> inFlight = queue.submit(first);
      db.awaitBlocked();
      queue.submit(vault.seal(Fixtures.record("r1", NOW, "30d", ConsentState.GRANTED)));
      queue.submit(vault.seal(Fixtures.record("r2", NOW, "30d", ConsentState.GRANTED)));
      assertThatThrownBy(() -> queue.submit(vault.seal(Fixtures.record("r3", NOW, "30d", ConsentState.GRANTED))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("full");
      db.unblock();
      inFlight.get(10, TimeUnit.SECONDS);
    }
    assertThat(vault.meta("r2")).isPresent();
    assertThat(vault.meta("r3")).isEmpty();
  }

  @Test
  void whenTheStoreIsDownTheRecordFailsAndNewSubmitsAreRefusedUntilItRecovers() throws Exception {
    FlakyDataSource db = new FlakyDataSource(TestDatabases.sqlite(dir.resolve("veil.db")));
    ContentVault vault = vault(db);
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try (DurableWriteQueue queue = new DurableWriteQueue(vault, 16, 8, Duration.ofMillis(20))) {
      db.down = true;
      CompletableFuture<Void> lost = queue.submit(vault.seal(Fixtures.record("r1", NOW, "30d", ConsentState.GRANTED)));
      assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreUnavailableException.class)
          .hasMessageNotContaining(Fixtures.CANARY);
      assertThat(queue.isHealthy()).isFalse();
      assertThatThrownBy(() -> queue.submit(vault.seal(Fixtures.record("r2", NOW, "30d", ConsentState.GRANTED))))
          .isInstanceOf(StoreUnavailableException.class);

      db.down = false;
      while (!queue.isHealthy()) {
        Thread.sleep(10);
      }
      queue.submit(vault.seal(Fixtures.record("r3", NOW, "30d", ConsentState.GRANTED))).get(10, TimeUnit.SECONDS);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getFormattedMessage()).doesNotContain(Fixtures.CANARY);
      if (e.getThrowableProxy() != null) {
        assertThat(e.getThrowableProxy().getMessage()).doesNotContain(Fixtures.CANARY);
      }
    });
    assertThat(vault.meta("r1")).isEmpty();
    assertThat(vault.meta("r3")).isPresent();
  }

  private ContentVault vault(DataSource contentDb) {
    MutableClock clock = new MutableClock(NOW);
    DataSource keyDb = TestDatabases.sqlite(dir.resolve("keys.db"));
    return new ContentVault(contentDb, new DataKeys(keyDb, TestKeys.localKek(dir), clock), clock);
  }

  /** A data source that can be made to fail, or to hang until released. */
  static final class FlakyDataSource implements DataSource {
    private final DataSource delegate;
    volatile boolean down;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch blocked = new CountDownLatch(1);

    FlakyDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    void block() {
      gate = new CountDownLatch(1);
    }

    void awaitBlocked() throws InterruptedException {
      blocked.await(10, TimeUnit.SECONDS);
    }

    void unblock() {
      gate.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new SQLException("store down");
      }
      if (gate.getCount() > 0) {
        blocked.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted");
        }
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
