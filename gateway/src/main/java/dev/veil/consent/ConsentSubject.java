package dev.veil.consent;

import java.util.Objects;

/**
 * Whose consent: an end user of a tenant, or an API key of a tenant.
 *
 * <p><b>Security:</b> an end user id may be personal data (an email address); {@link #toString()}
 * omits it, and the ledger stores only its keyed hash.
 */
public record ConsentSubject(Kind kind, String tenant, String id) {
  /** The two kinds of subject. */
  public enum Kind {
    END_USER,
    API_KEY
  }

  public ConsentSubject {
    Objects.requireNonNull(kind, "kind");
    if (tenant == null || tenant.isEmpty() || id == null || id.isEmpty()) {
      throw new IllegalArgumentException("consent subject needs a tenant and an id");
    }
  }

  public static ConsentSubject endUser(String tenant, String endUserId) {
    return new ConsentSubject(Kind.END_USER, tenant, endUserId);
  }

  public static ConsentSubject apiKey(String tenant, String apiKeyId) {
    return new ConsentSubject(Kind.API_KEY, tenant, apiKeyId);
  }

  @Override
  public String toString() {
    return "ConsentSubject[" + kind + ", tenant=" + tenant + (kind == Kind.API_KEY ? ", key=" + id : "") + "]";
  }
}
