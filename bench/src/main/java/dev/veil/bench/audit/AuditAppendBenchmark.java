package dev.veil.bench.audit;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditAppender;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditLog;
import dev.veil.audit.AuditOutcome;
import dev.veil.audit.FileSigningKeySource;
import dev.veil.bench.TempStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What appending an audit event costs the thread that does it, sampled per call so that the
 * percentiles are reported.
 *
 * <ul>
 *   <li>{@link #enqueue}: {@code AuditAppender.append}, which is what a request pays: the event
 *       goes into a bounded queue (capacity 4,096, batches of up to 256) while the appender's writer
 *       thread commits earlier events to the real {@code AuditLog} on SQLite at the same time. A
 *       benchmark thread enqueues far faster than any store commits, so before each call it waits
 *       (untimed) until the backlog is at most half the capacity: the measured calls never meet a
 *       full queue, as in a gateway whose writer keeps up. Tear-down fails the run unless every
 *       accepted event was committed.
 *   <li>{@link #appendSync}: {@code AuditLog.append} of one event in its own transaction (the
 *       sequencer row locked, the leaf and Merkle nodes inserted, the frontier updated), for
 *       reference: what the request would pay without the appender.
 * </ul>
 *
 * <p>Data: a break-glass content read by an admin (actor, target record, source address, two
 * details), the same event each time; its canonical entry is about 250 bytes. Each benchmark
 * uses a fresh SQLite store (WAL, {@code synchronous=NORMAL}, as the gateway opens it).
 *
 * <p>Run: {@code bench/jmh.sh AuditAppendBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditAppendBenchmark {

  static final int CAPACITY = 4_096;
  static final int MAX_BATCH = 256;

  static AuditEvent event() {
    return new AuditEvent(Instant.now(), "user:alice", AuditAction.CONTENT_READ, "record:rec-0001",
        "203.0.113.9", AuditOutcome.SUCCESS,
        Map.of("reason", "incident 4711: customer asked for a copy", "role", "owner"));
  }

  /** A log behind an appender; see {@link #enqueue}. */
  @State(Scope.Benchmark)
  public static class Async {
    TempStore store;
    AuditLog log;
    AuditAppender appender;
    AuditEvent event;
    long accepted;

    @Setup
    public void setUp() {
      store = TempStore.create();
      log = new AuditLog(store.database().dataSource(), new FileSigningKeySource(store.dir()), Clock.systemUTC());
      appender = new AuditAppender(log, CAPACITY, MAX_BATCH);
      event = event();
    }

    @Setup(Level.Invocation)
    public void makeRoom() {
      while (appender.backlog() > CAPACITY / 2) {
        LockSupport.parkNanos(100_000);
      }
    }

    @TearDown
    public void tearDown() {
      appender.close(Duration.ofSeconds(60));
      long committed = log.size();
      store.close();
      if (committed != accepted) {
        throw new IllegalStateException(accepted + " events accepted but " + committed + " committed");
      }
    }
  }

  /** A log appended to directly; see {@link #appendSync}. */
  @State(Scope.Benchmark)
  public static class Sync {
    TempStore store;
    AuditLog log;
    AuditEvent event;

    @Setup
    public void setUp() {
      store = TempStore.create();
      log = new AuditLog(store.database().dataSource(), new FileSigningKeySource(store.dir()), Clock.systemUTC());
      event = event();
    }

    @TearDown
    public void tearDown() {
      store.close();
    }
  }

  @Benchmark
  public CompletableFuture<Long> enqueue(Async s) {
    CompletableFuture<Long> done = s.appender.append(s.event);
    s.accepted++;
    return done;
  }

  @Benchmark
  public long appendSync(Sync s) {
    return s.log.append(s.event);
  }
}
