package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/responses} through the official SDK's Responses API, against a fake upstream
 * that answers with the Responses API's own objects and, streamed, its event sequence (from
 * OpenAI's OpenAPI description: {@code response.created}, {@code response.in_progress}, {@code
 * response.output_item.added}, {@code response.content_part.added}, {@code
 * response.output_text.delta} ..., {@code response.function_call_arguments.delta} ..., the {@code
 * .done} events and {@code response.completed}, each with its {@code sequence_number}, and no
 * {@code [DONE]}). Canary values never reach the upstream in clear and come back restored.
 */
class ResponsesEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PHONE = "+1 415 555 0132";
  static final String NAME = "Maria Gonzalez";
  static final String PROMPT = "Hi, I am " + NAME + ". Write to " + EMAIL + " or call " + PHONE
      + ".";
  static final String INSTRUCTIONS = "You assist " + NAME + " (" + EMAIL + ").";

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, RecordStoreEndToEndTest.POLICIES);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /**
   * Answers with a message "You said: " + the last user text, and a call of {@code lookup} whose
   * arguments hold that text as JSON; streamed in 3-character deltas when asked.
   */
  @BeforeEach
  void echoUpstream() {
    h.upstream.received.clear();
    h.upstream.on("/v1/responses", (ex, r) -> {
      JsonNode body = r.json();
      String said = lastUserText(body.get("input"));
      String text = "You said: " + said;
      ObjectNode argsJson = FakeUpstream.JSON.createObjectNode().put("note", said);
      String args = argsJson.toString();
      if (body.path("stream").asBoolean()) {
        stream(ex, body, text, args);
      } else {
        FakeUpstream.send(ex, 200, response(body, "completed", List.of(message(text, true),
            call(args, true))).toString());
      }
    });
  }

  private static String lastUserText(JsonNode input) {
    if (input.isTextual()) {
      return input.asText();
    }
    String said = "";
    for (JsonNode item : input) {
      if ("user".equals(item.path("role").asText())) {
        JsonNode c = item.get("content");
        said = c.isTextual() ? c.asText() : c.get(0).get("text").asText();
      }
    }
    return said;
  }

  static ObjectNode response(JsonNode request, String status, List<ObjectNode> output) {
    ObjectNode r = FakeUpstream.JSON.createObjectNode();
    r.put("id", "resp_1").put("object", "response").put("created_at", 1741476777)
        .put("status", status).putNull("error").putNull("incomplete_details");
    r.set("instructions", request.get("instructions"));
    r.putNull("max_output_tokens");
    r.put("model", "upstream-model");
    ArrayNode out = r.putArray("output");
    output.forEach(out::add);
    r.put("parallel_tool_calls", true).putNull("previous_response_id");
    r.putObject("reasoning").putNull("effort").putNull("summary");
    r.put("store", false).put("temperature", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.put("tool_choice", "auto");
    r.set("tools", request.has("tools") ? request.get("tools") : r.arrayNode());
    r.put("top_p", 1.0).put("truncation", "disabled");
    if (status.equals("completed")) {
      ObjectNode u = r.putObject("usage");
      u.put("input_tokens", 30).putObject("input_tokens_details").put("cached_tokens", 0);
      u.put("output_tokens", 20).putObject("output_tokens_details").put("reasoning_tokens", 0);
      u.put("total_tokens", 50);
    } else {
      r.putNull("usage");
    }
    r.putNull("user");
    r.putObject("metadata");
    return r;
  }

  static ObjectNode message(String text, boolean done) {
    ObjectNode m = FakeUpstream.JSON.createObjectNode();
    m.put("id", "msg_1").put("type", "message").put("status", done ? "completed" : "in_progress")
        .put("role", "assistant");
    ArrayNode content = m.putArray("content");
    if (done) {
      content.add(part(text));
    }
    return m;
  }

  private static ObjectNode part(String text) {
    ObjectNode p = FakeUpstream.JSON.createObjectNode();
    p.put("type", "output_text").put("text", text).putArray("annotations");
    p.putArray("logprobs");
    return p;
  }

  private static ObjectNode call(String args, boolean done) {
    ObjectNode c = FakeUpstream.JSON.createObjectNode();
    c.put("id", "fc_1").put("type", "function_call").put("status",
        done ? "completed" : "in_progress").put("arguments", done ? args : "")
        .put("call_id", "call_1").put("name", "lookup");
    return c;
  }

  /** The Responses API's event sequence for one message and one function call. */
  private static void stream(HttpExchange ex, JsonNode request, String text, String args)
      throws IOException {
    OutputStream out = FakeUpstream.startStream(ex);
    int[] seq = {0};
    Emitter emit = (type, fields) -> {
      fields.put("type", type);
      fields.put("sequence_number", seq[0]++);
      out.write(("event: " + type + "\ndata: " + fields + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    };
    emit.send("response.created", obj().set("response", response(request, "in_progress",
        List.of())));
    emit.send("response.in_progress", obj().set("response", response(request, "in_progress",
        List.of())));
    emit.send("response.output_item.added", obj().put("output_index", 0)
        .set("item", message(text, false)));
    emit.send("response.content_part.added", obj().put("item_id", "msg_1").put("output_index", 0)
        .put("content_index", 0).set("part", part("")));
    for (int i = 0; i < text.length(); i += 3) {
      ObjectNode d = obj().put("item_id", "msg_1").put("output_index", 0).put("content_index", 0)
          .put("delta", text.substring(i, Math.min(text.length(), i + 3)));
      d.putArray("logprobs");
      emit.send("response.output_text.delta", d);
    }
    ObjectNode done = obj().put("item_id", "msg_1").put("output_index", 0)
        .put("content_index", 0).put("text", text);
    done.putArray("logprobs");
    emit.send("response.output_text.done", done);
    emit.send("response.content_part.done", obj().put("item_id", "msg_1").put("output_index", 0)
        .put("content_index", 0).set("part", part(text)));
    emit.send("response.output_item.done", obj().put("output_index", 0)
        .set("item", message(text, true)));
    emit.send("response.output_item.added", obj().put("output_index", 1)
        .set("item", call(args, false)));
    for (int i = 0; i < args.length(); i += 3) {
      emit.send("response.function_call_arguments.delta", obj().put("item_id", "fc_1")
          .put("output_index", 1).put("delta", args.substring(i, Math.min(args.length(), i + 3))));
    }
    emit.send("response.function_call_arguments.done", obj().put("item_id", "fc_1")
        .put("output_index", 1).put("name", "lookup").put("arguments", args));
    emit.send("response.output_item.done", obj().put("output_index", 1)
        .set("item", call(args, true)));
    emit.send("response.completed", obj().set("response", response(request, "completed",
        List.of(message(text, true), call(args, true)))));
    out.close();
  }

  @FunctionalInterface
  private interface Emitter {
    void send(String type, ObjectNode fields) throws IOException;
  }

  private static ObjectNode obj() {
    return FakeUpstream.JSON.createObjectNode();
  }

  private static ResponseCreateParams params() {
    return ResponseCreateParams.builder().model("gpt-test").instructions(INSTRUCTIONS)
        .input(PROMPT)
        .addTool(FunctionTool.builder().name("lookup").description("Looks up " + NAME)
            .parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object")).build())
            .strict(false).build())
        .build();
  }

  private static String upstreamSaw() {
    return new String(h.upstream.received.get(0).body(), StandardCharsets.UTF_8);
  }

  private static void assertNothingInClearUpstream() throws IOException {
    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "Gonzalez")
        .contains("[EMAIL_ADDRESS_", "[PHONE_NUMBER_");
    JsonNode sent = h.upstream.received.get(0).json();
    assertThat(sent.get("store").asBoolean(true)).as("store: false is sent").isFalse();
    assertThat(sent.get("model").asText()).isEqualTo("upstream-model");
  }

  @Test
  void aResponseIsProtectedOnTheWayOutAndRestoredInTextAndFunctionCallArguments()
      throws Exception {
    Response r = h.sdk().responses().create(params());

    assertNothingInClearUpstream();
    List<ResponseOutputItem> output = r.output();
    assertThat(output.get(0).message().orElseThrow().content().get(0).outputText().orElseThrow()
        .text()).isEqualTo("You said: " + PROMPT);
    String args = output.get(1).functionCall().orElseThrow().arguments();
    assertThat(FakeUpstream.JSON.readTree(args).get("note").asText()).isEqualTo(PROMPT);
    assertThat(r.instructions()).isPresent();
    assertThat(r._instructions().toString()).contains(EMAIL);
  }

  @Test
  void aStreamedResponseIsRestoredInEveryEventKindWithSurrogatesSplitAcrossDeltas()
      throws Exception {
    StringBuilder text = new StringBuilder();
    StringBuilder args = new StringBuilder();
    List<Long> sequence = new ArrayList<>();
    List<String> itemTexts = new ArrayList<>();
    Response[] completed = {null};
    try (StreamResponse<ResponseStreamEvent> s = h.sdk().responses().createStreaming(params())) {
      s.stream().forEach(e -> {
        e.outputTextDelta().ifPresent(d -> {
          text.append(d.delta());
          sequence.add(d.sequenceNumber());
        });
        e.functionCallArgumentsDelta().ifPresent(d -> args.append(d.delta()));
        e.outputItemDone().ifPresent(d -> d.item().message().ifPresent(m ->
            itemTexts.add(m.content().get(0).outputText().orElseThrow().text())));
        e.completed().ifPresent(c -> completed[0] = c.response());
      });
    }

    assertNothingInClearUpstream();
    assertThat(text.toString()).isEqualTo("You said: " + PROMPT);
    assertThat(FakeUpstream.JSON.readTree(args.toString()).get("note").asText())
        .isEqualTo(PROMPT);
    assertThat(itemTexts).containsExactly("You said: " + PROMPT);
    assertThat(completed[0]).isNotNull();
    assertThat(completed[0].output().get(0).message().orElseThrow().content().get(0)
        .outputText().orElseThrow().text()).isEqualTo("You said: " + PROMPT);
    assertThat(FakeUpstream.JSON.readTree(completed[0].output().get(1).functionCall()
        .orElseThrow().arguments()).get("note").asText()).isEqualTo(PROMPT);
    for (int i = 1; i < sequence.size(); i++) {
      assertThat(sequence.get(i)).as("sequence numbers stay in order").isGreaterThan(
          sequence.get(i - 1));
    }
  }

  @Test
  void everyTextOfInputItemsIsProtectedAndReasoningItemsPassUntouched() throws Exception {
    String encrypted = "gAAAAABencrypted-opaque-" + "x".repeat(40);
    String body = """
        {"model":"gpt-test","input":[
          {"role":"user","content":[{"type":"input_text","text":"%s"}]},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"%s"},
          {"type":"function_call","call_id":"call_1","name":"lookup",
           "arguments":"{\\"email\\":\\"%s\\"}"},
          {"type":"function_call_output","call_id":"call_1",
           "output":"{\\"phone\\":\\"%s\\"}"},
          {"role":"user","content":"Thanks, %s"}
        ]}""".formatted(PROMPT, encrypted, EMAIL, PHONE, NAME);

    HttpResponse<String> r = post(body);

    assertThat(r.statusCode()).isEqualTo(200);
    String sent = upstreamSaw();
    assertThat(sent).doesNotContain(EMAIL, PHONE, "Gonzalez");
    JsonNode input = h.upstream.received.get(0).json().get("input");
    assertThat(input.get(1).get("encrypted_content").asText()).isEqualTo(encrypted);
    assertThat(input.get(1).get("id").asText()).isEqualTo("rs_1");
    assertThat(FakeUpstream.JSON.readTree(r.body()).at("/output/0/content/0/text").asText())
        .isEqualTo("You said: Thanks, " + NAME);
  }

  @Test
  void previousResponseIdIsRefusedNamingThePolicySettingWhenUpstreamStorageIsNotAllowed() {
    assertThatThrownBy(() -> h.sdk().responses().create(ResponseCreateParams.builder()
        .model("gpt-test").input("And then?").previousResponseId("resp_0").build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.code()).hasValue("veil_upstream_store_denied");
          assertThat(e.param()).hasValue("previous_response_id");
        })
        .hasMessageContaining("upstream_store");
    assertThat(h.upstream.received).isEmpty();
  }

  @Test
  void anInputItemOfAKindVeilCannotInspectIsRefusedNamingIt() throws Exception {
    HttpResponse<String> r = post("""
        {"model":"gpt-test","input":[{"type":"computer_call_output","call_id":"c",
         "output":{"type":"computer_screenshot","image_url":"data:image/png;base64,AAAA"}}]}""");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(FakeUpstream.JSON.readTree(r.body()).at("/error/param").asText())
        .isEqualTo("input[0].type");
    assertThat(h.upstream.received).isEmpty();
  }

  @Test
  void aStreamedResponseIsRecordedWholeAndRestoredUnderAPolicyThatKeepsTheOriginal()
      throws Exception {
    RecordStoreEndToEndTest.TestKey key = RecordStoreEndToEndTest.keyWithPolicy(h,
        "keep-original");
    try (StreamResponse<ResponseStreamEvent> s = h.sdk(key.secret()).responses()
        .createStreaming(params())) {
      s.stream().forEach(e -> { });
    }

    var ds = h.gateway.database().dataSource();
    var kek = dev.veil.crypto.LocalKeyProvider.open(h.dataDir, java.util.Optional.empty(), true,
        dev.veil.crypto.LocalKeyProvider.ScryptParams.DEFAULT);
    var clock = java.time.Clock.systemUTC();
    var vault = new dev.veil.retention.ContentVault(ds,
        new dev.veil.crypto.DataKeys(ds, kek, clock), clock);
    List<String> ids = RecordStoreEndToEndTest.storedRecordIds(h, key.id());
    assertThat(ids).hasSize(1);
    JsonNode stored = FakeUpstream.JSON.readTree(vault.open(ids.get(0)).orElseThrow()
        .field(dev.veil.retention.ContentVault.RESPONSE).orElseThrow());
    assertThat(stored.at("/output/0/content/0/text").asText()).isEqualTo("You said: " + PROMPT);
  }

  @Test
  void previousResponseIdAndTheClientsStoreFieldPassWhenThePolicyAllowsUpstreamStorage()
      throws Exception {
    RecordStoreEndToEndTest.TestKey key = RecordStoreEndToEndTest.keyWithPolicy(h,
        "provider-may-store");
    Response r = h.sdk(key.secret()).responses().create(ResponseCreateParams.builder()
        .model("gpt-test").input("And then, " + NAME + "?").previousResponseId("resp_0")
        .store(true).build());

    JsonNode sent = h.upstream.received.get(0).json();
    assertThat(sent.get("previous_response_id").asText()).isEqualTo("resp_0");
    assertThat(sent.get("store").asBoolean()).isTrue();
    assertThat(upstreamSaw()).doesNotContain("Gonzalez");
    assertThat(r.output().get(0).message().orElseThrow().content().get(0).outputText()
        .orElseThrow().text()).isEqualTo("You said: And then, " + NAME + "?");
  }

  @Test
  void aStreamThatEndsBeforeItsLastEventEndsWithAnErrorTheSdkRaises() {
    h.upstream.on("/v1/responses", (ex, r) -> {
      OutputStream out = FakeUpstream.startStream(ex);
      out.write(("event: response.output_text.delta\ndata: {\"type\":\"response.output_text."
          + "delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
          + "\"delta\":\"Hel\",\"logprobs\":[],\"sequence_number\":0}\n\n")
          .getBytes(StandardCharsets.UTF_8));
      out.close();
    });

    assertThatThrownBy(() -> {
      try (StreamResponse<ResponseStreamEvent> s = h.sdk().responses()
          .createStreaming(params())) {
        s.stream().forEach(e -> { });
      }
    }).isInstanceOf(com.openai.errors.SseException.class)
        .hasMessageContaining("ended before it was complete");
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/responses"))
        .header("Authorization", "Bearer " + h.key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
