package dev.veil.provider;

import java.io.IOException;

/**
 * An upstream call that failed. The message says what failed in general terms and never carries
 * request or response content.
 */
public final class UpstreamException extends IOException {

  /** How the call failed, which decides the client's status. */
  public enum Kind {
    /** No answer in time: 504. */
    TIMEOUT(504, "upstream_timeout"),
    /** Could not connect, the connection broke, or the answer was not understood: 502. */
    UNAVAILABLE(502, "upstream_unavailable"),
    /** The upstream answered with an error status that is not the client's fault: 502. */
    ERROR(502, "upstream_error");

    private final int status;
    private final String code;

    Kind(int status, String code) {
      this.status = status;
      this.code = code;
    }

    /** The HTTP status for the client. */
    public int status() {
      return status;
    }

    /** The OpenAI-style error code. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final int upstreamStatus;

  public UpstreamException(Kind kind, String message) {
    this(kind, message, 0);
  }

  /** A failure for an answer with HTTP status {@code upstreamStatus} (0: no answer). */
  public UpstreamException(Kind kind, String message, int upstreamStatus) {
    super(message);
    this.kind = kind;
    this.upstreamStatus = upstreamStatus;
  }

  public UpstreamException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.upstreamStatus = 0;
  }

  /**
   * The upstream's answer in general terms, for a log line: {@code HTTP 5xx} when it answered
   * with an error status, else how the call failed ({@code timeout}, {@code unavailable}). Never
   * carries content.
   */
  public String statusClass() {
    if (upstreamStatus >= 100 && upstreamStatus <= 599) {
      return "HTTP " + upstreamStatus / 100 + "xx";
    }
    return kind == Kind.TIMEOUT ? "timeout" : kind == Kind.ERROR ? "error" : "unavailable";
  }

  /** How the call failed. */
  public Kind kind() {
    return kind;
  }
}
