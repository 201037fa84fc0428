package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.veil.guard.Guard;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
