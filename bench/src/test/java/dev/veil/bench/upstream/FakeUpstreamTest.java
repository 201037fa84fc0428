package dev.veil.bench.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeUpstreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = """
      {"model":"gpt-4o-mini","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":"Call Zoë Müller on +44 20 7946 0123, please."}]%s}""";

  private static final Map<FakeUpstream.Engine, FakeUpstream> UPSTREAMS = new EnumMap<>(FakeUpstream.Engine.class);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startBothEngines() throws Exception {
    UpstreamOptions options = new UpstreamOptions(7, Duration.ZERO, Duration.ofMillis(1));
    for (FakeUpstream.Engine engine : FakeUpstream.Engine.values()) {
      UPSTREAMS.put(engine, FakeUpstream.start(engine, "127.0.0.1", 0, options));
    }
  }

  @AfterAll
  static void stopThem() {
    UPSTREAMS.values().forEach(FakeUpstream::close);
  }

  @ParameterizedTest
  @EnumSource(FakeUpstream.Engine.class)
  void aJsonAnswerEchoesTheLastUserMessageWithUsage(FakeUpstream.Engine engine) throws Exception {
    FakeUpstream upstream = UPSTREAMS.get(engine);
    HttpResponse<String> response = post(upstream, REQUEST.formatted(""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Call Zoë Müller on +44 20 7946 0123, please.");
    assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(14);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(11);
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(25);
  }

  @ParameterizedTest
  @EnumSource(FakeUpstream.Engine.class)
  void aStreamCarriesTheConfiguredChunksThenUsageThenDone(FakeUpstream.Engine engine) throws Exception {
    FakeUpstream upstream = UPSTREAMS.get(engine);
    HttpResponse<String> response = post(upstream,
        REQUEST.formatted(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> data = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      assertThat(event).startsWith("data: ");
      data.add(event.substring(6));
    }
    assertThat(data).hasSize(1 + 7 + 1 + 1 + 1).last().isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    for (String chunk : data.subList(0, 10)) {
      JsonNode node = JSON.readTree(chunk);
      assertThat(node.path("object").asText()).isEqualTo("chat.completion.chunk");
      if (node.path("choices").size() > 0) {
        content.append(node.path("choices").get(0).path("delta").path("content").asText());
      }
    }
    assertThat(JSON.readTree(data.get(0)).path("choices").get(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    assertThat(JSON.readTree(data.get(8)).path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("stop");
    assertThat(JSON.readTree(data.get(9)).path("usage").path("total_tokens").asInt()).isEqualTo(25);
    assertThat(content.toString()).isEqualTo("Call Zoë Müller on +44 20 7946 0123, please.");
  }

  @ParameterizedTest
  @EnumSource(FakeUpstream.Engine.class)
  void aBodyThatIsNotAChatRequestGetsAnOpenAiStyleError(FakeUpstream.Engine engine) throws Exception {
    FakeUpstream upstream = UPSTREAMS.get(engine);
    HttpResponse<String> response = post(upstream, "{\"model\":\"gpt-4o-mini\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @ParameterizedTest
  @EnumSource(FakeUpstream.Engine.class)
  void otherPathsAreNotFound(FakeUpstream.Engine engine) throws Exception {
    FakeUpstream upstream = UPSTREAMS.get(engine);
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/embeddings"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(FakeUpstream.Engine.class)
  void aResponsesStreamIsTheEventSequenceOfOneMessageEndingWithTheUsage(FakeUpstream.Engine engine)
      throws Exception {
    HttpResponse<String> response = post(UPSTREAMS.get(engine), "/responses", """
        {"model":"gpt-4o-mini","instructions":"Be brief.","stream":true,"input":[
          {"role":"user","content":[{"type":"input_text","text":"Call Zoë on +44 20 7946 0123."}]}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> types = new ArrayList<>();
    StringBuilder deltas = new StringBuilder();
    JsonNode last = null;
    for (String event : response.body().split("\n\n")) {
      String[] lines = event.split("\n");
      assertThat(lines[0]).startsWith("event: ");
      last = JSON.readTree(lines[1].substring("data: ".length()));
      assertThat(last.path("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
      assertThat(last.path("sequence_number").asInt()).isEqualTo(types.size());
      types.add(last.path("type").asText());
      deltas.append(last.path("delta").asText(""));
    }
    assertThat(types).startsWith("response.created", "response.output_item.added",
        "response.content_part.added").endsWith("response.output_text.done",
        "response.content_part.done", "response.output_item.done", "response.completed");
    assertThat(types).filteredOn("response.output_text.delta"::equals).hasSize(7);
    assertThat(deltas.toString()).isEqualTo("Call Zoë on +44 20 7946 0123.");
    assertThat(last.at("/response/output/0/content/0/text").asText())
        .isEqualTo("Call Zoë on +44 20 7946 0123.");
    assertThat(last.at("/response/usage/total_tokens").asInt()).isPositive();
  }

  private HttpResponse<String> post(FakeUpstream upstream, String body) throws Exception {
    return post(upstream, "/chat/completions", body);
  }

  private HttpResponse<String> post(FakeUpstream upstream, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
