package dev.veil.auth;

import dev.veil.guard.Exchange;
import java.util.List;
import java.util.Objects;

/**
 * Who made a request: the API key's id and name, the models it may use, its policy and team.
 *
 * @param models the models the key may use; empty means all configured models
 * @param policy the attached policy name, or {@code null} for the default policy
 * @param team the key's team, by which team rate limits and budgets count; {@code null} if none
 */
public record Principal(String keyId, String keyName, List<String> models, String policy,
    String team) {

  /** The exchange attribute holding the principal, set by {@link ApiKeyGuard}. */
  public static final Exchange.Key<Principal> KEY = Exchange.Key.of("principal", Principal.class);

  /**
   * The principal of an exchange.
   *
   * @throws IllegalStateException if no guard authenticated the request (a guard placed before
   *     {@link ApiKeyGuard}); the pipeline then fails the request closed
   */
  public static Principal of(Exchange exchange) {
    Principal p = exchange.get(KEY);
    if (p == null) {
      throw new IllegalStateException("no principal: the guard runs before authentication");
    }
    return p;
  }

  public Principal {
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(keyName);
    models = List.copyOf(models);
  }

  /** Whether the key may use {@code model}. */
  public boolean mayUse(String model) {
    return models.isEmpty() || models.contains(model);
  }
}
