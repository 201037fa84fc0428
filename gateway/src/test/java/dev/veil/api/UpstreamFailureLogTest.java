package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An upstream failure of a non-streamed request is one log line with the status class, the
 * provider and the request id. Regression: such failures were answered 502 with no line at all.
 */
class UpstreamFailureLogTest {
  static final String CANARY = "upstream-canary-7Qx9 jane.doe@example.com";
  @TempDir Path dir;

  @Test
  void anUpstreamErrorIsOneLineWithStatusClassProviderAndRequestIdButNoContent()
      throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try (var h = new GatewayHarness(dir, Map.of())) {
      h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 503,
          "{\"error\":{\"message\":\"" + CANARY + "\"}}"));
      ListAppender<ILoggingEvent> captured = new ListAppender<>();
      captured.start();
      root.addAppender(captured);
      HttpResponse<String> r;
      try {
        r = h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
            .header("Authorization", "Bearer " + h.key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hello\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString());
      } finally {
        root.detachAppender(captured);
      }

      assertThat(r.statusCode()).isEqualTo(502);
      String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
      List<String> lines = captured.list.stream().map(UpstreamFailureLogTest::text)
          .filter(t -> t.contains(requestId) || t.contains("upstream") || t.contains("fake"))
          .toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains(requestId).contains("fake").contains("5xx");
      assertThat(captured.list).allSatisfy(e -> assertThat(text(e)).doesNotContain("canary")
          .doesNotContain("jane.doe").doesNotContain("hello"));
    }
  }

  private static String text(ILoggingEvent e) {
    return e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
        : ThrowableProxyUtil.asString(e.getThrowableProxy()));
  }
}
