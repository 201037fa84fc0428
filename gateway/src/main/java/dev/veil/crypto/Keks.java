package dev.veil.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.config.ConfigException;
import dev.veil.config.VeilConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the key-encryption key that the {@code kek:} section of {@code veil.yaml} names.
 *
 * <pre>{@code
 * kek:
 *   provider: local            # local | pkcs11
 *   development_mode: false    # local only: allow a keyset without a passphrase
 *   pkcs11_library: /usr/lib/softhsm/libsofthsm2.so
 *   pkcs11_slot: 0             # index in the slot list
 *   pkcs11_pin_env: HSM_PIN    # the PIN, by reference only
 * }</pre>
 *
 * <p>The local provider takes its passphrase from {@code VEIL_KEK_PASSPHRASE} or the file named
 * by {@code VEIL_KEK_PASSPHRASE_FILE}. Without one it starts only in development mode, which is
 * implied when Veil runs with no configuration file at all (the zero set-up {@code veil serve})
 * and must otherwise be set explicitly; it is announced with a warning on every start.
 */
public final class Keks {

  private Keks() {}

  /**
   * Opens the configured KEK.
   *
   * @throws ConfigException when the section is inconsistent or a referenced secret is missing
   */
  public static KeyProvider open(VeilConfig config, Map<String, String> env) {
    JsonNode kek = config.raw().path("kek");
    String provider = kek.path("provider").asText("local");
    return switch (provider) {
      case "local" -> local(config, kek, env);
      case "pkcs11" -> pkcs11(config, kek, env);
      default -> throw new ConfigException(config.source(), "kek.provider",
          "unknown KEK provider '" + provider + "'", "use local or pkcs11");
    };
  }

  private static KeyProvider local(VeilConfig config, JsonNode kek, Map<String, String> env) {
    Optional<SecretBytes> passphrase;
    try {
      passphrase = LocalKeyProvider.passphraseFrom(env);
    } catch (RuntimeException e) {
      throw new ConfigException(config.source(), "kek", e.getMessage(),
          "set only one of " + LocalKeyProvider.PASSPHRASE_ENV + " and "
              + LocalKeyProvider.PASSPHRASE_FILE_ENV);
    }
    boolean development = kek.path("development_mode").asBoolean(false) || config.defaultsOnly();
    if (passphrase.isEmpty() && !development) {
      throw new ConfigException(config.source(), "kek.development_mode",
          "no passphrase protects the local key-encryption key",
          "export " + LocalKeyProvider.PASSPHRASE_ENV + " (or " + LocalKeyProvider.PASSPHRASE_FILE_ENV
              + "), or set kek.development_mode: true for a test install");
    }
    try {
      return LocalKeyProvider.open(config.dataDir(), passphrase, development,
          LocalKeyProvider.ScryptParams.DEFAULT);
    } catch (IllegalStateException e) {
      throw new ConfigException(config.source(), "kek", e.getMessage(),
          "start with the passphrase (or the mode) the keyset in " + config.dataDir()
              + " was made with");
    }
  }

  private static KeyProvider pkcs11(VeilConfig config, JsonNode kek, Map<String, String> env) {
    String library = kek.path("pkcs11_library").asText(null);
    String pinEnv = kek.path("pkcs11_pin_env").asText(null);
    if (library == null || pinEnv == null) {
      throw new ConfigException(config.source(), library == null ? "kek.pkcs11_library"
          : "kek.pkcs11_pin_env", "is required for the pkcs11 provider",
          "name the PKCS#11 module file and the environment variable holding the PIN");
    }
    String pin = env.get(pinEnv);
    if (pin == null || pin.isEmpty()) {
      throw new ConfigException(config.source(), "kek.pkcs11_pin_env",
          "the environment variable " + pinEnv + " is not set", "export it before starting Veil");
    }
    return Pkcs11KeyProvider.open(Path.of(library), kek.path("pkcs11_slot").asInt(0),
        SecretBytes.copyOf(pin.getBytes(StandardCharsets.UTF_8)), "veil-kek");
  }
}
