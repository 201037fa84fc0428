package dev.veil.retention;

import dev.veil.consent.ConsentState;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Child process for {@link DurableWriteQueueTest}: stores records forever and prints {@code ACK id}
 * for each one whose future completed, until it is killed.
 */
public final class WriteQueueChild {
  private WriteQueueChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    Clock clock = Clock.systemUTC();
    ContentVault vault = new ContentVault(db, new DataKeys(db, TestKeys.localKek(dir), clock), clock);
    DurableWriteQueue queue = new DurableWriteQueue(vault, 256, 32, Duration.ofMillis(100));
    for (int i = 0; ; i++) {
      String id = "rec-" + i;
      queue.submit(vault.seal(Fixtures.record(id, clock.instant(), "30d", ConsentState.GRANTED)))
          .get(10, TimeUnit.SECONDS);
      System.out.println("ACK " + id);
      System.out.flush();
    }
  }
}
