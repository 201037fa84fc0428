package dev.veil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes request records and API-key last-use times off the request path.
 *
 * <p>The request thread only offers a record to a bounded queue (never blocks); one writer thread
 * drains the queue and inserts in batches, one transaction per batch (group commit: whatever
 * queued while the previous transaction ran goes in the next one).
 *
 * <p>Two ways to submit. {@link #submitDurable} returns a future that completes once the record is
 * committed, so a caller that answers its client after it completes has a record that survives
 * {@code kill -9}; the writer then starts a batch at once. {@link #submit} returns at once: after
 * the first record of such a batch the writer waits {@link #LINGER} for more, so that a trickle of
 * requests costs one transaction per linger instead of one each, and a record that is queued when
 * the process dies is lost. When the queue is full the record is dropped and counted in {@link
 * #dropped()} (and a durable submit fails). {@link #close()} drains what is queued.
 */
public final class MetadataWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataWriter.class);
  private static final int BATCH = 256;
  static final Duration LINGER = Duration.ofMillis(20);
  private static final String INSERT =
      "INSERT INTO request_records (id, started_at, api_key_id, endpoint, model, provider,"
          + " status, streamed, latency_micros, prompt_tokens, completion_tokens, total_tokens,"
          + " bytes_in, bytes_out, receipt, consent, content_stored, spend_nanos)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private final Database db;
  private final ApiKeyStore keys;
  /** A queued record and, when submitted durably, the future its commit completes. */
  private record Pending(RequestRecord record, CompletableFuture<Void> committed) {}

  private final BlockingQueue<Pending> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  public MetadataWriter(Database db, int capacity) {
    this.db = db;
    this.keys = new ApiKeyStore(db);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofPlatform().name("veil-metadata-writer").daemon(true).start(this::loop);
  }

  /** Queues {@code record} for writing; returns at once, dropping it if the queue is full. */
  public void submit(RequestRecord record) {
    offer(new Pending(record, null));
  }

  /**
   * Queues {@code record} for writing; the future completes once it is committed, or fails with
   * {@link StoreException} when the queue is full or closed or the write fails.
   */
  public CompletableFuture<Void> submitDurable(RequestRecord record) {
    Pending p = new Pending(record, new CompletableFuture<>());
    if (!running) {
      p.committed().completeExceptionally(new StoreException("the metadata writer is closed"));
    } else {
      offer(p);
    }
    return p.committed();
  }

  private void offer(Pending p) {
    if (queue.offer(p)) {
      accepted.incrementAndGet();
    } else {
      dropped.incrementAndGet();
      if (p.committed() != null) {
        p.committed().completeExceptionally(new StoreException("the metadata queue is full ("
            + (queue.size() + queue.remainingCapacity()) + " records)"));
      }
    }
  }

  /** Records waiting for the writer now. */
  public int backlog() {
    return queue.size();
  }

  /** Records dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Records written so far. */
  public long written() {
    return written.get();
  }

  /** Blocks until everything queued before this call has been written or failed. */
  public void flush() throws InterruptedException {
    long target = accepted.get();
    while (processed.get() < target && thread.isAlive()) {
      Thread.sleep(2);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        if (batch.size() < BATCH && running && !awaited(batch)) {
          Thread.sleep(LINGER.toMillis());
          queue.drainTo(batch, BATCH - batch.size());
        }
        write(batch);
        for (Pending p : batch) {
          if (p.committed() != null) {
            p.committed().complete(null);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(batch, new StoreException("the metadata writer was interrupted", e));
        return;
      } catch (RuntimeException e) {
        LOG.error("writing {} request records failed: {}", batch.size(), e.getClass().getName());
        fail(batch, e instanceof StoreException se ? se
            : new StoreException("cannot write request records", e));
      } finally {
        processed.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  /** Whether a caller waits for a record of {@code batch}, which then must not linger. */
  private static boolean awaited(List<Pending> batch) {
    for (Pending p : batch) {
      if (p.committed() != null) {
        return true;
      }
    }
    return false;
  }

  private static void fail(List<Pending> batch, StoreException e) {
    for (Pending p : batch) {
      if (p.committed() != null) {
        p.committed().completeExceptionally(e);
      }
    }
  }

  private void write(List<Pending> batch) {
    Map<String, Instant> lastUse = new HashMap<>();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (Pending p : batch) {
          RequestRecord r = p.record();
          ps.setString(1, r.id());
          ps.setLong(2, r.startedAt().toEpochMilli());
          ps.setString(3, r.apiKeyId());
          ps.setString(4, r.endpoint());
          ps.setString(5, r.model());
          ps.setString(6, r.provider());
          ps.setInt(7, r.status());
          ps.setInt(8, r.streamed() ? 1 : 0);
          ps.setLong(9, r.latencyMicros());
          setInt(ps, 10, r.promptTokens());
          setInt(ps, 11, r.completionTokens());
          setInt(ps, 12, r.totalTokens());
          ps.setLong(13, r.bytesIn());
          ps.setLong(14, r.bytesOut());
          ps.setString(15, r.receipt());
          ps.setString(16, r.consent() == null ? null : r.consent().name());
          ps.setInt(17, r.contentStored() ? 1 : 0);
          if (r.spendNanos() == null) {
            ps.setNull(18, java.sql.Types.BIGINT);
          } else {
            ps.setLong(18, r.spendNanos());
          }
          ps.addBatch();
          if (r.apiKeyId() != null) {
            lastUse.merge(r.apiKeyId(), r.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
          }
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write request records", e);
    }
    written.addAndGet(batch.size());
    try {
      keys.touch(lastUse);
    } catch (RuntimeException e) {
      LOG.warn("updating API keys' last use failed: {}", e.getClass().getName());
    }
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
