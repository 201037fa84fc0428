package dev.veil.retention;

import java.util.Locale;

/** What a policy keeps of a request's content. */
public enum StoreMode {
  /** Only the metadata record; no content at all (the default). */
  NONE,
  /** The text as it went upstream: after masking and pseudonymisation. */
  PROTECTED,
  /** The text as the client sent it. */
  ORIGINAL;

  /** Parses {@code none | protected | original}. */
  public static StoreMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("store must be none, protected or original, was '" + text + "'");
    }
  }
}
