package dev.veil.protect;

/**
 * The model produced personal data that the policy's output action blocks. Thrown by {@link
 * StreamRestorer} in the middle of a stream: the text holding the value has not been emitted, and
 * the gateway must end the stream with an error event ({@code veil_policy_violation}).
 *
 * <h2>Security</h2>
 * Carries the {@link Violation} (types and locations), never a value.
 */
public final class OutputBlockedException extends RuntimeException {

  private final Violation violation;

  public OutputBlockedException(Violation violation) {
    super(violation.message(), null, false, true);
    this.violation = violation;
  }

  public Violation violation() {
    return violation;
  }
}
