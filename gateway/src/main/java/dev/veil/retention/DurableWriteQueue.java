package dev.veil.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed records to the store off the request thread, without losing any.
 *
 * <p>Design: a bounded in-memory queue feeds one writer thread, which takes whatever is waiting (up
 * to {@code maxBatch}) and writes it in one transaction (group commit), then completes each
 * record's future. The future completes only after the commit, so a caller that answers its client
 * after the future completes has a record that survives {@code kill -9}. {@link #submit} refuses at
 * once, instead of blocking, when the queue is full or the store is known to be down; a failed
 * write marks the store down, fails the batch and everything queued behind it, and the writer then
 * probes the store until it answers again.
 *
 * <p>Usage on the request path: {@code queue.submit(vault.seal(r)).get(timeout)} before the
 * response is released; any exception means the request fails.
 */
public final class DurableWriteQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableWriteQueue.class);

  private record Pending(SealedRecord record, CompletableFuture<Void> done) {}

  private final ContentVault vault;
  private final BlockingQueue<Pending> queue;
  private final int maxBatch;
  private final Duration probeInterval;
  private final Thread writer;
  private volatile boolean healthy = true;
  private volatile boolean closing;

  /**
   * @param capacity records that may wait; beyond that {@link #submit} fails
   * @param maxBatch most records per transaction
   * @param probeInterval pause between store probes while the store is down
   */
  public DurableWriteQueue(ContentVault vault, int capacity, int maxBatch, Duration probeInterval) {
    this.vault = Objects.requireNonNull(vault, "vault");
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("capacity and maxBatch must be >= 1, were " + capacity + ", " + maxBatch);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
    this.writer = Thread.ofPlatform().name("veil-content-writer").unstarted(this::run);
    writer.start();
  }

  /**
   * Queues a record. The future completes once the record is committed, or fails with {@link
   * StoreUnavailableException}.
   *
   * @throws StoreUnavailableException at once when the queue is full, the store is down or the
   *     queue is closing
   */
  public CompletableFuture<Void> submit(SealedRecord record) {
    Objects.requireNonNull(record, "record");
    if (closing) {
      throw new StoreUnavailableException("content write queue is closed");
    }
    if (!healthy) {
      throw new StoreUnavailableException("content store is unavailable");
    }
    Pending p = new Pending(record, new CompletableFuture<>());
    if (!queue.offer(p)) {
      throw new StoreUnavailableException("content write queue is full (" + (queue.size() + queue.remainingCapacity()) + " records)");
    }
    if (closing && !writer.isAlive() && queue.remove(p)) {
      throw new StoreUnavailableException("content write queue is closed");
    }
    return p.done();
  }

  /** Whether the last write (or probe) succeeded. */
  public boolean isHealthy() {
    return healthy;
  }

  /** Records waiting to be written. */
  public int pending() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (!closing || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    failAll(new StoreUnavailableException("content write queue stopped"));
  }

  private void write(List<Pending> batch) throws InterruptedException {
    List<SealedRecord> records = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      records.add(p.record());
    }
    try {
      vault.write(records);
      for (Pending p : batch) {
        p.done().complete(null);
      }
    } catch (Exception e) {
      healthy = false;
      LOG.error("content store write failed; refusing new content until it answers again", e);
      StoreUnavailableException failure = new StoreUnavailableException("content store write failed", e);
      for (Pending p : batch) {
        p.done().completeExceptionally(failure);
      }
      failAll(failure);
      awaitStore();
    }
  }

  private void awaitStore() throws InterruptedException {
    while (!closing) {
      Thread.sleep(probeInterval.toMillis());
      try {
        vault.ping();
        healthy = true;
        LOG.info("content store answers again");
        return;
      } catch (Exception e) {
        LOG.debug("content store still unavailable", e);
      }
    }
  }

  private void failAll(StoreUnavailableException failure) {
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done().completeExceptionally(failure);
    }
  }

  /** Stops accepting records, writes what is queued, and stops the writer. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
