package dev.veil.limits;

import dev.veil.guard.Exchange;

/** The {@code x-ratelimit-*} headers as OpenAI sends them and its SDKs read them. */
final class Headers {
  private Headers() {}

  /** Limit, remaining and reset of one kind ({@code requests} or {@code tokens}). */
  static void limit(Exchange exchange, String kind, long limit, long used, long resetMillis) {
    exchange.responseHeader("x-ratelimit-limit-" + kind, Long.toString(limit));
    exchange.responseHeader("x-ratelimit-remaining-" + kind,
        Long.toString(Math.max(0, limit - used)));
    exchange.responseHeader("x-ratelimit-reset-" + kind, duration(resetMillis));
  }

  /** A duration as OpenAI writes one: {@code 250ms}, {@code 12s}, {@code 1m30s}. */
  static String duration(long millis) {
    if (millis < 1000) {
      return Math.max(0, millis) + "ms";
    }
    long seconds = (millis + 999) / 1000;
    return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
  }
}
