package dev.veil.limits;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Map;

/**
 * Counters in this process, for a gateway that runs on one node. One lock guards all counters: a
 * charge holds it for a few map look-ups, far below the cost of anything else on the request path.
 * Expired counters are dropped by a sweep at most once a second.
 */
public final class LocalCounters implements Counters {
  private static final long SWEEP_MILLIS = 1_000;

  private static final class Counter {
    long value;
    final long expiresAt;

    Counter(long expiresAt) {
      this.expiresAt = expiresAt;
    }
  }

  private final Clock clock;
  private final Map<String, Counter> counters = new HashMap<>();
  private long nextSweep;

  public LocalCounters(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<long[]> add(List<Charge> charges) {
    Counters.requireUnchecked(charges);
    return CompletableFuture.completedFuture(charge(charges).values());
  }

  @Override
  public synchronized Outcome charge(List<Charge> charges) {
    long now = clock.millis();
    if (now >= nextSweep) {
      sweep(now);
      nextSweep = now + SWEEP_MILLIS;
    }
    int n = charges.size();
    long[] values = new long[n];
    Counter[] found = new Counter[n];
    for (int i = 0; i < n; i++) {
      Counter c = counters.get(charges.get(i).name());
      if (c != null && c.expiresAt <= now) {
        c = null;
      }
      found[i] = c;
      values[i] = c == null ? 0 : c.value;
    }
    for (int i = 0; i < n; i++) {
      if (!passes(charges.get(i), values[i])) {
        return new Outcome(i, values);
      }
    }
    for (int i = 0; i < n; i++) {
      Charge ch = charges.get(i);
      Counter c = found[i];
      if (c == null) {
        c = new Counter(ch.expiresAtMillis());
        counters.put(ch.name(), c);
      }
      c.value += ch.amount();
      values[i] = c.value;
    }
    return new Outcome(-1, values);
  }

  static boolean passes(Charge ch, long value) {
    return switch (ch.check()) {
      case NONE -> true;
      case FITS -> value + ch.amount() <= ch.limit();
      case BELOW -> value < ch.limit();
    };
  }

  private void sweep(long now) {
    for (Iterator<Counter> it = counters.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAt <= now) {
        it.remove();
      }
    }
  }

  @Override
  public String describe() {
    return "in-process counters (this node only)";
  }

  @Override
  public void close() {}
}
