package dev.veil.detect.secret;

import dev.veil.detect.Recognizer;
import java.util.List;

/** The built-in credential recognizers. */
public final class SecretRecognizers {

  private SecretRecognizers() {}

  /** Every credential recognizer with the built-in {@link SecretRules}. */
  public static List<Recognizer> all() {
    return List.of(
        new PrefixSecretRecognizer(SecretRules.all()),
        new InfixSecretRecognizer(),
        new PemKeyRecognizer(),
        new JwtRecognizer(),
        new UrlCredentialRecognizer(),
        new AssignmentSecretRecognizer());
  }
}
