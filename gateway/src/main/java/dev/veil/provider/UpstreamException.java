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

  public UpstreamException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public UpstreamException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** How the call failed. */
  public Kind kind() {
    return kind;
  }
}
