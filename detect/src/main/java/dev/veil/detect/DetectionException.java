package dev.veil.detect;

/**
 * Thrown when a text could not be inspected. Callers must fail closed: a text that raised this
 * was not scanned and must not be forwarded.
 *
 * <h2>Security</h2>
 * The message names the recognizer and the failure class only; it never carries the scanned text
 * or a cause whose message might.
 */
public final class DetectionException extends RuntimeException {

  public DetectionException(String message) {
    super(message, null, false, false);
  }
}
