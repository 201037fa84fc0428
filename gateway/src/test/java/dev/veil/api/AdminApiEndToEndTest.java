package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.admin.Operations;
import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditOutcome;
import dev.veil.auth.admin.Permission;
import dev.veil.auth.admin.Role;
import dev.veil.auth.admin.Totp;
import dev.veil.consent.ConsentState;
import dev.veil.retention.ContentVault;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API on a real gateway (TLS, ephemeral ports): sign-in, roles, break-glass. */
class AdminApiEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "canary-Admin-Passw0rd-91c4";
  private static final String CONTENT = "stored canary content 4e1f";

  @TempDir static Path dir;
  static GatewayHarness harness;
  static HttpClient http;
  static Operations ops;
  static final Map<Role, String> sessions = new EnumMap<>(Role.class);
  static final List<String> shownOnce = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    harness = new GatewayHarness(dir.resolve("data"), Map.of());
    http = harness.http();
    ops = harness.gateway.operations();
    for (Role role : Role.values()) {
      ops.adminAccounts(e -> harness.gateway.audit().append(e))
          .addUser(null, name(role), role, PASSWORD.toCharArray(), "");
      sessions.put(role, enrol(name(role)));
    }
    ContentVault vault = ops.vault();
    vault.write(List.of(vault.seal(new RecordToStore("rec-1", ops.tenant(), "key-1",
        Optional.empty(), StoreMode.ORIGINAL, ConsentState.UNKNOWN, Instant.now(),
        Retention.parse("1d"), Map.of(ContentVault.REQUEST, CONTENT)))));
    ops.auditLog().issueTreeHead();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static String name(Role role) {
    return "u-" + role.wireName();
  }

  /** First sign-in: password, then TOTP enrolment with a code from the URI's secret. */
  static String enrol(String user) throws Exception {
    HttpResponse<String> first = call("POST", "/sign-in", null,
        JSON.writeValueAsString(Map.of("name", user, "password", PASSWORD)));
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(first.body());
    assertThat(body.path("status").asText()).isEqualTo("enrollment_required");
    String uri = body.path("otpauth_uri").asText();
    assertThat(uri).startsWith("otpauth://totp/");
    String secret = uri.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1");
    String code = Totp.code(Totp.Base32.decode(secret), Totp.step(Instant.now().getEpochSecond()));
    HttpResponse<String> done = call("POST", "/sign-in/enroll", null, JSON.writeValueAsString(
        Map.of("enrollment_token", body.path("enrollment_token").asText(), "code", code)));
    assertThat(done.statusCode()).isEqualTo(200);
    JsonNode session = JSON.readTree(done.body());
    assertThat(session.path("recovery_codes").size()).isEqualTo(10);
    session.path("recovery_codes").forEach(c -> shownOnce.add(c.asText()));
    shownOnce.add(secret);
    shownOnce.add(session.path("token").asText());
    return session.path("token").asText();
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + harness.gateway.adminPort() + "/admin/v1" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One admin endpoint and the permissions that open it (any one; none means any session). */
  record Endpoint(String method, String path, String body, Set<Permission> anyOf) {
    boolean allows(Role role) {
      return anyOf.isEmpty() || anyOf.stream().anyMatch(role::allows);
    }
  }

  static List<Endpoint> endpoints(Role role) {
    String keyName = role.allows(Permission.API_KEYS_MANAGE_ALL) ? "k-" + role.wireName()
        : name(role) + ".k-" + role.wireName();
    Set<Permission> keyManage = Set.of(Permission.API_KEYS_MANAGE_ALL,
        Permission.API_KEYS_MANAGE_OWN);
    return List.of(
        new Endpoint("GET", "/me", null, Set.of()),
        new Endpoint("GET", "/users", null, Set.of(Permission.USERS_READ)),
        new Endpoint("POST", "/users", "{\"name\":\"made-by-" + role.wireName()
            + "\",\"role\":\"developer\",\"password\":\"" + PASSWORD + "\"}",
            Set.of(Permission.USERS_MANAGE)),
        new Endpoint("GET", "/keys", null, Set.of(Permission.API_KEYS_READ_ALL,
            Permission.API_KEYS_MANAGE_ALL, Permission.API_KEYS_MANAGE_OWN)),
        new Endpoint("POST", "/keys", "{\"name\":\"k-" + role.wireName() + "\"}", keyManage),
        new Endpoint("DELETE", "/keys/" + keyName, null, keyManage),
        new Endpoint("GET", "/policies", null, Set.of(Permission.POLICIES_READ)),
        new Endpoint("POST", "/consent/lookup", "{\"key\":\"test\"}",
            Set.of(Permission.CONSENT_READ)),
        new Endpoint("POST", "/consent", "{\"key\":\"test\",\"decision\":\"granted\"}",
            Set.of(Permission.CONSENT_MANAGE)),
        new Endpoint("GET", "/records", null, Set.of(Permission.RECORDS_METADATA_READ)),
        new Endpoint("GET", "/records/rec-1", null, Set.of(Permission.RECORDS_METADATA_READ)),
        new Endpoint("POST", "/records/rec-1/content", "{\"reason\":\"ticket SEC-1234\"}",
            Set.of(Permission.CONTENT_READ_BREAK_GLASS)),
        new Endpoint("GET", "/audit/verify", null, Set.of(Permission.AUDIT_READ)),
        new Endpoint("GET", "/audit/tree-heads", null, Set.of(Permission.AUDIT_READ)),
        new Endpoint("POST", "/audit/tree-heads", null, Set.of(Permission.AUDIT_EXPORT)),
        new Endpoint("GET", "/audit/proofs/inclusion?index=0", null,
            Set.of(Permission.AUDIT_READ)),
        new Endpoint("GET", "/audit/proofs/consistency?from=1&to=2", null,
            Set.of(Permission.AUDIT_READ)),
        new Endpoint("POST", "/retention/run", null, Set.of(Permission.RETENTION_RUN)));
  }

  @Test
  void everyEndpointAllowsExactlyTheRolesThePermissionTableNames() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Endpoint e : endpoints(Role.OWNER)) {
      int status = call(e.method(), e.path(), null, e.body()).statusCode();
      if (status != 401) {
        wrong.add("no credentials " + e.method() + " " + e.path() + " -> " + status);
      }
      status = call(e.method(), e.path(), "not-a-session", e.body()).statusCode();
      if (status != 401) {
        wrong.add("bogus token " + e.method() + " " + e.path() + " -> " + status);
      }
    }
    for (Role role : Role.values()) {
      for (Endpoint e : endpoints(role)) {
        HttpResponse<String> r = call(e.method(), e.path(), sessions.get(role), e.body());
        boolean ok = r.statusCode() >= 200 && r.statusCode() < 300;
        if (e.allows(role) ? !ok : r.statusCode() != 403) {
          wrong.add(role + " " + e.method() + " " + e.path() + " -> " + r.statusCode() + " "
              + r.body());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aSecondSignInNeedsTheSecondFactorAndARecoveryCodeWorksOnce() throws Exception {
    String user = "second-factor";
    ops.adminAccounts(e -> harness.gateway.audit().append(e))
        .addUser(null, user, Role.AUDITOR, PASSWORD.toCharArray(), "");
    enrol(user);
    String recovery = shownOnce.get(shownOnce.size() - 12);

    HttpResponse<String> withCode = call("POST", "/sign-in", null, JSON.writeValueAsString(
        Map.of("name", user, "password", PASSWORD, "code", recovery)));
    assertThat(withCode.statusCode()).as(withCode.body()).isEqualTo(200);
    String token = JSON.readTree(withCode.body()).path("token").asText();
    assertThat(call("GET", "/me", token, null).body()).contains("auditor");

    HttpResponse<String> passwordOnly = call("POST", "/sign-in", null,
        JSON.writeValueAsString(Map.of("name", user, "password", PASSWORD)));
    assertThat(passwordOnly.statusCode()).isEqualTo(401);
    assertThat(passwordOnly.body()).doesNotContain("otpauth");
    HttpResponse<String> reused = call("POST", "/sign-in", null, JSON.writeValueAsString(
        Map.of("name", user, "password", PASSWORD, "code", recovery)));
    assertThat(reused.statusCode()).isIn(401, 429);
    assertThat(reused.body()).doesNotContain("token");
    assertThat(call("POST", "/sign-out", token, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/me", token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void readingContentNeedsAReasonAndEveryAttemptIsAnAuditEvent() throws Exception {
    String admin = sessions.get(Role.ADMIN);
    long before = ops.auditLog().size();

    HttpResponse<String> noReason = call("POST", "/records/rec-1/content", admin, "{}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("reason").doesNotContain(CONTENT);
    HttpResponse<String> auditor = call("POST", "/records/rec-1/content",
        sessions.get(Role.AUDITOR), "{\"reason\":\"curious auditor\"}");
    assertThat(auditor.statusCode()).isEqualTo(403);
    assertThat(auditor.body()).doesNotContain(CONTENT);
    HttpResponse<String> granted = call("POST", "/records/rec-1/content", admin,
        "{\"reason\":\"incident INC-42\"}");
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(granted.body()).path("fields").path("request").asText())
        .isEqualTo(CONTENT);

    Path bundle = Files.createDirectories(dir.resolve("bundle-content"));
    ops.auditLog().export(bundle);
    List<JsonNode> reads = new ArrayList<>();
    for (String line : Files.readAllLines(bundle.resolve("entries.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      if (n.path("seq").asLong() >= before
          && n.path("action").asText().equals(AuditAction.CONTENT_READ.wireName())) {
        reads.add(n);
      }
    }
    assertThat(reads).extracting(n -> n.path("outcome").asText()).containsExactly(
        AuditOutcome.DENIED.wireName(), AuditOutcome.DENIED.wireName(),
        AuditOutcome.SUCCESS.wireName());
    assertThat(reads.get(2).path("details").path("reason").asText()).isEqualTo("incident INC-42");
    assertThat(reads.get(2).path("target").asText()).isEqualTo("record:rec-1");
  }

  @Test
  void adminActionsAreAuditedWithoutPasswordsCodesTokensKeysOrContent() throws Exception {
    String owner = sessions.get(Role.OWNER);
    HttpResponse<String> created = call("POST", "/keys", owner, "{\"name\":\"audited-key\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String key = JSON.readTree(created.body()).path("key").asText();
    assertThat(key).startsWith("vk-");
    assertThat(call("DELETE", "/keys/audited-key", owner, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/sign-in", null, JSON.writeValueAsString(
        Map.of("name", name(Role.OWNER), "password", "wrong-" + PASSWORD))).statusCode())
        .as("refused, or backing off after other tests' failures from this address")
        .isIn(401, 429);
    harness.gateway.audit().append(ops.event("system", AuditAction.CONFIG_CHANGED, "flush", ""))
        .get();

    Path bundle = Files.createDirectories(dir.resolve("bundle-secrets"));
    ops.auditLog().export(bundle);
    String log = Files.readString(bundle.resolve("entries.jsonl"));
    assertThat(log).contains(AuditAction.API_KEY_CREATED.wireName())
        .contains(AuditAction.API_KEY_REVOKED.wireName())
        .contains(AuditAction.MFA_ENROLLED.wireName())
        .contains(AuditAction.ADMIN_SIGN_IN.wireName())
        .contains("\"user:" + name(Role.OWNER) + "\"")
        .doesNotContain(PASSWORD).doesNotContain(key).doesNotContain(CONTENT);
    for (String secret : shownOnce) {
      assertThat(log).doesNotContain(secret);
    }
    assertThat(ops.auditLog().verify().valid()).isTrue();
  }

  @Test
  void anAuditorReadsProofsThatMatchTheSignedTreeHead() throws Exception {
    String auditor = sessions.get(Role.AUDITOR);
    JsonNode proof = JSON.readTree(call("GET", "/audit/proofs/inclusion?index=0", auditor, null)
        .body());
    assertThat(proof.path("index").asLong()).isZero();
    assertThat(proof.path("tree_head").path("signature").asText()).isNotEmpty();
    JsonNode verify = JSON.readTree(call("GET", "/audit/verify", auditor, null).body());
    assertThat(verify.path("valid").asBoolean()).isTrue();
    assertThat(call("GET", "/audit/proofs/inclusion?index=x", auditor, null).statusCode())
        .isEqualTo(400);
  }
}
