package dev.veil.protect;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many requests of each API key are being inspected right now, capped per key so that one key
 * cannot take every core. A request whose key has all its slots taken waits, in arrival order, up
 * to a short time for one (a burst of small requests only queues for microseconds); when none
 * frees up in time it is refused (429), so a key that keeps every slot busy with huge requests is
 * told to back off while other keys keep their own slots. A slot covers the scan of the request
 * only, not the upstream call.
 *
 * <p>A key's entry exists only while one of its requests holds or awaits a slot; it is created and
 * removed under the map's lock for that key, counting holders and waiters, so the map holds at
 * most as many entries as requests in flight.
 */
final class InspectionSlots {
  private final int perKey;
  private final Duration wait;
  private final ConcurrentHashMap<String, Slots> keys = new ConcurrentHashMap<>();

  /** The slots of one key and how many requests hold or await one of them. */
  private static final class Slots {
    final Semaphore free;
    int users;

    Slots(int perKey) {
      free = new Semaphore(perKey, true);
    }
  }

  InspectionSlots(int perKey, Duration wait) {
    if (perKey < 1) {
      throw new IllegalArgumentException("inspections per key must be >= 1, was " + perKey);
    }
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the wait for a slot must not be negative, was " + wait);
    }
    this.perKey = perKey;
    this.wait = wait;
  }

  /** The most inspections one key may have at once. */
  int perKey() {
    return perKey;
  }

  /** How long a request waits for a slot before it is refused. */
  Duration waitLimit() {
    return wait;
  }

  /**
   * Takes a slot of {@code key}, waiting up to the wait limit for one; false, taking nothing, when
   * none freed up in time (or the thread was interrupted).
   */
  boolean acquire(String key) {
    Slots slots = keys.compute(key, (k, s) -> {
      Slots out = s == null ? new Slots(perKey) : s;
      out.users++;
      return out;
    });
    boolean taken = false;
    try {
      taken = slots.free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!taken) {
      leave(key);
    }
    return taken;
  }

  /** Gives back a slot that {@link #acquire} took. */
  void release(String key) {
    keys.get(key).free.release();
    leave(key);
  }

  private void leave(String key) {
    keys.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
  }
}
