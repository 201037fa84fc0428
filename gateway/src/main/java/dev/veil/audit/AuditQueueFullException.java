package dev.veil.audit;

/**
 * The asynchronous appender's queue is full (the database is slow or down), so the event was not
 * accepted. The caller must treat the action as not audited: refuse it, or retry later.
 */
public final class AuditQueueFullException extends AuditException {

  public AuditQueueFullException(int capacity) {
    super("audit queue is full (" + capacity + " events waiting); the event was not accepted");
  }
}
