package dev.veil.auth.admin;

import static dev.veil.auth.admin.Permission.*;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Admin roles and, in one table, what each may do. Least privilege: an auditor reads the audit log
 * and metadata but never content; a developer manages only its own API keys.
 */
public enum Role {
  /** Everything, including managing owners and rotating keys. */
  OWNER(EnumSet.allOf(Permission.class)),

  /** Runs the gateway day to day; cannot rotate keys or manage owners. */
  ADMIN(
      EnumSet.of(
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
          CONTENT_READ_BREAK_GLASS,
          DATA_SUBJECT_REQUESTS,
          RETENTION_RUN,
          AUDIT_READ)),

  /** Reads the audit log and metadata, never content. */
  AUDITOR(
      EnumSet.of(
          USERS_READ,
          API_KEYS_READ_ALL,
          POLICIES_READ,
          CONSENT_READ,
          RECORDS_METADATA_READ,
          AUDIT_READ,
          AUDIT_EXPORT)),

  /** Manages its own API keys and reads policies. */
  DEVELOPER(EnumSet.of(API_KEYS_MANAGE_OWN, POLICIES_READ));

  private final Set<Permission> permissions;

  Role(EnumSet<Permission> permissions) {
    this.permissions = java.util.Collections.unmodifiableSet(permissions);
  }

  public boolean allows(Permission permission) {
    return permissions.contains(permission);
  }

  public Set<Permission> permissions() {
    return permissions;
  }

  /** Whether a user with this role may give {@code other} to someone: never a higher role. */
  public boolean mayAssign(Role other) {
    return allows(USERS_MANAGE) && other.ordinal() >= ordinal();
  }

  /** Lower-case name as used in configuration and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a role name, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted roles
   */
  public static Role parse(String name) {
    for (Role role : values()) {
      if (role.wireName().equalsIgnoreCase(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + name + "'; expected owner, admin, auditor or developer");
  }
}
