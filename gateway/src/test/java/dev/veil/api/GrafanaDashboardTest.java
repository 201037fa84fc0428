package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard shipped in {@code deploy/grafana} asks only for metrics that a running
 * gateway exports, under the names it exports them.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "veil-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\bveil_[a-z_]+");

  @TempDir Path dir;

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    JsonNode dashboard = FakeUpstream.JSON.readTree(Files.readString(DASHBOARD));
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          queried.add(m.group());
        }
      }
    }
    assertThat(queried).contains("veil_requests_seconds_bucket", "veil_guard_seconds_bucket",
        "veil_findings_total", "veil_upstream_errors_total", "veil_spend_total",
        "veil_queue_depth");

    try (var h = new GatewayHarness(dir, """
        prices:
          - model: gpt-test
            input_per_million: 2.5
            output_per_million: 10
        """)) {
      h.upstream.on("/v1/chat/completions", (ex, r) -> {
        if (new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("fail")) {
          FakeUpstream.send(ex, 500, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}");
        } else {
          FakeUpstream.send(ex, 200, LimitsEndToEndTest.completion(10, 20));
        }
      });
      for (String content : new String[] {"mail dash.board@example.org", "please fail"}) {
        h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
            .header("Authorization", "Bearer " + h.key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString());
      }
      String exported = h.admin("/metrics").body();
      for (String name : queried) {
        assertThat(exported).as("the dashboard queries %s", name)
            .containsPattern("(?m)^" + name + "[{ ]");
      }
    }
  }
}
