package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
  }

  @Test
  void keysCreatePrintsTheKeyAndNothingElse() {
    int code = run("keys", "create", "--name", "ci", "--models", "a,b", "--expires", "30d",
        "--data-dir", dir.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).matches("vk-[A-Za-z0-9_-]{32}\\R");
  }

  @Test
  void keysListShowsNamesPrefixesScopesAndNeverTheKey() {
    run("keys", "create", "--name", "ci", "--models", "a,b", "--data-dir", dir.toString());
    String key = out.toString().strip();

    assertThat(run("keys", "list", "--data-dir", dir.toString())).isZero();

    assertThat(out.toString()).contains("ci").contains(key.substring(0, 11)).contains("a,b")
        .contains("active").doesNotContain(key);
  }

  @Test
  void keysCreateRefusesAPolicyThatIsNotConfigured() {
    int code = run("keys", "create", "--name", "p", "--policy", "nope", "--data-dir",
        dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no policy named 'nope'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void keysCreateAttachesAConfiguredPolicy() {
    assertThat(run("keys", "create", "--name", "p", "--policy", "default", "--data-dir",
        dir.toString())).isZero();
  }

  @Test
  void keysRevokeMarksTheKeyRevoked() {
    run("keys", "create", "--name", "gone", "--data-dir", dir.toString());

    assertThat(run("keys", "revoke", "gone", "--data-dir", dir.toString())).isZero();
    run("keys", "list", "--data-dir", dir.toString());
    assertThat(out.toString()).contains("revoked");
    assertThat(run("keys", "revoke", "gone", "--data-dir", dir.toString())).isEqualTo(1);
  }

  @Test
  void aDuplicateNameFailsWithAClearMessage() {
    run("keys", "create", "--name", "dup", "--data-dir", dir.toString());
    assertThat(run("keys", "create", "--name", "dup", "--data-dir", dir.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("already exists");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void configCheckValidatesWithoutStartingAndNamesWhatIsWrong() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), """
        providers:
          - name: openai
            type: openai
            base_url: https://api.openai.com/v1
            api_key_env: OPENAI_API_KEY
        models:
          - name: gpt-4o-mini
            provider: openai
        policies:
          - name: strict
            entities:
              EMAIL_ADDRESS: block
        rate_limits:
          key: {requests_per_minute: 60}
        """);
    assertThat(Main.run(new String[] {"config", "check", "--config", good.toString(),
        "--data-dir", dir.resolve("never-made").toString()}, new PrintWriter(out, true),
        new PrintWriter(err, true), Map.of("OPENAI_API_KEY", "sk-test"))).as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("is valid").contains("1 provider(s)")
        .contains("rate limits on");
    assertThat(Files.exists(dir.resolve("never-made")))
        .as("nothing was created").isFalse();

    assertThat(run("config", "check", "--config", good.toString())).as("the API key variable")
        .isNotZero();
    assertThat(err.toString()).contains("OPENAI_API_KEY");

    Path typo = Files.writeString(dir.resolve("typo.yaml"),
        "rate_limit:\n  key: {requests_per_minute: 60}\n");
    assertThat(run("config", "check", "--config", typo.toString())).isNotZero();
    assertThat(err.toString()).contains("rate_limit");

    Path badPolicy = Files.writeString(dir.resolve("policy.yaml"),
        "policies:\n  - name: x\n    entities:\n      NOT_A_TYPE: block\n");
    assertThat(run("config", "check", "--config", badPolicy.toString())).isNotZero();
    assertThat(err.toString()).contains("NOT_A_TYPE");
  }

  @Test
  void anUnknownCommandExitsWith2AndAShortMessage() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown command 'frobnicate'").contains("--help");
    assertThat(err.toString().lines().count()).isLessThanOrEqualTo(3);
  }

  @Test
  void aBadFlagExitsWith2() {
    assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown option '--no-such-flag'");
    assertThat(run("keys", "create")).isEqualTo(2);
    assertThat(err.toString()).contains("--name");
    assertThat(run("keys", "create", "--name", "x", "--expires", "soon", "--data-dir",
        dir.toString())).isEqualTo(2);
  }

  @Test
  void helpListsTheCommandsAndHelpOfACommandShowsItsOptions() {
    assertThat(run("help")).isZero();
    assertThat(out.toString()).contains("serve").contains("keys").contains("scan");
    assertThat(run("help", "keys")).isZero();
    assertThat(out.toString()).contains("create").contains("revoke");
  }

  @Test
  void noCommandExitsWith2() {
    assertThat(run()).isEqualTo(2);
  }

  @Test
  void aBadConfigurationFailsWithTheFileAndKey() throws Exception {
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "server:\n  listen: nowhere\n");
    assertThat(run("keys", "list", "--config", yaml.toString(), "--data-dir", dir.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("bad.yaml").contains("server.listen");
  }
}
