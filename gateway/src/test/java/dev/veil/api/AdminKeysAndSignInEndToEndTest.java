package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.admin.Operations;
import dev.veil.auth.admin.Role;
import dev.veil.auth.admin.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys' owner, team and policy through the admin API, and how sign-in takes its bodies. */
class AdminKeysAndSignInEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "canary-Admin-Passw0rd-3b7d";

  @TempDir static Path dir;
  static GatewayHarness harness;
  static HttpClient http;
  static Operations ops;
  static String admin;
  static String dev;
  static String devOps;
  static final AtomicInteger upstreamCalls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    harness = new GatewayHarness(dir.resolve("data"), """
        policies:
          - name: default
          - name: strict
            entities: {EMAIL_ADDRESS: block}
        """);
    harness.upstream.on("/v1/chat/completions", (ex, r) -> {
      upstreamCalls.incrementAndGet();
      FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION);
    });
    http = harness.http();
    ops = harness.gateway.operations();
    admin = enrol("root", Role.ADMIN);
    dev = enrol("dev", Role.DEVELOPER);
    devOps = enrol("dev.ops", Role.DEVELOPER);
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  static String enrol(String user, Role role) throws Exception {
    ops.adminAccounts(e -> harness.gateway.audit().append(e))
        .addUser(null, user, role, PASSWORD.toCharArray(), "");
    JsonNode first = JSON.readTree(signIn(user, PASSWORD).body());
    String secret = first.path("otpauth_uri").asText().replaceAll(".*[?&]secret=([A-Z2-7]+).*",
        "$1");
    String code = Totp.code(Totp.Base32.decode(secret), Totp.step(Instant.now().getEpochSecond()));
    HttpResponse<String> done = call("POST", "/sign-in/enroll", null, JSON.writeValueAsString(
        Map.of("enrollment_token", first.path("enrollment_token").asText(), "code", code)));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return JSON.readTree(done.body()).path("token").asText();
  }

  static HttpResponse<String> signIn(String user, String password) throws Exception {
    return call("POST", "/sign-in", null,
        JSON.writeValueAsString(Map.of("name", user, "password", password)));
  }

  static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return send(method, path, token, "application/json", body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpResponse<String> send(String method, String path, String token, String contentType,
      HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + harness.gateway.adminPort() + "/admin/v1" + path))
        .method(method, body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<String> keyNames(String token) throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(call("GET", "/keys", token, null).body()).forEach(k -> names.add(
        k.path("name").asText()));
    return names;
  }

  /** Regression: ownership was the name prefix, so developer 'dev' revoked 'dev.ops''s key. */
  @Test
  void aDeveloperSeesAndRevokesOnlyTheKeysItOwns() throws Exception {
    HttpResponse<String> made = call("POST", "/keys", devOps, "{\"name\":\"k\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode key = JSON.readTree(made.body());
    assertThat(key.path("name").asText()).isEqualTo("dev.ops.k");
    assertThat(key.path("owner").asText()).isEqualTo("dev.ops");

    assertThat(keyNames(dev)).doesNotContain("dev.ops.k");
    assertThat(call("DELETE", "/keys/dev.ops.k", dev, null).statusCode()).isEqualTo(404);
    assertThat(keyNames(devOps)).contains("dev.ops.k");
    assertThat(call("DELETE", "/keys/dev.ops.k", devOps, null).statusCode()).isEqualTo(200);
  }

  @Test
  void keysShowTheirPolicyOwnerAndTeamAndOnlyAnAdminChoosesThem() throws Exception {
    HttpResponse<String> made = call("POST", "/keys", admin,
        "{\"name\":\"payments-app\",\"policy\":\"strict\",\"owner\":\"dev\",\"team\":\"payments\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode listed = null;
    for (JsonNode k : JSON.readTree(call("GET", "/keys", admin, null).body())) {
      if (k.path("name").asText().equals("payments-app")) {
        listed = k;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("policy").asText()).isEqualTo("strict");
    assertThat(listed.path("owner").asText()).isEqualTo("dev");
    assertThat(listed.path("team").asText()).isEqualTo("payments");
    assertThat(keyNames(dev)).contains("payments-app");

    HttpResponse<String> mine = call("POST", "/keys", admin, "{\"name\":\"admins-own\"}");
    assertThat(JSON.readTree(mine.body()).path("owner").asText()).isEqualTo("root");
    assertThat(JSON.readTree(mine.body()).path("policy").asText()).isEqualTo("default");

    HttpResponse<String> unknownPolicy = call("POST", "/keys", admin,
        "{\"name\":\"x1\",\"policy\":\"nope\"}");
    assertThat(unknownPolicy.statusCode()).isEqualTo(400);
    assertThat(unknownPolicy.body()).contains("no policy named 'nope'");
    assertThat(call("POST", "/keys", admin, "{\"name\":\"x2\",\"owner\":\"ghost\"}").body())
        .contains("no admin user named 'ghost'");
    assertThat(call("POST", "/keys", admin, "{\"name\":\"x3\",\"models\":\"gpt-test\"}")
        .statusCode()).isEqualTo(400);
    for (String body : List.of("{\"name\":\"x4\",\"policy\":\"strict\"}",
        "{\"name\":\"x5\",\"team\":\"payments\"}", "{\"name\":\"x6\",\"owner\":\"dev.ops\"}")) {
      assertThat(call("POST", "/keys", dev, body).statusCode()).as(body).isEqualTo(403);
    }
    assertThat(keyNames(admin)).noneMatch(n -> n.matches("(dev\\.)?x\\d"));
  }

  @Test
  void anAdminHandsAKeyToADeveloperAndTeamByChangingItsOwner() throws Exception {
    assertThat(call("POST", "/keys", admin, "{\"name\":\"handed-over\"}").statusCode())
        .isEqualTo(201);
    assertThat(keyNames(dev)).doesNotContain("handed-over");
    assertThat(call("PATCH", "/keys/handed-over", dev, "{\"owner\":\"dev\"}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> changed = call("PATCH", "/keys/handed-over", admin,
        "{\"owner\":\"dev\",\"team\":\"search\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).path("team").asText()).isEqualTo("search");
    assertThat(keyNames(dev)).contains("handed-over");
    assertThat(call("PATCH", "/keys/handed-over", admin, "{\"team\":null}").body())
        .contains("\"team\":null").contains("\"owner\":\"dev\"");
    HttpResponse<String> strict = call("PATCH", "/keys/handed-over", admin,
        "{\"policy\":\"strict\"}");
    assertThat(strict.statusCode()).as(strict.body()).isEqualTo(200);
    assertThat(JSON.readTree(strict.body()).path("policy").asText()).isEqualTo("strict");
    assertThat(call("PATCH", "/keys/handed-over", admin, "{\"policy\":\"no-such-policy\"}")
        .statusCode()).isEqualTo(400);
    assertThat(call("PATCH", "/keys/handed-over", admin, "{\"policy\":null}").body())
        .contains("\"policy\":\"default\"");
    assertThat(call("PATCH", "/keys/handed-over", admin, "{\"models\":[\"x\"]}").statusCode())
        .isEqualTo(400);
    assertThat(call("PATCH", "/keys/no-such-key", admin, "{\"team\":\"x\"}").statusCode())
        .isEqualTo(404);
  }

  /** Regression: the key authenticated and the request failed with 500 "guard record failed". */
  @Test
  void aKeyWhosePolicyTheGatewayDidNotLoadIsRefusedWithAClearError() throws Exception {
    String key = harness.gateway.keys().create("added-later", List.of(), null, "added-since")
        .key();
    int before = upstreamCalls.get();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(harness.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("veil_policy_not_loaded");
    assertThat(error.path("message").asText()).contains("restart the gateway");
    assertThat(upstreamCalls.get()).isEqualTo(before);
  }

  /** Regression: any content type was parsed as JSON. */
  @Test
  void signInTakesOnlyJson() throws Exception {
    String body = JSON.writeValueAsString(Map.of("name", "root", "password", "wrong-" + PASSWORD));
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
      HttpResponse<String> r = send("POST", "/sign-in", null, type,
          HttpRequest.BodyPublishers.ofString(body));
      assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(415);
      assertThat(r.body()).contains("application/json");
    }
    assertThat(send("POST", "/sign-in", null, "application/json; charset=utf-8",
        HttpRequest.BodyPublishers.ofString(body)).statusCode()).isIn(401, 429);
  }

  /** Regression: an oversized body was read whole and answered 500. */
  @Test
  void anOversizedBodyIs413() throws Exception {
    for (int size : new int[] {100_000, 3_000_000}) {
      String big = "{\"name\":\"root\",\"password\":\"" + "p".repeat(size) + "\"}";
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                  + harness.gateway.adminPort() + "/admin/v1/sign-in"))
              .expectContinue(true).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(big)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%d bytes", size).isEqualTo(413);
      assertThat(r.body()).doesNotContain("ppppp");
    }
    byte[] chunked = ("{\"name\":\"root\",\"password\":\"" + "p".repeat(70_000) + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> r = send("POST", "/sign-in", null, "application/json",
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked)));
    assertThat(r.statusCode()).as("without a Content-Length").isEqualTo(413);
  }

  /** Regression: one user's failed sign-ins made everyone at that address wait. */
  @Test
  void failedSignInsOfOneNameDoNotHoldBackAnotherUserAtTheSameAddress() throws Exception {
    ops.adminAccounts(e -> harness.gateway.audit().append(e))
        .addUser(null, "newcomer", Role.AUDITOR, PASSWORD.toCharArray(), "");
    for (int i = 0; i < 3; i++) {
      assertThat(signIn("mistyped", PASSWORD).statusCode()).isIn(401, 429);
    }
    HttpResponse<String> backingOff = signIn("mistyped", PASSWORD);
    assertThat(backingOff.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(backingOff.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    HttpResponse<String> other = signIn("newcomer", PASSWORD);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
  }
}
