package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LocalKeyProviderTest {
  private static final String PASSPHRASE = "canary-passphrase-Zq81";

  @TempDir Path dir;

  @Test
  void theKeysetFileIsEncryptedAndOpensOnlyWithThePassphrase() throws Exception {
    LocalKeyProvider kek = open(PASSPHRASE);
    SecretBytes secret = SecretBytes.random(32);
    WrappedKey w = kek.wrap(secret, AssociatedData.of("t", "k", "f"));

    String file = Files.readString(dir.resolve(LocalKeyProvider.FILE_NAME));
    assertThat(file).contains("\"kdf\" : \"scrypt\"").doesNotContain(PASSPHRASE);
    assertThat(open(PASSPHRASE).unwrap(w, AssociatedData.of("t", "k", "f"))).isEqualTo(secret);
    assertThatThrownBy(() -> open("canary-wrong-Kx7"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("wrong passphrase?")
        .hasMessageNotContaining("canary-wrong-Kx7");
  }

  @Test
  void aWorkingKekPassesTheReadinessRoundTripAndOneThatCannotUnwrapFailsIt()
      throws Exception {
    LocalKeyProvider kek = open(PASSPHRASE);
    assertThat(kek.works()).isTrue();
    KeyProvider broken = new KeyProvider() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
        return kek.wrap(secret, context);
      }

      @Override
      public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
        throw new CryptoException("the HSM does not answer");
      }

      @Override
      public KekVersion rotate() {
        return kek.rotate();
      }

      @Override
      public java.util.List<KekVersion> versions() {
        return kek.versions();
      }

      @Override
      public void disable(String versionId) {
        kek.disable(versionId);
      }
    };
    assertThat(broken.works()).isFalse();
  }

  @Test
  void aGatewayPicksUpARotationMadeByAnotherProcessWithoutRestarting() throws Exception {
    LocalKeyProvider running = open(PASSPHRASE);
    String before = running.wrap(SecretBytes.random(32), AssociatedData.of("t", "a", "f"))
        .kekVersion();
    LocalKeyProvider cli = open(PASSPHRASE);
    Thread.sleep(20);
    KekVersion rotated = cli.rotate();
    SecretBytes secret = SecretBytes.random(32);
    WrappedKey byCli = cli.wrap(secret, AssociatedData.of("t", "b", "f"));

    WrappedKey byRunning = running.wrap(SecretBytes.random(32), AssociatedData.of("t", "c", "f"));

    assertThat(rotated.id()).isNotEqualTo(before);
    assertThat(byRunning.kekVersion()).isEqualTo(rotated.id());
    assertThat(running.unwrap(byCli, AssociatedData.of("t", "b", "f"))).isEqualTo(secret);
  }

  @Test
  void withoutAPassphraseItStartsOnlyWithTheDevelopmentFlagAndWarnsEveryTime() {
    assertThatThrownBy(() -> LocalKeyProvider.open(dir, Optional.empty(), false, TestKeys.CHEAP))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(LocalKeyProvider.PASSPHRASE_ENV);

    Logger logger = (Logger) LoggerFactory.getLogger(LocalKeyProvider.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      LocalKeyProvider.open(dir, Optional.empty(), true, TestKeys.CHEAP);
      LocalKeyProvider.open(dir, Optional.empty(), true, TestKeys.CHEAP);
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list)
        .filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("DEVELOPMENT MODE"))
        .hasSize(2);
    assertThatThrownBy(() -> open(PASSPHRASE))
        .as("a development keyset is not silently reused once a passphrase is set")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aProtectedKeysetRefusesToStartInDevelopmentMode() {
    open(PASSPHRASE);
    assertThatThrownBy(() -> LocalKeyProvider.open(dir, Optional.empty(), true, TestKeys.CHEAP))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePassphraseComesFromTheEnvironmentOrAFile() throws Exception {
    Path f = dir.resolve("pass.txt");
    Files.writeString(f, PASSPHRASE + "\n");
    SecretBytes expected = SecretBytes.copyOf(PASSPHRASE.getBytes(StandardCharsets.UTF_8));
    assertThat(LocalKeyProvider.passphraseFrom(Map.of(LocalKeyProvider.PASSPHRASE_ENV, PASSPHRASE))).contains(expected);
    assertThat(LocalKeyProvider.passphraseFrom(Map.of(LocalKeyProvider.PASSPHRASE_FILE_ENV, f.toString()))).contains(expected);
    assertThat(LocalKeyProvider.passphraseFrom(Map.of())).isEmpty();
    assertThatThrownBy(() -> LocalKeyProvider.passphraseFrom(
            Map.of(LocalKeyProvider.PASSPHRASE_ENV, "a", LocalKeyProvider.PASSPHRASE_FILE_ENV, f.toString())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePrimaryVersionCannotBeDisabled() {
    LocalKeyProvider kek = open(PASSPHRASE);
    assertThatThrownBy(() -> kek.disable(kek.primaryVersion())).isInstanceOf(IllegalStateException.class);
  }

  private LocalKeyProvider open(String passphrase) {
    return LocalKeyProvider.open(
        dir, Optional.of(SecretBytes.copyOf(passphrase.getBytes(StandardCharsets.UTF_8))), false, TestKeys.CHEAP);
  }
}
