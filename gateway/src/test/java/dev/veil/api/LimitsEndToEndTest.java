package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.veil.limits.TestRedis;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits and budgets as clients see them, on a real gateway with a fake upstream. */
class LimitsEndToEndTest {
  @TempDir Path dir;

  static String completion(int prompt, int completion) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},
         "finish_reason":"stop"}],"usage":{"prompt_tokens":%d,"completion_tokens":%d,
         "total_tokens":%d}}""".formatted(prompt, completion, prompt + completion);
  }

  static GatewayHarness start(Path dir, String yaml, int prompt, int completion)
      throws Exception {
    GatewayHarness h = new GatewayHarness(dir, yaml);
    // Limits count in fixed UTC minutes: start each test at the top of a minute, so that a slow
    // machine does not cross into the next window halfway through a test.
    long intoMinute = h.clock.millis() % 60_000;
    h.clock.advance(Duration.ofMillis(60_000 - intoMinute));
    h.upstream.on("/v1/chat/completions",
        (ex, r) -> FakeUpstream.send(ex, 200, completion(prompt, completion)));
    h.upstream.on("/v1/embeddings", (ex, r) -> FakeUpstream.send(ex, 200, """
        {"object":"list","data":[],"model":"e","usage":{"prompt_tokens":1,"total_tokens":1}}"""));
    return h;
  }

  static HttpResponse<String> chat(GatewayHarness h, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return h.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> chat(GatewayHarness h) throws Exception {
    return chat(h, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  static JsonNode error(HttpResponse<String> res) throws Exception {
    return FakeUpstream.JSON.readTree(res.body()).path("error");
  }

  static List<String> audit(GatewayHarness h) throws Exception {
    // Events are appended in order, so once this one is in, every earlier one is.
    h.gateway.audit().append(h.gateway.operations().event("system",
        dev.veil.audit.AuditAction.CONFIG_CHANGED, "flush", "")).get();
    List<String> out = new ArrayList<>();
    try (var c = h.gateway.database().connection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT entry FROM audit_entry ORDER BY idx")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void requestsPerMinuteOfAKeyAreRefusedWith429AndTheHeadersTheSdksRead() throws Exception {
    try (var h = start(dir, """
        rate_limits:
          key:
            requests_per_minute: 2
        """, 5, 2)) {
      HttpResponse<String> first = chat(h);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
      assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
      assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
      assertThat(chat(h).headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");

      HttpResponse<String> third = chat(h);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(error(third).path("code").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(error(third).path("type").asText()).isEqualTo("requests");
      assertThat(error(third).path("message").asText()).contains("API key", "Limit 2");
      assertThat(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow()))
          .isBetween(1L, 60L);
      assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
      assertThat(h.upstream.received).hasSize(2);

      assertThatThrownBy(() -> h.sdk().chat().completions().create(
          ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage("hi").build()))
          .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(
              e.headers().values("x-ratelimit-limit-requests")).containsExactly("2"));

      h.clock.advance(Duration.ofSeconds(60));
      assertThat(chat(h).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void promptTokensAreCountedBeforeSendingAndATooLongPromptNeverGoesUpstream() throws Exception {
    try (var h = start(dir, """
        rate_limits:
          key:
            tokens_per_minute: 50
        """, 5, 2)) {
      String words = "word ".repeat(100);
      HttpResponse<String> res = chat(h, "{\"model\":\"gpt-test\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"" + words + "\"}]}");
      assertThat(res.statusCode()).isEqualTo(429);
      assertThat(error(res).path("type").asText()).isEqualTo("tokens");
      assertThat(error(res).path("message").asText()).contains("can never pass");
      assertThat(h.upstream.received).isEmpty();
      HttpResponse<String> small = chat(h);
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(small.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("50");
    }
  }

  @Test
  void completionTokensFromTheAnswersUsageCountAgainstTokensPerMinute() throws Exception {
    try (var h = start(dir, """
        rate_limits:
          key:
            tokens_per_minute: 1000
        """, 10, 985)) {
      assertThat(chat(h).statusCode()).isEqualTo(200);
      HttpResponse<String> next = chat(h);
      assertThat(next.statusCode()).isEqualTo(429);
      assertThat(next.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("5");
    }
  }

  @Test
  void aStreamAsksUpstreamForUsageCountsItAndHidesItFromAClientThatDidNotAsk()
      throws Exception {
    try (var h = start(dir, """
        rate_limits:
          key:
            tokens_per_minute: 1000
        """, 0, 0)) {
      h.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("Hello"));
        FakeUpstream.event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":985,\"total_tokens\":995}}");
        FakeUpstream.event(out, "[DONE]");
      });
      String stream = "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}";
      HttpResponse<String> res = chat(h, stream);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).contains("Hello").contains("[DONE]").doesNotContain("\"usage\"");
      assertThat(h.upstream.received.get(0).json().path("stream_options")
          .path("include_usage").asBoolean()).isTrue();
      assertThat(chat(h).statusCode()).isEqualTo(429);

      h.clock.advance(Duration.ofSeconds(60));
      HttpResponse<String> asked = chat(h, "{\"model\":\"gpt-test\",\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}");
      assertThat(asked.body()).contains("\"usage\"").contains("[DONE]");
    }
  }

  @Test
  void aResponsesStreamIsCountedByTheUsageOfItsLastEventAndIsNotAskedForAUsageChunk()
      throws Exception {
    try (var h = start(dir, """
        rate_limits:
          key:
            tokens_per_minute: 1000
        """, 0, 0)) {
      h.upstream.on("/v1/responses", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        out.write(("event: response.completed\ndata: {\"type\":\"response.completed\","
            + "\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
            + "\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":10,"
            + "\"output_tokens\":985,\"total_tokens\":995}}}\n\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.close();
      });
      HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
          URI.create(h.apiBase() + "/responses"))
          .header("Authorization", "Bearer " + h.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"gpt-test\",\"stream\":true,\"input\":\"hi\"}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).contains("response.completed").doesNotContain("[DONE]");
      assertThat(h.upstream.received.get(0).json().has("stream_options")).isFalse();
      assertThat(chat(h).statusCode()).as("the 995 tokens of the stream were counted")
          .isEqualTo(429);
    }
  }

  @Test
  void endUsersAreLimitedEachByTheUserFieldOrTheConfiguredHeader() throws Exception {
    try (var h = start(dir, """
        rate_limits:
          end_user_header: X-App-User
          end_user:
            requests_per_minute: 1
        """, 5, 2)) {
      String alice = "{\"model\":\"gpt-test\",\"user\":\"alice\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"hi\"}]}";
      assertThat(chat(h, alice).statusCode()).isEqualTo(200);
      HttpResponse<String> again = chat(h, alice);
      assertThat(again.statusCode()).isEqualTo(429);
      assertThat(error(again).path("message").asText()).contains("end user")
          .doesNotContain("alice");
      assertThat(chat(h, alice.replace("alice", "bob")).statusCode()).isEqualTo(200);
      assertThat(chat(h, alice.replace("alice", "carol"), "X-App-User", "dave").statusCode())
          .isEqualTo(200);
      assertThat(chat(h, alice.replace("alice", "erin"), "X-App-User", "dave").statusCode())
          .isEqualTo(429);
      assertThat(chat(h).statusCode()).as("no end user: no end user limit").isEqualTo(200);
    }
  }

  @Test
  void aModelsLimitAppliesToThatModelOnly() throws Exception {
    try (var h = start(dir, """
        rate_limits:
          models:
            - name: gpt-test
              requests_per_minute: 1
        """, 5, 2)) {
      assertThat(chat(h).statusCode()).isEqualTo(200);
      HttpResponse<String> again = chat(h);
      assertThat(again.statusCode()).isEqualTo(429);
      assertThat(error(again).path("message").asText()).contains("model");
      var embed = h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/embeddings"))
          .header("Authorization", "Bearer " + h.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"embed-test\",\"input\":\"x\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(embed.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unreachableCountersRefuseWith503ByDefaultAndTheChoiceIsAudited() throws Exception {
    try (var h = start(dir, """
        redis:
          url: redis://127.0.0.1:1
          timeout: 200ms
        rate_limits:
          key:
            requests_per_minute: 100
        """, 5, 2)) {
      HttpResponse<String> res = chat(h);
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(error(res).path("code").asText()).isEqualTo("veil_limits_unavailable");
      assertThat(h.upstream.received).isEmpty();
      assertThat(audit(h)).anySatisfy(e -> assertThat(e).contains("limits.configured")
          .contains("\"on_failure\":\"closed\""));
      HttpResponse<String> ready = h.admin("/readyz");
      assertThat(ready.statusCode()).as("requests are refused, so the node is not ready")
          .isEqualTo(503);
      assertThat(ready.body()).contains("\"counters\":\"unavailable\"")
          .contains("\"store\":\"ok\"").contains("\"kek\":\"ok\"")
          .doesNotContain("127.0.0.1");
    }
  }

  @Test
  void unreachableCountersLetRequestsPassWhenConfiguredOpen() throws Exception {
    try (var h = start(dir, """
        redis:
          url: redis://127.0.0.1:1
          timeout: 200ms
          on_failure: open
        rate_limits:
          key:
            requests_per_minute: 1
        """, 5, 2)) {
      assertThat(chat(h).statusCode()).isEqualTo(200);
      assertThat(chat(h).statusCode()).isEqualTo(200);
      assertThat(audit(h)).anySatisfy(e -> assertThat(e).contains("limits.configured")
          .contains("\"on_failure\":\"open\""));
      assertThat(h.admin("/readyz").statusCode()).as("requests pass without the counters")
          .isEqualTo(200);
    }
  }

  @Test
  void limitsCountedInRedisHoldAndReportTheSameHeaders() throws Exception {
    TestRedis.assumeRunning();
    try (var h = start(dir, """
        tenant: %s
        redis:
          url: %s
        rate_limits:
          key:
            requests_per_minute: 2
        """.formatted(TestRedis.freshTenant(), TestRedis.URI), 5, 2)) {
      assertThat(chat(h).headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
      assertThat(chat(h).statusCode()).isEqualTo(200);
      HttpResponse<String> third = chat(h);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).isPresent();
      assertThat(audit(h)).anySatisfy(e -> assertThat(e).contains("limits.configured")
          .contains("redis counters"));
    }
  }

  @Test
  void aTokenBudgetIsAuditedAt80And100PercentThenStopsRequestsUntilItRenews()
      throws Exception {
    try (var h = start(dir, """
        budgets:
          key:
            tokens_per_day: 100
        """, 40, 45)) {
      assertThat(chat(h).statusCode()).isEqualTo(200);
      assertThat(audit(h)).anySatisfy(e -> assertThat(e).contains("budget.warning")
          .contains("tokens per day").contains("\"percent\":\"80\""));
      assertThat(audit(h)).noneSatisfy(e -> assertThat(e).contains("budget.exhausted"));
      assertThat(chat(h).statusCode()).as("still below the budget when it started")
          .isEqualTo(200);
      assertThat(audit(h)).filteredOn(e -> e.contains("budget.exhausted")).hasSize(1);

      HttpResponse<String> stopped = chat(h);
      assertThat(stopped.statusCode()).isEqualTo(429);
      assertThat(error(stopped).path("code").asText()).isEqualTo("veil_budget_exceeded");
      assertThat(error(stopped).path("type").asText()).isEqualTo("insufficient_quota");
      assertThat(stopped.headers().firstValue("x-should-retry")).hasValue("false");
      assertThat(h.upstream.received).hasSize(2);

      h.clock.advance(Duration.ofDays(1));
      assertThat(chat(h).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void eachRequestsSpendIsInItsRecordAndASpendBudgetStopsRequests() throws Exception {
    try (var h = start(dir, """
        prices:
          - model: gpt-test
            input_per_million: 2.5
            output_per_million: 10
        budgets:
          key:
            spend_per_month: 0.0003
        """, 10, 20)) {
      HttpResponse<String> res = chat(h);
      assertThat(res.statusCode()).isEqualTo(200);
      String id = res.headers().firstValue("X-Request-Id").orElseThrow();
      h.gateway.metadata().flush();
      try (var c = h.gateway.database().connection();
          var ps = c.prepareStatement("SELECT spend_nanos FROM request_records WHERE id = ?")) {
        ps.setString(1, id);
        try (var rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(10 * 2_500L + 20 * 10_000L);
        }
      }
      assertThat(h.admin("/metrics").body()).as("the spend metric in the price table's currency")
          .contains("veil_spend_total{provider=\"fake\"} 2.25E-4");
      assertThat(chat(h).statusCode()).isEqualTo(200);
      HttpResponse<String> stopped = chat(h);
      assertThat(stopped.statusCode()).isEqualTo(429);
      assertThat(error(stopped).path("message").asText()).contains("spend per month");
      h.gateway.metadata().flush();
      var spent = dev.veil.limits.Spending.byKey(h.gateway.database().dataSource(), h.clock);
      assertThat(spent.values()).singleElement().satisfies(s -> {
        assertThat(s.nanosMonth()).as("the two answered requests").isEqualTo(2 * 225_000L);
        assertThat(s.tokensDay()).isEqualTo(2 * 30L);
        assertThat(s.text(new dev.veil.limits.LimitsConfig.Budget(0, 0, 0, 300_000L), true))
            .isEqualTo("60 tok 0.00045/0.0003");
      });
    }
  }

  @Test
  void aModelWithoutAPriceIsRefusedUnderASpendBudget() throws Exception {
    try (var h = start(dir, """
        prices:
          - model: other-model
            input_per_million: 1
            output_per_million: 1
        budgets:
          key:
            spend_per_day: 5
        """, 10, 20)) {
      HttpResponse<String> res = chat(h);
      assertThat(res.statusCode()).isEqualTo(403);
      assertThat(error(res).path("code").asText()).isEqualTo("veil_price_unknown");
    }
  }
}
