package dev.veil.policy;

import java.util.Locale;

/** What a policy does with personal data that the model produced itself. */
public enum OutputAction {
  /** Leave it; the output is not scanned. */
  ALLOW,
  /** Replace it with its type in angle brackets. */
  MASK,
  /** Refuse the response. */
  BLOCK;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
