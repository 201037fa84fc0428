package dev.veil.retention;

/**
 * Content that a policy requires to be stored cannot be made durable (queue full, store down,
 * shutting down). The request that produced it must fail: Veil does not serve what it cannot record.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
