package dev.veil.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored API key. Holds the keyed hash of the key, never the key.
 *
 * @param models the models the key may use; empty means every configured model
 * @param policy the name of the policy attached to the key, or {@code null} for the default
 * @param owner the admin user the key belongs to, or {@code null} for none
 * @param team the team the key belongs to, or {@code null} for none
 * @param expiresAt {@code null} when the key does not expire
 * @param revokedAt {@code null} unless revoked
 * @param lastUsedAt {@code null} if never used
 */
public record ApiKeyRecord(
    String id,
    String name,
    String prefix,
    String keyHash,
    List<String> models,
    String policy,
    String owner,
    String team,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  public ApiKeyRecord {
    models = List.copyOf(models);
  }

  @Override
  public String toString() {
    return "ApiKeyRecord[" + name + ", " + prefix + "…]";
  }
}
