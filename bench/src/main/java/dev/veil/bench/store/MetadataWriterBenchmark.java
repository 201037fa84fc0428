package dev.veil.bench.store;

import dev.veil.bench.TempStore;
import dev.veil.store.MetadataWriter;
import dev.veil.store.RequestRecord;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a request waits for its metadata record (issue 16, item 18): {@code durable=false} queues
 * the record and returns (written up to 20 ms later, lost on {@code kill -9}); {@code durable=true}
 * returns once the record is committed ({@code request_records.durable}, the default), which is
 * what an answer now waits for before it is sent.
 *
 * <ul>
 *   <li>{@link #oneClient}: one request at a time: the wait of a lone request, one commit each.
 *   <li>{@link #sixteenClients}: 16 threads at once: group commit, one transaction for whatever
 *       queued while the previous one ran.
 * </ul>
 *
 * <p>With {@code durable=false} a closed loop outruns the writer: the time is that of putting a
 * record on the queue, and most records are dropped once it is full (as the gateway did under
 * overload); with {@code durable=true} the writer holds the clients back instead.
 *
 * <p>The store is a fresh SQLite file in WAL mode ({@code synchronous=NORMAL}, as the gateway's),
 * records are a chat request's metadata with a receipt, ids unique and time-ordered like the
 * gateway's. Run: {@code bench/jmh.sh MetadataWriterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetadataWriterBenchmark {

  @Param({"false", "true"})
  boolean durable;

  private TempStore store;
  private MetadataWriter writer;
  private final AtomicLong sequence = new AtomicLong();

  @Setup
  public void setUp() {
    store = TempStore.create();
    writer = new MetadataWriter(store.database(), 10_000);
  }

  @TearDown
  public void tearDown() {
    writer.close();
    store.close();
  }

  @Benchmark
  public void oneClient() throws InterruptedException, ExecutionException {
    record();
  }

  @Benchmark
  @Threads(16)
  public void sixteenClients() throws InterruptedException, ExecutionException {
    record();
  }

  private void record() throws InterruptedException, ExecutionException {
    long n = sequence.incrementAndGet();
    RequestRecord r = new RequestRecord(String.format("req_%011x%021x", System.currentTimeMillis(),
        n), Instant.now(), null, "chat.completions", "gpt-4o-mini", "openai", 200, false, 1_250,
        120, 40, 160, 1_086, 812, "policy=default; EMAIL_ADDRESS.pseudonymize=1");
    if (durable) {
      writer.submitDurable(r).get();
    } else {
      writer.submit(r);
    }
  }
}
