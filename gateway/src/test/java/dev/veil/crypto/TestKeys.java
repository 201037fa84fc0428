package dev.veil.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** A passphrase-protected local KEK with cheap scrypt parameters, for tests. */
public final class TestKeys {
  public static final LocalKeyProvider.ScryptParams CHEAP = new LocalKeyProvider.ScryptParams(1 << 10, 8, 1);

  private TestKeys() {}

  public static LocalKeyProvider localKek(Path dir) {
    return LocalKeyProvider.open(
        dir, Optional.of(SecretBytes.copyOf("correct horse battery staple".getBytes(StandardCharsets.UTF_8))), false, CHEAP);
  }
}
