package dev.veil.audit;

/**
 * The audit log could not do what was asked: storage failed, or the stored log does not match its
 * signed tree heads. Messages name indexes and sizes, never entry contents.
 */
public class AuditException extends RuntimeException {

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
