package dev.veil.audit;

/** How the action ended. */
public enum AuditOutcome {
  SUCCESS,
  FAILURE,
  DENIED;

  /** Lower-case name as stored and hashed. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
