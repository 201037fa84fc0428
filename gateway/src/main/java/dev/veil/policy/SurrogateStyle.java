package dev.veil.policy;

import java.util.Locale;

/** How pseudonymised values look to the model. */
public enum SurrogateStyle {
  /** A typed token such as {@code [PERSON_7f3a2c]}. */
  TOKEN,
  /**
   * Format-preserving fake values for emails, phone numbers and person names (other types fall back
   * to {@link #TOKEN}), derived from the same keyed hash and thus equally consistent.
   */
  SYNTHETIC;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
