package dev.veil.policy;

/**
 * The {@code policies:} section of {@code veil.yaml} is invalid. The message names the key (as a
 * path such as {@code policies[1].entities.EMAIL}) and says how to fix it.
 */
public final class PolicyConfigException extends RuntimeException {

  private final String key;

  public PolicyConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The path of the offending key, e.g. {@code policies[0].output}. */
  public String key() {
    return key;
  }
}
