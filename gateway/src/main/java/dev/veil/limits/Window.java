package dev.veil.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A fixed counting window: a minute, a UTC calendar day or a UTC calendar month. */
enum Window {
  MINUTE("m"),
  DAY("d"),
  MONTH("mo");

  private final String tag;

  Window(String tag) {
    this.tag = tag;
  }

  /** The start of the window that holds {@code millis}, in epoch milliseconds. */
  long start(long millis) {
    return switch (this) {
      case MINUTE -> millis - Math.floorMod(millis, 60_000L);
      case DAY -> millis - Math.floorMod(millis, 86_400_000L);
      case MONTH -> date(millis).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant()
          .toEpochMilli();
    };
  }

  /** The end (exclusive) of the window that holds {@code millis}. */
  long end(long millis) {
    return switch (this) {
      case MINUTE -> start(millis) + 60_000L;
      case DAY -> start(millis) + 86_400_000L;
      case MONTH -> date(millis).withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC)
          .toInstant().toEpochMilli();
    };
  }

  /** A counter name suffix that changes with each window: its tag and start in seconds. */
  String suffix(long millis) {
    return tag + (start(millis) / 1000);
  }

  /** The word for reports: {@code minute}, {@code day}, {@code month}. */
  String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  private static LocalDate date(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
