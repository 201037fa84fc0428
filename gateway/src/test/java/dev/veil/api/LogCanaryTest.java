package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.veil.guard.Guard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Requests full of secret-looking values leave no trace of them in the log output. */
class LogCanaryTest {
  static final String CANARY = "sk-proj-CANARY0123456789abcdefXYZ";
  @TempDir Path dir;

  @Test
  void noRequestContentOrKeyReachesTheLogs() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    Guard throwsWithCanary = chain -> {
      if (chain.request().body().toString().contains("explode")) {
        throw new IllegalStateException("could not inspect " + CANARY);
      }
      return chain.proceed(chain.request());
    };
    String key;
    try (var h = new GatewayHarness(dir, Map.of(), List.of(throwsWithCanary))) {
      key = h.key;
      h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 500,
          "{\"error\":{\"message\":\"" + CANARY + "\"}}"));
      String message = "{\"role\":\"user\",\"content\":\"my key is " + CANARY + "\"}";
      for (String body : List.of(
          "{\"model\":\"gpt-test\",\"messages\":[" + message + "]}",
          "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[" + message + "]}",
          "{\"model\":\"gpt-test\",\"messages\":[" + message + ",\"explode\"]}",
          "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"explode "
              + CANARY + "\"}]}",
          "{\"model\":\"gpt-test\",\"messages\":[" + CANARY + "]}",
          "{\"model\":\"" + CANARY + "\",\"messages\":[" + message + "]}")) {
        for (String auth : List.of("Bearer " + h.key, "Bearer " + CANARY)) {
          h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
              .header("Authorization", auth)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
        }
      }
    } finally {
      root.detachAppender(captured);
    }

    assertThat(captured.list).isNotEmpty();
    for (ILoggingEvent e : captured.list) {
      String text = e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      assertThat(text).doesNotContain(CANARY).doesNotContain(key).doesNotContain("my key is");
    }
  }

  @Test
  void jsonLogsAreOneObjectALineWithTheSameMessagesAndNoContent() throws Exception {
    Path data = dir.resolve("json-logs");
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), GatewayChild.class.getName(), data.toString(), """
        providers:
          - name: down
            type: openai
            base_url: http://127.0.0.1:1/v1
            api_key_env: DOWN_KEY
        models:
          - name: gpt-test
            provider: down
        """).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("VEIL_LOG_FORMAT", "json");
    pb.environment().put("DOWN_KEY", "sk-upstream-" + CANARY);
    Process child = pb.start();
    String key;
    try {
      Map<String, String> started = RequestRecordDurabilityTest.awaitStarted(child, out);
      key = started.get("KEY");
      HttpResponse<String> res = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + started.get("PORT")
                  + "/v1/chat/completions"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
                  + "[{\"role\":\"user\",\"content\":\"key " + CANARY + " card 4111 1111 1111"
                  + " 1111\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).as(res.body()).isBetween(500, 599);
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("WARNING: ")).toList(); // JVM warnings
    assertThat(lines).as(Files.readString(err, StandardCharsets.UTF_8) + "\n--- out:\n"
        + Files.readString(out, StandardCharsets.UTF_8)).isNotEmpty();
    boolean upstreamLine = false;
    for (String line : lines) {
      var json = FakeUpstream.JSON.readTree(line);
      assertThat(json.path("level").asText()).as(line).isNotEmpty();
      assertThat(json.path("loggerName").asText()).as(line).isNotEmpty();
      assertThat(json.has("formattedMessage")).as(line).isTrue();
      assertThat(line).doesNotContain(CANARY).doesNotContain("4111 1111 1111 1111")
          .doesNotContain("4111111111111111").doesNotContain(key);
      upstreamLine |= json.path("formattedMessage").asText().contains("down");
    }
    assertThat(upstreamLine).as("the upstream failure is logged, naming the provider").isTrue();
  }
}
