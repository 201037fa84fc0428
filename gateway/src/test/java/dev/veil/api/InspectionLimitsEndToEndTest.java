package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.policy.Policies;
import dev.veil.protect.ProtectGuard;
import dev.veil.protect.RequestProtector;
import dev.veil.protect.ResponseRestorer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One API key cannot hold the CPU: the text scanned for one request and the requests of one key in
 * inspection at once are capped, and a request beyond a cap is refused with an error naming the
 * {@code veil.yaml} setting before anything goes upstream (issue 16, item 11: two 3.7 MB bodies
 * took 15.6 s of CPU each, and nothing bounded how many one key could send at once).
 */
class InspectionLimitsEndToEndTest {
  @TempDir Path dir;

  @Test
  void aRequestWithMoreTextThanTheLimitGets413AndNothingLeaves() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of("limits.max_inspected_chars", "4096"))) {
      answerOk(h);
      String part = "lorem ipsum dolor sit amet ".repeat(60);
      HttpResponse<String> res = chat(h, h.key, part, part, part);

      assertThat(res.statusCode()).isEqualTo(413);
      JsonNode error = FakeUpstream.JSON.readTree(res.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("veil_inspection_too_large");
      assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.get("message").asText()).contains("limits.max_inspected_chars")
          .contains("veil.yaml").contains("4096").doesNotContain("lorem");
      assertThat(h.upstream.received).isEmpty();

      assertThat(chat(h, h.key, part, part).statusCode()).as("within the limit").isEqualTo(200);
    }
  }

  @Test
  void aBodyOfSeveralMegabytesIsRefusedUnderTheDefaults() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of())) {
      answerOk(h);
      String part = "x".repeat(900_000);
      HttpResponse<String> res = chat(h, h.key, part, part, part, part);

      assertThat(res.statusCode()).isEqualTo(413);
      assertThat(res.body()).contains("veil_inspection_too_large").contains("1048576");
      assertThat(h.upstream.received).isEmpty();
    }
  }

  @Test
  void aKeyWithAllItsInspectionsRunningIsRefusedWhileAnotherKeyPasses() throws Exception {
    HoldingDetector detector = new HoldingDetector();
    try (GatewayHarness h = new GatewayHarness(dir, Map.of(), List.of(new ProtectGuard(
        new RequestProtector(detector, input -> new byte[16], 4096),
        new ResponseRestorer(text -> List.of()), Policies.defaults(), "default", 2,
        java.time.Duration.ofMillis(200))))) {
      answerOk(h);
      String other = h.gateway.keys().create("other", List.of("gpt-test"), null).key();
      CompletableFuture<HttpResponse<String>> first = chatAsync(h, h.key, "HOLD one");
      CompletableFuture<HttpResponse<String>> second = chatAsync(h, h.key, "HOLD two");
      detector.awaitHeld(2);

      HttpResponse<String> third = chat(h, h.key, "a third request");
      assertThat(third.statusCode()).isEqualTo(429);
      JsonNode error = FakeUpstream.JSON.readTree(third.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("veil_too_many_inspections");
      assertThat(error.get("message").asText())
          .contains("limits.max_concurrent_inspections_per_key").contains("veil.yaml")
          .contains("limits.inspection_wait");
      assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(chat(h, other, "another key").statusCode()).isEqualTo(200);
      assertThat(h.upstream.received).hasSize(1);

      detector.release();
      assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(chat(h, h.key, "after the others").statusCode()).as("slots given back")
          .isEqualTo(200);
    }
  }

  @Test
  void aRefusedOversizedRequestGivesItsInspectionSlotBack() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of(), List.of(new ProtectGuard(
        new RequestProtector(text -> List.of(), input -> new byte[16], 1024),
        new ResponseRestorer(text -> List.of()), Policies.defaults(), "default", 1,
        java.time.Duration.ZERO)))) {
      answerOk(h);
      assertThat(chat(h, h.key, "y".repeat(2000)).statusCode()).isEqualTo(413);
      assertThat(chat(h, h.key, "short").statusCode()).isEqualTo(200);
    }
  }

  /** Holds every text that starts with {@code HOLD} until released. */
  private static final class HoldingDetector implements Detector {
    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<dev.veil.detect.Finding> scan(CharSequence text) {
      if (text.toString().startsWith("HOLD")) {
        held.release();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return List.of();
    }

    void awaitHeld(int n) throws InterruptedException {
      assertThat(held.tryAcquire(n, 10, TimeUnit.SECONDS)).as("inspections held").isTrue();
    }

    void release() {
      release.countDown();
    }
  }

  private static void answerOk(GatewayHarness h) {
    h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},
         "finish_reason":"stop"}]}"""));
  }

  private static HttpRequest request(GatewayHarness h, String key, String... texts) {
    ObjectNode body = FakeUpstream.JSON.createObjectNode().put("model", "gpt-test");
    ArrayNode messages = body.putArray("messages");
    for (String t : texts) {
      messages.addObject().put("role", "user").put("content", t);
    }
    return HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private static HttpResponse<String> chat(GatewayHarness h, String key, String... texts)
      throws Exception {
    return h.http().send(request(h, key, texts), HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> chatAsync(GatewayHarness h, String key,
      String text) {
    return h.http().sendAsync(request(h, key, text), HttpResponse.BodyHandlers.ofString());
  }
}
