package dev.veil.protect;

/**
 * A request holds more text than {@link RequestProtector} scans for one request: it is refused
 * (413 {@code veil_inspection_too_large}) before the rest is scanned, and nothing goes upstream.
 * Thrown as soon as the count passes the limit, so a huge body costs the CPU of the limit, not of
 * the body.
 *
 * <h2>Security</h2>
 * The message holds the limit only, never text or where the count passed it.
 */
public final class InspectionTooLargeException extends RuntimeException {
  private final long limit;

  InspectionTooLargeException(long limit) {
    super("more than " + limit + " characters to inspect", null, false, false);
    this.limit = limit;
  }

  /** The limit that was passed, in characters. */
  public long limit() {
    return limit;
  }
}
