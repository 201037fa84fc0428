package dev.veil.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long stored content is kept, e.g. {@code 30d}, {@code 12h}, {@code 15m}, {@code 90s}.
 *
 * <p>Records are grouped into periods so that one data key covers many records and is destroyed at
 * once. The period grid is a 24th of the retention, between 1 second and 1 hour: a record is kept
 * for its retention plus at most one grid step (a 30-day record for at most 30 days and 1 hour, a
 * 90-second record for at most 93 seconds), never less.
 */
public record Retention(Duration duration) {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})([smhd])");
  private static final Duration MIN_STEP = Duration.ofSeconds(1);
  private static final Duration MAX_STEP = Duration.ofHours(1);

  public Retention {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(3650)) > 0) {
      throw new IllegalArgumentException("retention must be between 1s and 3650d, was " + duration);
    }
  }

  /** Parses {@code <number><s|m|h|d>}. */
  public static Retention parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "retention must look like 30d, 12h, 15m or 90s, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return new Retention(d);
  }

  /** The grid step of this retention's periods. */
  public Duration step() {
    Duration s = duration.dividedBy(24);
    if (s.compareTo(MIN_STEP) < 0) {
      return MIN_STEP;
    }
    return s.compareTo(MAX_STEP) > 0 ? MAX_STEP : Duration.ofSeconds(s.getSeconds());
  }

  /** End of the period (and of the data key) for a record captured at {@code capturedAt}. */
  public Instant periodEnd(Instant capturedAt) {
    long due = capturedAt.plus(duration).getEpochSecond() + (capturedAt.getNano() > 0 ? 1 : 0);
    long step = step().getSeconds();
    long end = Math.ceilDiv(due, step) * step;
    return Instant.ofEpochSecond(end);
  }
}
