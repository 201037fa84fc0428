package dev.veil.policy;

import java.util.Locale;

/** What a policy does with one finding in a request. */
public enum Action {
  /** Leave the value as it is. */
  ALLOW,
  /** Replace the value with its type in angle brackets, e.g. {@code <EMAIL_ADDRESS>}. */
  MASK,
  /** Remove the value. */
  REDACT,
  /** Replace the value with a reversible surrogate that is restored in the response. */
  PSEUDONYMIZE,
  /** Replace the value with a keyed, irreversible hash, e.g. {@code <EMAIL_ADDRESS_3f9a1c2b>}. */
  HASH,
  /** Refuse the whole request. */
  BLOCK;

  /** The name used in {@code veil.yaml} and in receipts, e.g. {@code pseudonymize}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
