package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.admin.Operations;
import dev.veil.api.Gateway;
import dev.veil.config.ConfigException;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.consent.ConsentState;
import dev.veil.retention.ContentVault;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import dev.veil.store.Database;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veil kms set-passphrase}. Regression: an install made without a passphrase could not be
 * given one; starting with a passphrase refused its keyset, so protecting it meant losing the data.
 */
class KmsPassphraseTest {
  private static final String PASSPHRASE = "correct horse battery staple 42";
  private static final Map<String, String> WITH = Map.of("VEIL_KEK_PASSPHRASE", PASSPHRASE);

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(Map<String, String> env, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--data-dir", dir.toString())).toArray(String[]::new);
    return Main.run(all, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true), env);
  }

  <T> T withOps(Map<String, String> env, OpsSupport.Work<T> work) throws Exception {
    VeilConfig config = ConfigLoader.load(null, env, Map.of("data_dir", dir.toString()));
    try (Database db = Gateway.openDatabase(config, env)) {
      return work.run(Operations.open(config, env, db, Clock.systemUTC()));
    }
  }

  static String request(Operations ops, String id) throws Exception {
    return ops.vault().open(id).orElseThrow().field(ContentVault.REQUEST).orElseThrow();
  }

  @Test
  void dataMadeWithoutAPassphraseIsReadableWithTheNewPassphraseAndNotWithout() throws Exception {
    withOps(Map.of(), ops -> {
      ContentVault vault = ops.vault();
      vault.write(List.of(vault.seal(new RecordToStore("rec-1", ops.tenant(), "key-1",
          Optional.empty(), StoreMode.ORIGINAL, ConsentState.UNKNOWN, ops.clock().instant(),
          Retention.parse("30d"), Map.of(ContentVault.REQUEST, "{\"text\":\"alpha canary\"}")))));
      return ops.apiKeys().create("app", List.of(), null);
    });
    assertThat(Files.readString(dir.resolve("kek-keyset.json"))).contains("\"none\"");

    assertThat(run(WITH, "kms", "set-passphrase")).isZero();

    assertThat(out.toString()).contains("\"passphrase\" : true").doesNotContain(PASSPHRASE);
    assertThat(err.toString()).contains("VEIL_KEK_PASSPHRASE").doesNotContain(PASSPHRASE);
    assertThat(Files.readString(dir.resolve("kek-keyset.json"))).contains("\"scrypt\"")
        .doesNotContain(PASSPHRASE);
    String opened = withOps(WITH, ops -> request(ops, "rec-1"));
    assertThat(opened).contains("alpha canary");
    int keys = withOps(WITH, ops -> ops.apiKeys().list().size());
    assertThat(keys).isGreaterThanOrEqualTo(1);
    assertThatThrownBy(() -> withOps(Map.of(), ops -> request(ops, "rec-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("passphrase");
    assertThatThrownBy(() -> withOps(Map.of("VEIL_KEK_PASSPHRASE", "wrong passphrase"),
        ops -> request(ops, "rec-1"))).hasMessageContaining("wrong passphrase?");
    assertThat(run(WITH, "audit", "verify")).isZero();
    Path bundle = dir.resolve("bundle");
    assertThat(run(WITH, "audit", "export", "--out", bundle.toString())).isZero();
    assertThat(Files.readString(bundle.resolve("entries.jsonl"))).contains("kek.passphrase_set")
        .doesNotContain(PASSPHRASE);
  }

  @Test
  void aKeysetWithAPassphraseOrNoPassphraseGivenIsRefused() throws Exception {
    withOps(Map.of(), ops -> ops.kek().versions());

    assertThat(run(Map.of(), "kms", "set-passphrase")).isEqualTo(2);
    assertThat(err.toString()).contains("no passphrase");
    assertThat(run(WITH, "kms", "set-passphrase")).isZero();
    assertThat(run(WITH, "kms", "set-passphrase")).isEqualTo(1);
    assertThat(err.toString()).contains("already protected");
    List<?> versions = withOps(WITH, ops -> ops.kek().versions());
    assertThat(versions).hasSize(1);
  }
}
