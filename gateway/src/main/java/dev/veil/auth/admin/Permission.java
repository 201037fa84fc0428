package dev.veil.auth.admin;

/** One thing an admin endpoint may let a signed-in user do. */
public enum Permission {
  USERS_READ,
  USERS_MANAGE,
  API_KEYS_READ_ALL,
  API_KEYS_MANAGE_ALL,
  API_KEYS_MANAGE_OWN,
  POLICIES_READ,
  POLICIES_MANAGE,
  CONFIG_MANAGE,
  CONSENT_READ,
  CONSENT_MANAGE,
  RECORDS_METADATA_READ,
  /** Reading stored content: a break-glass action that also needs a reason and is audited. */
  CONTENT_READ_BREAK_GLASS,
  DATA_SUBJECT_REQUESTS,
  RETENTION_RUN,
  KEYS_ROTATE,
  AUDIT_READ,
  AUDIT_EXPORT
}
