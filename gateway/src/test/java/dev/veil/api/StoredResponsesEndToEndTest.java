package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.inputitems.InputItemListPage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responses kept by the provider ({@code GET/DELETE /v1/responses/{id}}, {@code GET
 * .../input_items}) are reached through Veil with the official SDK only by keys whose policy allows
 * upstream storage, within the key's model scope; they come back as stored (protected), and each
 * access is audited.
 */
class StoredResponsesEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PROMPT = "Hi, write to " + EMAIL + " please.";

  /** What the fake provider keeps of the last response it made: the request's input text. */
  final AtomicReference<String> kept = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, RecordStoreEndToEndTest.POLICIES);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** A provider that keeps resp_1 (made by a dated snapshot of upstream-model) and resp_2. */
  @BeforeEach
  void storingUpstream() {
    h.upstream.received.clear();
    h.upstream.on("/v1/responses", (ex, r) -> {
      kept.set(r.json().get("input").asText());
      FakeUpstream.send(ex, 200, stored(r.json(), "upstream-model").toString());
    });
    h.upstream.on("/v1/responses/resp_1", (ex, r) -> FakeUpstream.send(ex, 200,
        r.method().equals("DELETE") ? "{\"id\":\"resp_1\",\"object\":\"response\",\"deleted\":true}"
            : stored(null, "upstream-model-2025-03-11").toString()));
    h.upstream.on("/v1/responses/resp_2", (ex, r) -> FakeUpstream.send(ex, 200,
        stored(null, "another-model").toString()));
    h.upstream.on("/v1/responses/resp_1/input_items", (ex, r) -> FakeUpstream.send(ex, 200, """
        {"object":"list","data":[{"id":"msg_0","type":"message","role":"user",
         "status":"completed","content":[{"type":"input_text","text":%s}]}],
         "first_id":"msg_0","last_id":"msg_0","has_more":false}"""
        .formatted(FakeUpstream.JSON.valueToTree(kept.get()))));
  }

  private ObjectNode stored(com.fasterxml.jackson.databind.JsonNode request, String model) {
    ObjectNode r = ResponsesEndToEndTest.response(
        request == null ? FakeUpstream.JSON.createObjectNode() : request, "completed",
        List.of(ResponsesEndToEndTest.message("You said: " + kept.get(), true)));
    r.put("id", "resp_1").put("model", model).put("store", true);
    return r;
  }

  @Test
  void aKeyWhosePolicyAllowsUpstreamStorageRetrievesListsAndDeletesItsStoredResponse()
      throws Exception {
    RecordStoreEndToEndTest.TestKey storing = testKey(List.of(), "provider-may-store");
    String key = storing.secret();
    Response made = h.sdk(key).responses().create(ResponseCreateParams.builder()
        .model("gpt-test").input(PROMPT).store(true).build());
    assertThat(made.output().get(0).message().orElseThrow().content().get(0).outputText()
        .orElseThrow().text()).as("the created answer is restored").contains(EMAIL);

    Response retrieved = h.sdk(key).responses().retrieve("resp_1");
    InputItemListPage items = h.sdk(key).responses().inputItems().list("resp_1");
    h.sdk(key).responses().delete("resp_1");

    assertThat(retrieved.id()).isEqualTo("resp_1");
    String text = retrieved.output().get(0).message().orElseThrow().content().get(0)
        .outputText().orElseThrow().text();
    assertThat(text).as("relayed as the provider stored it: protected")
        .isEqualTo("You said: " + kept.get()).doesNotContain(EMAIL);
    assertThat(items.data()).singleElement().satisfies(i -> assertThat(i.toString())
        .doesNotContain(EMAIL));
    List<FakeUpstream.Received> sent = h.upstream.received;
    assertThat(sent).extracting(FakeUpstream.Received::method, FakeUpstream.Received::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/v1/responses"),
            org.assertj.core.groups.Tuple.tuple("GET", "/v1/responses/resp_1"),
            org.assertj.core.groups.Tuple.tuple("GET", "/v1/responses/resp_1/input_items"),
            org.assertj.core.groups.Tuple.tuple("DELETE", "/v1/responses/resp_1"));
    assertThat(sent).allSatisfy(r -> {
      assertThat(r.header("Authorization")).isEqualTo("Bearer sk-upstream-secret");
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
          .doesNotContain(EMAIL);
    });
    List<String> events = LimitsEndToEndTest.audit(h).stream()
        .filter(e -> e.contains("stored.response_access"))
        .filter(e -> e.contains("apikey:" + storing.id())).toList();
    assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e)
        .contains("endpoint:/v1/responses").contains("fake").doesNotContain("resp_1"));
    assertThat(events.get(2)).contains("DELETE");
  }

  @Test
  void aKeyWhosePolicyDoesNotAllowUpstreamStorageIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> h.sdk().responses().retrieve("resp_1"))
        .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
            assertThat(e.code()).hasValue("veil_upstream_store_denied"))
        .hasMessageContaining("upstream_store");
    assertThatThrownBy(() -> h.sdk().responses().delete("resp_1"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> h.sdk().responses().inputItems().list("resp_1"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> h.sdk("sk-veil-not-a-key").responses().retrieve("resp_1"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(h.upstream.received).as("nothing reached the provider").isEmpty();
  }

  @Test
  void aKeyLimitedToSomeModelsReachesOnlyResponsesMadeWithThem() throws Exception {
    String key = key(List.of("gpt-test"), "provider-may-store");

    assertThat(h.sdk(key).responses().retrieve("resp_1").id())
        .as("a dated snapshot of gpt-test's upstream model").isEqualTo("resp_1");
    assertThatThrownBy(() -> h.sdk(key).responses().retrieve("resp_2"))
        .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
            assertThat(e.code()).hasValue("model_not_permitted"));
    assertThatThrownBy(() -> h.sdk(key).responses().delete("resp_2"))
        .isInstanceOf(PermissionDeniedException.class);

    String embeddingsOnly = key(List.of("embed-test"), "provider-may-store");
    assertThatThrownBy(() -> h.sdk(embeddingsOnly).responses().delete("resp_1"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(h.upstream.received).as("what was refused was only read, never deleted")
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
  }

  /** A new key for {@code models} (empty: all) under {@code policy}. */
  private static String key(List<String> models, String policy) throws Exception {
    return testKey(models, policy).secret();
  }

  private static RecordStoreEndToEndTest.TestKey testKey(List<String> models, String policy)
      throws Exception {
    var created = h.gateway.keys().create("k-" + System.nanoTime(), models, null);
    try (Connection c = h.gateway.database().connection();
        PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET policy = ? WHERE id = ?")) {
      ps.setString(1, policy);
      ps.setString(2, created.record().id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return new RecordStoreEndToEndTest.TestKey(created.key(), created.record().id());
  }
}
