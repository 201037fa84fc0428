package dev.veil.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RetentionRun} continuously, every {@code interval}, on an executor the caller owns
 * (tests pass a deterministic one). A failed run is logged and retried at the next tick; a run's
 * report goes to {@code onReport} (the lead wires it to the audit log).
 */
public final class RetentionScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

  private final RetentionRun run;
  private final ScheduledExecutorService executor;
  private final Duration interval;
  private final Consumer<RetentionRun.Report> onReport;
  private ScheduledFuture<?> task;

  public RetentionScheduler(
      RetentionRun run, ScheduledExecutorService executor, Duration interval, Consumer<RetentionRun.Report> onReport) {
    this.run = Objects.requireNonNull(run, "run");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.onReport = Objects.requireNonNull(onReport, "onReport");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.interval = interval;
  }

  /** Starts ticking; the first run is immediate. */
  public synchronized void start() {
    if (task != null) {
      throw new IllegalStateException("retention scheduler already started");
    }
    task = executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void tick() {
    try {
      RetentionRun.Report r = run.runNow();
      if (r.keysDestroyed() > 0 || r.recordsDeleted() > 0 || r.orphanRecordsDeleted() > 0) {
        LOG.info(
            "retention: destroyed {} data keys, deleted {} records ({} orphans)",
            r.keysDestroyed(), r.recordsDeleted(), r.orphanRecordsDeleted());
      }
      onReport.accept(r);
    } catch (Exception e) {
      LOG.error("retention run failed; retrying in {}", interval, e);
    }
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }
}
