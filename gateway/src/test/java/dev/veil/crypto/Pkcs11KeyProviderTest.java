package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the PKCS#11 provider against SoftHSM2. The build sets {@code SOFTHSM2_CONF} for tests; this
 * class initialises a fresh token there with {@code scripts/softhsm-setup.sh}. Without SoftHSM2 it
 * is skipped, except under {@code CI=true}, where it fails.
 */
class Pkcs11KeyProviderTest {
  private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  private static final SecretBytes PIN = SecretBytes.copyOf("1234".getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  @BeforeAll
  static void initialiseToken() throws Exception {
    String conf = System.getenv("SOFTHSM2_CONF");
    requireSoftHsm(conf != null, "SOFTHSM2_CONF is not set (the Maven build sets it)");
    requireSoftHsm(Files.isReadable(LIBRARY), "SoftHSM2 is not installed (" + LIBRARY + "); run scripts/softhsm-setup.sh");
    Path script = repoRoot().resolve("scripts/softhsm-setup.sh");
    Path tokenDir = Path.of(conf).getParent();
    if (Files.exists(tokenDir)) {
      try (var files = Files.walk(tokenDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Process p = new ProcessBuilder("bash", script.toString(), "--no-install", tokenDir.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      fail("softhsm-setup.sh failed: " + output);
    }
    assertThat(output).contains("SOFTHSM2_CONF=" + conf);
  }

  private static void requireSoftHsm(boolean present, String reason) {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as(reason + " (CI=true: SoftHSM2 is required)").isTrue();
    }
    assumeTrue(present, reason);
  }

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("scripts/softhsm-setup.sh"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root with scripts/softhsm-setup.sh").isNotNull();
    return p;
  }

  @Test
  void dataKeysWrappedInTheHsmSurviveRotationAndDestructionOfTheOldVersion() throws Exception {
    Pkcs11KeyProvider hsm = Pkcs11KeyProvider.open(LIBRARY, 0, PIN, "veil-kek-" + System.nanoTime());
    assertThat(hsm.versions()).singleElement().satisfies(v -> assertThat(v.primary()).isTrue());

    var db = TestDatabases.sqlite(dir.resolve("keys.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DataKeys keys = new DataKeys(db, hsm, clock);
    byte[] content = "hello from before the rotation".getBytes(StandardCharsets.UTF_8);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(30)));
    byte[] ct = key.seal(content, AssociatedData.of("acme", "r1", "prompt"));
    String v1 = hsm.primaryVersion();

    KekRotation rotation = new KekRotation(hsm, keys, db);
    KekRotation.Report report = rotation.rotate(RotationProgress.none());
    assertThat(report.newVersion()).isNotEqualTo(v1);
    assertThat(report.dataKeysRewrapped()).isEqualTo(1);
    assertThat(rotation.disableRetiredVersions()).containsExactly(v1);
    assertThat(hsm.versions()).extracting(KekVersion::id).containsExactly(report.newVersion());

    DataKeys afterRestart = new DataKeys(db, hsm, clock);
    assertThat(afterRestart.open(key.id(), ct, AssociatedData.of("acme", "r1", "prompt"))).isEqualTo(content);
  }

  @Test
  void aWrappedKeyDoesNotUnwrapUnderAnotherContext() {
    Pkcs11KeyProvider hsm = Pkcs11KeyProvider.open(LIBRARY, 0, PIN, "veil-kek-" + System.nanoTime());
    SecretBytes secret = SecretBytes.random(32);
    WrappedKey w = hsm.wrap(secret, AssociatedData.of("acme", "k1", "data-key"));
    assertThat(hsm.unwrap(w, AssociatedData.of("acme", "k1", "data-key"))).isEqualTo(secret);
    assertThatThrownBy(() -> hsm.unwrap(w, AssociatedData.of("acme", "k2", "data-key")))
        .isInstanceOf(CryptoException.class);
  }
}
