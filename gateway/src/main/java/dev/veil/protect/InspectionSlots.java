package dev.veil.protect;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many requests of each API key are being inspected right now, capped per key so that one key
 * cannot take every core: its further requests are refused at once (429) instead of queueing, and
 * other keys keep their share. A slot covers the scan of the request only, not the upstream call.
 *
 * <p>A key's entry exists only while it has a request in inspection, so the map holds at most as
 * many entries as requests in flight.
 */
final class InspectionSlots {
  private final int perKey;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  InspectionSlots(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("inspections per key must be >= 1, was " + perKey);
    }
    this.perKey = perKey;
  }

  /** The most inspections one key may have at once. */
  int perKey() {
    return perKey;
  }

  /** Takes a slot of {@code key}; false, taking nothing, when all of its slots are taken. */
  boolean tryAcquire(String key) {
    boolean[] taken = {false};
    inFlight.compute(key, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= perKey) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  /** Gives back a slot that {@link #tryAcquire} took. */
  void release(String key) {
    inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
