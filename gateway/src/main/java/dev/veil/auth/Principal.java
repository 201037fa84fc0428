package dev.veil.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who made a request: the API key's id and name, the models it may use and its policy.
 *
 * @param models the models the key may use; empty means all configured models
 * @param policy the attached policy name, or {@code null} for the default policy
 */
public record Principal(String keyId, String keyName, List<String> models, String policy) {

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
