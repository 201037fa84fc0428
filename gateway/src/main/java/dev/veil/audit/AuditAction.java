package dev.veil.audit;

/** What happened. The wire name ({@link #wireName()}) is what the log stores and hashes. */
public enum AuditAction {
  ADMIN_SIGN_IN,
  ADMIN_SIGN_OUT,
  ADMIN_LOCKED_OUT,
  MFA_ENROLLED,
  MFA_RECOVERY_CODE_USED,
  MFA_RESET,
  USER_CREATED,
  USER_ROLE_CHANGED,
  USER_DISABLED,
  USER_ENABLED,
  PASSWORD_CHANGED,
  API_KEY_CREATED,
  API_KEY_REVOKED,
  API_KEY_CHANGED,
  POLICY_CHANGED,
  CONFIG_CHANGED,
  CONTENT_READ,
  CONSENT_CHANGED,
  RETENTION_RUN,
  KEY_ROTATED,
  KEK_PASSPHRASE_SET,
  AUDIT_EXPORTED,
  DATA_SUBJECT_EXPORT,
  DATA_SUBJECT_ERASURE,
  TRAINING_EXPORTED,
  LIMITS_CONFIGURED,
  BUDGET_WARNING,
  BUDGET_EXHAUSTED,
  /** A request on an endpoint Veil cannot inspect was relayed unprotected, as configured. */
  UNPROTECTED_PASSTHROUGH,
  /** A response kept by the provider was read or deleted through Veil (upstream_store: allow). */
  STORED_RESPONSE_ACCESS;

  /** Lower-case dotted name, e.g. {@code admin.sign_in}, stable across releases. */
  public String wireName() {
    String lower = name().toLowerCase(java.util.Locale.ROOT);
    int split = lower.indexOf('_');
    return lower.substring(0, split) + "." + lower.substring(split + 1);
  }
}
