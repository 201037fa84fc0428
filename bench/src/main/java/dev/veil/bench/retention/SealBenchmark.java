package dev.veil.bench.retention;

import dev.veil.bench.TempStore;
import dev.veil.bench.protect.ProtectFixture;
import dev.veil.consent.ConsentState;
import dev.veil.crypto.AssociatedData;
import dev.veil.crypto.DataKey;
import dev.veil.crypto.DataKeys;
import dev.veil.retention.ContentVault;
import dev.veil.retention.OpenedRecord;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.SealedRecord;
import dev.veil.retention.StoreMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What sealing and opening a 4 KB stored record costs (issue 5: at most 20 µs each, data key
 * cached, no KEK call on the request path), sampled per call so that the percentiles are reported.
 *
 * <ul>
 *   <li>{@link #seal}: {@code ContentVault.seal} of a record whose one field is a 4.4 KB chat
 *       request: data-key lookup, AES-256-GCM (Tink) bound to tenant, record id and field, Base64.
 *   <li>{@link #open}: {@code DataKeys.open} of the same content sealed the same way (Base64 decoding, key lookup and
 *       expiry check, AES-256-GCM) and UTF-8 decoding: what {@code ContentVault.open} does per
 *       field once the row is read.
 *   <li>{@link #openStored}: {@code ContentVault.open} of the record written to the SQLite store,
 *       for reference: the same plus two queries. This is an admin (break-glass) read, not on the
 *       request path.
 * </ul>
 *
 * <p>The store is a fresh SQLite file, the KEK a passphrase-protected local keyset. Set-up seals
 * and opens once, which unwraps the data key; tear-down fails the run if the KEK provider was
 * called again after that.
 *
 * <p>Run: {@code bench/jmh.sh SealBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SealBenchmark {

  private static final String TENANT = "bench";

  private TempStore store;
  private DataKeys keys;
  private ContentVault vault;
  private RecordToStore record;
  private String keyId;
  private String ciphertext;
  private AssociatedData associatedData;
  private long kekCallsAfterWarmUp;

  @Setup
  public void setUp() throws SQLException {
    store = TempStore.create();
    Clock clock = Clock.systemUTC();
    keys = new DataKeys(store.database().dataSource(), store.kek(), clock);
    vault = new ContentVault(store.database().dataSource(), keys, clock);
    Retention retention = Retention.parse("30d");
    vault.prepare(TENANT, retention);
    String content = ProtectFixture.chatRequest(false).toString();
    record = new RecordToStore("rec-0001", TENANT, "key-bench", Optional.empty(), StoreMode.PROTECTED,
        ConsentState.UNKNOWN, clock.instant(), retention, Map.of(ContentVault.REQUEST, content));
    vault.write(List.of(vault.seal(record)));
    DataKey key = keys.keyFor(TENANT, retention.periodEnd(record.capturedAt()));
    keyId = key.id();
    associatedData = AssociatedData.of(TENANT, record.recordId(), ContentVault.REQUEST);
    ciphertext = Base64.getEncoder().encodeToString(
        key.seal(content.getBytes(StandardCharsets.UTF_8), associatedData));
    if (!open().equals(content) || !openStored().fields().get(ContentVault.REQUEST).equals(content)) {
      throw new IllegalStateException("the sealed record did not open to its content");
    }
    kekCallsAfterWarmUp = store.kekCalls();
  }

  @TearDown
  public void tearDown() {
    long calls = store.kekCalls() - kekCallsAfterWarmUp;
    store.close();
    if (calls != 0) {
      throw new IllegalStateException("the KEK provider was called " + calls + " times after warm-up");
    }
  }

  @Benchmark
  public SealedRecord seal() {
    return vault.seal(record);
  }

  @Benchmark
  public String open() {
    byte[] plain = keys.open(keyId, Base64.getDecoder().decode(ciphertext), associatedData);
    return new String(plain, StandardCharsets.UTF_8);
  }

  @Benchmark
  public OpenedRecord openStored() throws SQLException {
    return vault.open(record.recordId()).orElseThrow();
  }
}
