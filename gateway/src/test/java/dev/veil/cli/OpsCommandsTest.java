package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.admin.Operations;
import dev.veil.api.Gateway;
import dev.veil.audit.FileSigningKeySource;
import dev.veil.auth.ApiKeys;
import dev.veil.auth.admin.AdminAccounts;
import dev.veil.auth.admin.SessionToken;
import dev.veil.auth.admin.SignInResult;
import dev.veil.auth.admin.Totp;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.consent.ConsentState;
import dev.veil.crypto.DataKey;
import dev.veil.retention.ContentVault;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import dev.veil.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations commands, run in-process against a data directory as {@code serve} uses it. */
class OpsCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "canary-Passw0rd-7f3a2c9e";
  private static final String EMAIL = "jane.canary@example.com";

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return runWithInput("", args);
  }

  int runWithInput(String stdin, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--data-dir", dir.toString())).toArray(String[]::new);
    int code = Main.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    return code;
  }

  JsonNode json() throws Exception {
    return JSON.readTree(out.toString());
  }

  /** Runs {@code work} over the data directory with the given clock, as the gateway would. */
  <T> T withOps(Clock clock, OpsSupport.Work<T> work) throws Exception {
    VeilConfig config = ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString()));
    try (Database db = Gateway.openDatabase(config, Map.of())) {
      return work.run(Operations.open(config, Map.of(), db, clock));
    }
  }

  String exportedAuditLog() throws Exception {
    Path bundle = dir.resolve("bundle-" + System.nanoTime());
    assertThat(run("audit", "export", "--out", bundle.toString())).isZero();
    return Files.readString(bundle.resolve("entries.jsonl"));
  }

  void store(Operations ops, String id, String apiKeyId, ConsentState consent, String retention,
      String userText) throws Exception {
    String request = JSON.writeValueAsString(Map.of("model", "gpt-4o", "messages", List.of(
        Map.of("role", "system", "content", "You are helpful."),
        Map.of("role", "user", "content", userText))));
    String response = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Noted.\"}}]}";
    ContentVault vault = ops.vault();
    vault.write(List.of(vault.seal(new RecordToStore(id, ops.tenant(), apiKeyId, Optional.empty(),
        StoreMode.ORIGINAL, consent, ops.clock().instant(), Retention.parse(retention),
        Map.of(ContentVault.REQUEST, request, ContentVault.RESPONSE, response)))));
  }

  @Test
  void usersAddReadsThePasswordFromStdinAndNeverPrintsOrLogsIt() throws Exception {
    assertThat(runWithInput(PASSWORD + "\n", "users", "add", "alice", "--role", "auditor"))
        .isZero();

    assertThat(json().path("user").asText()).isEqualTo("alice");
    assertThat(json().path("role").asText()).isEqualTo("auditor");
    assertThat(out.toString() + err).doesNotContain(PASSWORD);
    assertThat(exportedAuditLog()).contains("user.created").contains("alice")
        .doesNotContain(PASSWORD);
  }

  @Test
  void usersAddRefusesAPasswordArgumentAnUnknownRoleAndAMissingPassword() {
    assertThat(runWithInput("", "users", "add", "bob", "--role", "admin", "--password", PASSWORD))
        .isEqualTo(2);
    assertThat(runWithInput(PASSWORD + "\n", "users", "add", "bob", "--role", "king"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("owner, admin, auditor or developer");
    assertThat(runWithInput("", "users", "add", "bob", "--role", "admin")).isEqualTo(1);
    assertThat(err.toString()).contains("no password");
  }

  @Test
  void usersAreListedDisabledEnabledAndResetOnTheCommandLineAndEachChangeIsAudited()
      throws Exception {
    assertThat(runWithInput(PASSWORD + "\n", "users", "add", "alice", "--role", "admin"))
        .isZero();
    withOps(Clock.systemUTC(), ops -> {
      AdminAccounts accounts = ops.adminAccounts(e -> { });
      SessionToken token = ((SignInResult.EnrollmentRequired) accounts.signIn("alice",
          PASSWORD.toCharArray(), null, "")).enrollmentToken();
      byte[] secret = Totp.Base32.decode(accounts.beginEnrollment(token).secretBase32());
      return accounts.completeEnrollment(token,
          Totp.code(secret, Totp.step(Instant.now().getEpochSecond())), "").orElseThrow();
    });
    assertThat(run("users", "list")).isZero();
    assertThat(out.toString()).containsPattern("alice +admin +active +totp");

    assertThat(run("users", "disable", "alice")).isZero();
    assertThat(run("users", "list")).isZero();
    assertThat(out.toString()).containsPattern("alice +admin +disabled");
    assertThat(run("users", "enable", "alice")).isZero();
    String fresh = "another canary password 5d2e";
    assertThat(runWithInput(fresh + "\n", "users", "reset-password", "alice")).isZero();
    assertThat(out.toString() + err).doesNotContain(fresh);
    assertThat(run("users", "reset-mfa", "alice")).isZero();
    assertThat(run("users", "list")).isZero();
    assertThat(out.toString()).containsPattern("alice +admin +active +enrol at sign-in");
    withOps(Clock.systemUTC(), ops -> {
      assertThat(ops.adminAccounts(e -> { }).signIn("alice", fresh.toCharArray(), null, ""))
          .isInstanceOf(SignInResult.EnrollmentRequired.class);
      return null;
    });

    assertThat(run("users", "disable", "nobody")).isEqualTo(1);
    assertThat(err.toString()).contains("no admin user named 'nobody'");
    String log = exportedAuditLog();
    for (String action : List.of("user.disabled", "user.enabled", "password.changed",
        "mfa.reset")) {
      assertThat(log).containsPattern("\"action\":\"" + action.replace(".", "\\.")
          + "\",\"actor\":\"cli[:\"]");
    }
    assertThat(log).doesNotContain(fresh).doesNotContain(PASSWORD);
  }

  @Test
  void keysGetAnOwnerAndATeamAndTheListShowsPolicyOwnerAndTeam() throws Exception {
    assertThat(runWithInput(PASSWORD + "\n", "users", "add", "dev", "--role", "developer"))
        .isZero();
    assertThat(run("keys", "create", "--name", "ci", "--owner", "dev", "--team", "payments"))
        .isZero();
    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString()).containsPattern("POLICY +OWNER +TEAM")
        .containsPattern("ci .* default +dev +payments ")
        .containsPattern("STATE +TODAY +THIS MONTH").containsPattern("active +0 tok 0.00 +0 tok 0.00");
    assertThat(run("keys", "create", "--name", "ci2", "--owner", "ghost")).isEqualTo(1);
    assertThat(err.toString()).contains("no admin user named 'ghost'");
    assertThat(run("keys", "create", "--name", "ci3", "--team", "Not A Team")).isEqualTo(2);
    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString()).doesNotContain("ci2").doesNotContain("ci3");

    assertThat(run("keys", "set", "ci", "--no-owner", "--team", "search")).isZero();
    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString()).containsPattern("ci .* default +- +search ");
    assertThat(run("keys", "set", "ci", "--owner", "ghost")).isEqualTo(1);
    assertThat(run("keys", "set", "ci")).isEqualTo(2);
    assertThat(run("keys", "set", "ci", "--policy", "no-such-policy")).isEqualTo(2);
    assertThat(run("keys", "set", "ci", "--policy", "default")).isZero();
    assertThat(err.toString()).contains("policy default");
    assertThat(exportedAuditLog()).contains("api.key_changed")
        .as("the team a key is created in is audited").containsPattern("api.key_created.*payments");
  }

  @Test
  void keysCreatedAndRevokedOnTheCommandLineAreAuditEventsWithoutTheKey() throws Exception {
    assertThat(run("keys", "create", "--name", "ci")).isZero();
    String key = out.toString().strip();
    assertThat(run("keys", "revoke", "ci")).isZero();

    assertThat(exportedAuditLog()).contains("api.key_created").contains("api.key_revoked")
        .contains("\"ci\"").doesNotContain(key).doesNotContain(key.substring(3));
  }

  @Test
  void auditProveConsistencyExportAndOfflineVerifyFitTogether() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(run("keys", "create", "--name", "k" + i)).isZero();
    }

    assertThat(run("audit", "prove", "--index", "3")).isZero();
    JsonNode proof = json();
    assertThat(proof.path("index").asLong()).isEqualTo(3);
    assertThat(proof.path("tree_size").asLong()).isEqualTo(5);
    assertThat(proof.path("path").isArray()).isTrue();

    assertThat(run("audit", "consistency", "--from", "2", "--to", "5")).isZero();
    assertThat(json().path("from_size").asLong()).isEqualTo(2);
    assertThat(json().path("path").size()).isPositive();

    Path bundle = dir.resolve("bundle");
    assertThat(run("audit", "export", "--out", bundle.toString())).isZero();
    assertThat(json().path("entries").asLong()).isEqualTo(5);
    Path publicKey = dir.resolve(FileSigningKeySource.PUBLIC_FILE);
    assertThat(run("audit", "verify", "--bundle", bundle.toString(), "--public-key",
        publicKey.toString())).isZero();
    assertThat(json().path("valid").asBoolean()).isTrue();

    Path entries = bundle.resolve("entries.jsonl");
    Files.writeString(entries, Files.readString(entries).replace("\"k2\"", "\"kX\""));
    assertThat(run("audit", "verify", "--bundle", bundle.toString(), "--public-key",
        publicKey.toString())).isEqualTo(1);
    assertThat(json().path("valid").asBoolean()).isFalse();
    assertThat(json().path("first_bad_index").asLong()).isBetween(0L, 2L);
  }

  @Test
  void auditVerifyNamesTheFirstAlteredRowOfTheDatabase() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(run("keys", "create", "--name", "k" + i)).isZero();
    }
    assertThat(run("audit", "verify")).isZero();
    assertThat(json().path("entries").asLong()).isEqualTo(4);

    withOps(Clock.systemUTC(), ops -> {
      try (Connection c = ops.database().connection(); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE audit_entry SET entry = REPLACE(entry, '\"k1\"', '\"k9\"')"
            + " WHERE idx = 1");
      }
      return null;
    });

    assertThat(run("audit", "verify")).isEqualTo(1);
    assertThat(json().path("first_bad_index").asLong()).isEqualTo(1);
    assertThat(err.toString()).contains("first bad index 1");
  }

  @Test
  void auditCommandsRejectBadFlagsWithExitCode2() {
    assertThat(run("audit", "verify", "--bundle", dir.toString())).isEqualTo(2);
    assertThat(run("audit", "prove")).isEqualTo(2);
    assertThat(run("audit", "prove", "--index", "7")).isEqualTo(2);
    assertThat(err.toString()).contains("past the end");
    assertThat(run("audit", "consistency", "--from", "3", "--to", "1")).isEqualTo(2);
    assertThat(run("audit", "export")).isEqualTo(2);
  }

  @Test
  void retentionRunShredsEveryExpiredPeriodAndReportsIt() throws Exception {
    Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    withOps(yesterday, ops -> {
      store(ops, "old-1", "key-1", ConsentState.UNKNOWN, "90s", "first");
      store(ops, "old-2", "key-1", ConsentState.UNKNOWN, "90s", "second");
      return null;
    });
    withOps(Clock.systemUTC(), ops -> {
      store(ops, "fresh", "key-1", ConsentState.UNKNOWN, "30d", "third");
      return null;
    });

    assertThat(run("retention", "run")).isZero();

    JsonNode report = json();
    assertThat(report.path("keys_destroyed").asInt()).isEqualTo(1);
    assertThat(report.path("records_deleted").asInt()).isEqualTo(2);
    assertThat(report.path("periods").get(0).path("records_deleted").asInt()).isEqualTo(2);
    withOps(Clock.systemUTC(), ops -> {
      assertThat(ops.vault().meta("old-1")).isEmpty();
      assertThat(ops.vault().open("fresh")).isPresent();
      return null;
    });
    assertThat(exportedAuditLog()).contains("retention.run").contains("\"keys_destroyed\":\"1\"");
  }

  @Test
  void exportTrainingWritesOnlyConsentedRecordsScrubbedOfPersonalData() throws Exception {
    String keyId = withOps(Clock.systemUTC(), ops -> {
      ApiKeys.Created k = ops.apiKeys().create("trainer", List.of(), null);
      store(ops, "yes", k.record().id(), ConsentState.GRANTED, "30d",
          "consented record, write to " + EMAIL + " please");
      store(ops, "no", k.record().id(), ConsentState.UNKNOWN, "30d",
          "unconsented record, never exported");
      return k.record().id();
    });
    assertThat(keyId).isNotBlank();
    assertThat(run("consent", "set", "--key", "trainer", "--granted")).isZero();
    Path file = dir.resolve("training.jsonl");

    assertThat(run("export", "training", "--out", file.toString())).isZero();

    assertThat(json().path("written").asInt()).isEqualTo(1);
    assertThat(json().path("left_out_no_consent").asInt()).isEqualTo(1);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("consented record").contains("[EMAIL_ADDRESS]")
        .doesNotContain(EMAIL).doesNotContain("unconsented");
    assertThat(JSON.readTree(lines.get(0)).path("messages").size()).isEqualTo(3);
    assertThat(exportedAuditLog()).contains("training.exported").doesNotContain(EMAIL);
  }

  @Test
  void exportTrainingNeedsAnOutFile() {
    assertThat(run("export", "training")).isEqualTo(2);
    assertThat(run("export", "training", "--out", dir.resolve("no/such/dir/x.jsonl").toString()))
        .isEqualTo(2);
  }

  @Test
  void consentSetKeepsHistoryAndNeverShowsTheEndUserId() throws Exception {
    assertThat(run("keys", "create", "--name", "app")).isZero();
    assertThat(run("consent", "set", "--key", "app", "--granted")).isZero();
    assertThat(run("consent", "set", "--key", "app", "--denied")).isZero();
    assertThat(json().path("seq").asLong()).isEqualTo(2);
    assertThat(run("consent", "show", "--key", "app")).isZero();
    assertThat(json().path("current").asText()).isEqualTo("denied");
    assertThat(json().path("history").size()).isEqualTo(2);
    assertThat(json().path("history").get(0).path("decision").asText()).isEqualTo("granted");
    assertThat(json().path("history").get(0).path("source").asText()).isEqualTo("cli");

    assertThat(run("consent", "set", "--user", EMAIL, "--granted")).isZero();
    assertThat(out.toString()).doesNotContain(EMAIL);
    assertThat(run("consent", "show", "--user", EMAIL)).isZero();
    assertThat(json().path("current").asText()).isEqualTo("granted");
    assertThat(exportedAuditLog()).contains("consent.changed").contains("enduser:")
        .doesNotContain(EMAIL);
  }

  @Test
  void consentSetNeedsExactlyOneSubjectAndOneDecision() {
    assertThat(run("consent", "set", "--granted")).isEqualTo(2);
    assertThat(run("consent", "set", "--user", "u", "--key", "k", "--granted")).isEqualTo(2);
    assertThat(run("consent", "set", "--user", "u", "--granted", "--denied")).isEqualTo(2);
    assertThat(run("consent", "set", "--user", "u")).isEqualTo(2);
  }

  @Test
  void kmsRotateRewrapsEveryDataKeyAndContentStillOpens() throws Exception {
    withOps(Clock.systemUTC(), ops -> {
      store(ops, "a", "key-1", ConsentState.UNKNOWN, "30d", "alpha");
      store(ops, "b", "key-1", ConsentState.UNKNOWN, "12h", "beta");
      DataKey k = ops.dataKeys().keyFor(ops.tenant(), Instant.now().plus(Duration.ofDays(2)));
      assertThat(k).isNotNull();
      return null;
    });

    assertThat(run("kms", "rotate", "--disable-old")).isZero();

    JsonNode report = json();
    assertThat(report.path("data_keys_rewrapped").asLong()).isEqualTo(3);
    assertThat(report.path("versions_disabled").size()).isEqualTo(1);
    assertThat(err.toString()).contains("rewrapping").contains("3/3");
    withOps(Clock.systemUTC(), ops -> {
      assertThat(ops.vault().open("a").orElseThrow().field(ContentVault.REQUEST).orElseThrow())
          .contains("alpha");
      assertThat(ops.vault().open("b")).isPresent();
      return null;
    });
    assertThat(run("kms", "versions")).isZero();
    assertThat(out.toString()).contains("disabled").contains("yes");
    assertThat(exportedAuditLog()).contains("key.rotated");
  }

  @Test
  void commandsWorkOnTheDataDirectoryOfARunningGateway() throws Exception {
    VeilConfig config = ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString(),
        "server.listen", "127.0.0.1:0", "admin.listen", "127.0.0.1:0"));
    try (Gateway gateway = Gateway.start(config, Map.of(),
        new PrintStream(new ByteArrayOutputStream(), true))) {
      assertThat(run("keys", "create", "--name", "while-serving")).isZero();
      String key = out.toString().strip();
      assertThat(gateway.keys().authenticate("Bearer " + key).principal()).isNotNull();
      assertThat(runWithInput(PASSWORD + "\n", "users", "add", "carol", "--role", "owner"))
          .isZero();
      assertThat(run("retention", "run")).isZero();
      assertThat(run("audit", "verify")).isZero();
      assertThat(json().path("entries").asLong()).isGreaterThanOrEqualTo(4);
      assertThat(gateway.operations().auditLog().verify().valid()).isTrue();
    }
  }

  @Test
  void aRunningGatewayShredsExpiredPeriodsOnItsOwnAndAuditsIt() throws Exception {
    Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    withOps(yesterday, ops -> {
      store(ops, "expired", "key-1", ConsentState.UNKNOWN, "90s", "gone soon");
      return null;
    });
    VeilConfig config = ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString(),
        "server.listen", "127.0.0.1:0", "admin.listen", "127.0.0.1:0"));
    try (Gateway gateway = Gateway.start(config, Map.of(),
        new PrintStream(new ByteArrayOutputStream(), true))) {
      Operations ops = gateway.operations();
      for (int i = 0; i < 600 && ops.vault().meta("expired").isPresent(); i++) {
        Thread.sleep(50);
      }
      assertThat(ops.vault().meta("expired")).isEmpty();
      gateway.audit().append(ops.event("system", dev.veil.audit.AuditAction.CONFIG_CHANGED,
          "flush", "")).get();
    }
    assertThat(exportedAuditLog()).contains("retention.run").contains("\"actor\":\"system\"");
  }
}
