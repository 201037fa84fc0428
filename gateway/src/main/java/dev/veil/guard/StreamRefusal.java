package dev.veil.guard;

import java.util.Objects;

/**
 * Thrown by a {@link StreamTransformer} to stop a stream with a specific OpenAI-style error event
 * (for example a policy violation in the model's output) instead of the generic {@code
 * veil_inspection_failed}. Events already sent stay sent.
 *
 * <h2>Security</h2>
 * The message is sent to the client: it must hold no request content or detected value.
 */
public final class StreamRefusal extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;

  public StreamRefusal(int status, String type, String code, String message) {
    super(Objects.requireNonNull(message), null, false, false);
    this.status = status;
    this.type = Objects.requireNonNull(type);
    this.code = Objects.requireNonNull(code);
  }

  /** The status recorded for the request. */
  public int status() {
    return status;
  }

  /** The OpenAI error type, e.g. {@code invalid_request_error}. */
  public String type() {
    return type;
  }

  /** The error code, e.g. {@code veil_policy_violation}. */
  public String code() {
    return code;
  }
}
