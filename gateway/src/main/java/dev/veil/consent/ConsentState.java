package dev.veil.consent;

/** Training-use consent as recorded for a subject, or as captured with a stored record. */
public enum ConsentState {
  /** Consent to training use was given. */
  GRANTED,
  /** Consent was refused or withdrawn. */
  DENIED,
  /** Nobody ever recorded a decision: treated exactly like {@link #DENIED}. */
  UNKNOWN;

  /** Whether this state allows training use. Only an explicit grant does. */
  public boolean allowsTraining() {
    return this == GRANTED;
  }
}
