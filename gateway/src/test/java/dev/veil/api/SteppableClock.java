package dev.veil.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, moved ahead by whatever a test {@linkplain #advance advanced} it: time runs as
 * usual for the parts that need it to (TLS, TOTP, caches), and a test that waits for an expiry
 * moves the clock instead of sleeping.
 */
final class SteppableClock extends Clock {
  private volatile Duration ahead = Duration.ZERO;

  synchronized void advance(Duration by) {
    ahead = ahead.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }
}
