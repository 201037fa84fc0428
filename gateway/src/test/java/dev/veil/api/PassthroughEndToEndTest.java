package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.files.FileListPage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints Veil cannot inspect are refused with an error naming the switch that would relay
 * them; with the switch on they are relayed unprotected, and each use is an audit event.
 */
class PassthroughEndToEndTest {
  private static final String CANARY = "Ada Lovelace, ada.lovelace@example.org, +44 20 7946 0958";

  @TempDir Path dir;

  @Test
  void everyEndpointVeilCannotInspectIsRefusedByDefaultNamingItAndTheSwitch() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of())) {
      for (String[] call : new String[][] {
          {"POST", "/v1/files"}, {"GET", "/v1/files/file-abc/content"}, {"POST", "/v1/uploads"},
          {"POST", "/v1/batches"}, {"POST", "/v1/audio/transcriptions"},
          {"POST", "/v1/images/generations"}, {"POST", "/v1/fine_tuning/jobs"},
          {"POST", "/v1/vector_stores"}, {"POST", "/v1/realtime/sessions"},
          {"POST", "/v1/assistants"}, {"POST", "/v1/threads/runs"},
          {"POST", "/v1/responses/resp_1/cancel"}}) {
        String endpoint = call[1].split("/")[2];
        HttpResponse<String> r = send(h, call[0], call[1], null, "{\"input\":\"" + CANARY + "\"}");

        assertThat(r.statusCode()).as(call[1]).isEqualTo(403);
        JsonNode error = FakeUpstream.JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("veil_endpoint_not_inspected");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("message").asText())
            .contains(call[0] + " /v1/" + endpoint)
            .contains("unprotected_passthrough.endpoints")
            .doesNotContain("Ada");
      }
      HttpResponse<String> unknown = send(h, "POST", "/v1/some/new/api", null, "{}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("unknown_url").contains("/v1/some")
          .contains("unprotected_passthrough.endpoints");

      assertThatThrownBy(() -> h.sdk().files().list())
          .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
              assertThat(e.code()).hasValue("veil_endpoint_not_inspected"));
      assertThat(h.upstream.received).as("nothing reached the provider").isEmpty();
      assertThat(audit(h)).noneMatch(e -> e.contains("unprotected.passthrough"));
    }
  }

  @Test
  void aListedEndpointIsRelayedUnprotectedWithTheProviderKeyAndEachUseIsAudited()
      throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir,
        Map.of("unprotected_passthrough.endpoints", "files"))) {
      h.upstream.on("/v1/files", (ex, r) -> FakeUpstream.send(ex, 200, r.method().equals("GET")
          ? "{\"object\":\"list\",\"data\":[{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":3,"
              + "\"created_at\":1,\"filename\":\"a.jsonl\",\"purpose\":\"batch\","
              + "\"status\":\"processed\"}],\"has_more\":false}"
          : "{\"id\":\"file-2\",\"object\":\"file\"}"));

      FileListPage page = h.sdk().files().list();
      assertThat(page.data()).singleElement().satisfies(f ->
          assertThat(f.id()).isEqualTo("file-1"));

      String multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n"
          + "\r\n" + CANARY + "\r\n--b--\r\n";
      HttpResponse<String> upload = send(h, "POST", "/v1/files?purpose=batch",
          "multipart/form-data; boundary=b", multipart);
      assertThat(upload.statusCode()).isEqualTo(200);
      assertThat(upload.body()).contains("file-2");

      assertThat(h.upstream.received).hasSize(2);
      FakeUpstream.Received sent = h.upstream.received.get(1);
      assertThat(sent.path()).isEqualTo("/v1/files");
      assertThat(sent.query()).isEqualTo("purpose=batch");
      assertThat(sent.header("Content-Type")).isEqualTo("multipart/form-data; boundary=b");
      assertThat(new String(sent.body(), StandardCharsets.UTF_8))
          .as("relayed as it is: unprotected").isEqualTo(multipart);
      assertThat(h.upstream.received).allSatisfy(r ->
          assertThat(r.header("Authorization")).isEqualTo("Bearer sk-upstream-secret"));

      List<String> events = audit(h).stream()
          .filter(e -> e.contains("unprotected.passthrough")).toList();
      assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e)
          .contains("endpoint:/v1/files").contains("fake")
          .doesNotContain("Ada").doesNotContain("purpose").doesNotContain("boundary"));
      assertThat(events.get(0)).contains("GET");
      assertThat(events.get(1)).contains("POST")
          .contains(upload.headers().firstValue("X-Request-Id").orElseThrow());

      HttpResponse<String> audio = send(h, "POST", "/v1/audio/speech", null, "{}");
      assertThat(audio.statusCode()).as("an endpoint not listed stays refused").isEqualTo(403);
      HttpResponse<String> noKey = send(h, "GET", "/v1/files", null, null, null);
      assertThat(noKey.statusCode()).isEqualTo(401);
      HttpResponse<String> traversal = send(h, "GET", "/v1/files/a%2F..%2F..%2Fchat", null, null);
      assertThat(traversal.statusCode()).isEqualTo(400);
      assertThat(h.upstream.received).as("refused requests did not leave").hasSize(2);
    }
  }

  @Test
  void aRelayThatCouldNotBeAuditedIsRefusedAndNothingLeaves() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir,
        Map.of("unprotected_passthrough.endpoints", "files"))) {
      h.upstream.on("/v1/files", (ex, r) -> FakeUpstream.send(ex, 200, "{}"));
      h.gateway.audit().close(java.time.Duration.ofSeconds(5));

      HttpResponse<String> r = send(h, "GET", "/v1/files", null, null);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("veil_audit_unavailable");
      assertThat(h.upstream.received).isEmpty();
    }
  }

  @Test
  void theSdkSeesAnUnknownPathAsNotFound() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of())) {
      assertThatThrownBy(() -> h.sdk().models().retrieve("gpt-test"))
          .isInstanceOfSatisfying(NotFoundException.class, e ->
              assertThat(e.code()).hasValue("unknown_url"));
    }
  }

  private static HttpResponse<String> send(GatewayHarness h, String method, String path,
      String contentType, String body) throws Exception {
    return send(h, method, path, contentType, body, h.key);
  }

  private static HttpResponse<String> send(GatewayHarness h, String method, String path,
      String contentType, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + h.gateway.apiPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", contentType == null ? "application/json" : contentType);
    }
    return h.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> audit(GatewayHarness h) throws Exception {
    return LimitsEndToEndTest.audit(h);
  }
}
