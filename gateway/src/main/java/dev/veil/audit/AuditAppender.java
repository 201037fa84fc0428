package dev.veil.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes audit events off the request path: {@link #append} only puts the event in a bounded queue,
 * and one writer thread commits queued events in batches through a {@link Sink}.
 *
 * <p>Nothing is dropped silently. A full queue is refused at once with {@link
 * AuditQueueFullException}, so the caller can refuse the audited action. When the sink fails, the
 * writer keeps the batch and retries with back-off, while the queue fills and starts refusing.
 * Each accepted event's future completes with its log index once committed, or exceptionally if
 * the appender is closed before the event could be written.
 *
 * <p>Thread-safe.
 */
public final class AuditAppender implements AutoCloseable {

  /** Where batches are committed; {@link AuditLog} is one. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Commits the events in order.
     *
     * @return the index of the first
     */
    long append(List<AuditEvent> events);
  }

  private static final Logger LOG = LoggerFactory.getLogger(AuditAppender.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  private record Pending(AuditEvent event, CompletableFuture<Long> done) {}

  private final Sink sink;
  private final BlockingQueue<Pending> queue;
  private final int capacity;
  private final int maxBatch;
  private final Thread writer;
  private volatile boolean closing;

  /**
   * Starts the writer thread.
   *
   * @param capacity events that may wait; beyond it {@link #append} refuses
   * @param maxBatch most events committed in one transaction
   */
  public AuditAppender(Sink sink, int capacity, int maxBatch) {
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "capacity and batch size must be positive: " + capacity + ", " + maxBatch);
    }
    this.sink = sink;
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = Thread.ofPlatform().name("veil-audit-appender").daemon().start(this::run);
  }

  /**
   * Enqueues an event; never blocks.
   *
   * @return completes with the event's log index once committed
   * @throws AuditQueueFullException if the queue is full; the event was not accepted
   * @throws IllegalStateException if the appender is closed
   */
  public CompletableFuture<Long> append(AuditEvent event) {
    if (closing) {
      throw new IllegalStateException("the audit appender is closed");
    }
    Pending pending = new Pending(event, new CompletableFuture<>());
    if (!queue.offer(pending)) {
      throw new AuditQueueFullException(capacity);
    }
    if (closing && !writer.isAlive() && queue.remove(pending)) {
      throw new IllegalStateException("the audit appender is closed");
    }
    return pending.done;
  }

  /** Events waiting to be committed. */
  public int backlog() {
    return queue.size();
  }

  /**
   * Stops accepting events and waits up to {@code timeout} for the queued ones to be committed;
   * those still waiting then fail their futures.
   */
  public void close(Duration timeout) {
    closing = true;
    try {
      writer.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
    try {
      writer.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      LOG.error("audit appender closed with {} events not written", left.size());
      AuditException lost = new AuditException("the audit appender closed before writing it");
      left.forEach(p -> p.done.completeExceptionally(lost));
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    long backoff = 0;
    while (true) {
      try {
        if (batch.isEmpty()) {
          if (closing && queue.isEmpty()) {
            return;
          }
          Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
        }
        if (backoff > 0) {
          Thread.sleep(backoff);
        }
        write(batch);
        batch.clear();
        backoff = 0;
      } catch (InterruptedException e) {
        fail(batch, "the audit appender was interrupted before writing it");
        return;
      } catch (RuntimeException e) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(50, backoff * 2));
        LOG.warn("audit append of {} events failed, retrying in {} ms: {}",
            batch.size(), backoff, e.getMessage());
      }
    }
  }

  private void write(List<Pending> batch) {
    List<AuditEvent> events = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      events.add(p.event);
    }
    long first = sink.append(events);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done.complete(first + i);
    }
  }

  private static void fail(List<Pending> batch, String why) {
    if (!batch.isEmpty()) {
      LOG.error("audit appender stopped with {} events not written", batch.size());
      AuditException lost = new AuditException(why);
      batch.forEach(p -> p.done.completeExceptionally(lost));
    }
  }
}
