package dev.veil.limits;

import dev.veil.guard.Exchange;
import dev.veil.guard.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a limit guard does when its counters cannot be reached: refuse (the default) or let the
 * request pass unlimited ({@code redis.on_failure: open}). Warnings are logged at most every ten
 * seconds per guard, so that an outage does not flood the log.
 */
final class FailurePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);
  private static final long WARN_EVERY_MILLIS = 10_000;

  private final boolean open;
  private final String what;
  private final AtomicLong nextWarning = new AtomicLong();

  FailurePolicy(boolean open, String what) {
    this.open = open;
    this.what = what;
  }

  /** Logs the failure; returns whether the request may pass. */
  boolean unavailable(Exchange exchange, Counters.Unavailable e) {
    warn(exchange, e, open ? "passed without " + what + " (on_failure: open)"
        : "refused (on_failure: closed)");
    return open;
  }

  /** Logs usage that could not be counted after the answer. */
  /** What failed a stage: the exception inside a {@link CompletionException}. */
  static Exception cause(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof Exception x ? x : new IllegalStateException(t.getClass().getName());
  }

  void unsettled(Exchange exchange, Exception e) {
    warn(exchange, e, "its usage was not counted against the " + what);
  }

  private void warn(Exchange exchange, Exception e, String outcome) {
    long now = System.currentTimeMillis();
    long next = nextWarning.get();
    if (now >= next && nextWarning.compareAndSet(next, now + WARN_EVERY_MILLIS)) {
      // an unexpected exception is named by its class only: its message is not ours to log
      String why = e instanceof Counters.Unavailable ? e.getMessage() : e.getClass().getName();
      LOG.warn("request {}: counters unavailable ({}); {}", exchange.requestId(), why,
          outcome);
    }
  }

  /** The 503 for a request refused because the counters cannot be reached. */
  static Response.Json refusal() {
    return Response.error(503, "server_error", "veil_limits_unavailable",
        "Rate limits and budgets cannot be checked right now, so the request was refused;"
            + " nothing was sent upstream. Retry later.", null);
  }
}
