package dev.veil.api;

import dev.veil.detect.EntityType;
import dev.veil.policy.Action;
import dev.veil.protect.Receipt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.guard.Guard;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.StreamTransformer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guards plugged into a real gateway: refusal, failure, stream transformation, receipts. */
class GuardEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  @BeforeAll
  static void start() throws Exception {
    Guard router = chain -> {
      String marker = chain.request().body().get("messages").get(0).get("content").asText();
      Receipt.Counter counts = new Receipt.Counter("test");
      counts.add(EntityType.EMAIL_ADDRESS, Action.MASK);
      counts.add(EntityType.EMAIL_ADDRESS, Action.MASK);
      Receipt.add(chain.exchange(), counts.toReceipt());
      return switch (marker) {
        case "refuse" -> Response.error(400, "invalid_request_error", "blocked_by_policy",
            "Blocked by policy.", null);
        case "throw" -> throw new IllegalStateException("cannot inspect sk-canary-77");
        case "upper" -> upper(chain.proceed(chain.request()));
        case "fail-mid-stream" -> failSecond(chain.proceed(chain.request()));
        default -> chain.proceed(chain.request());
      };
    };
    h = new GatewayHarness(dir, Map.of(), List.of(router));
    h.upstream.on("/v1/chat/completions", (ex, r) -> {
      if (r.json().path("stream").asBoolean()) {
        OutputStream out = FakeUpstream.startStream(ex);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("one"));
        FakeUpstream.event(out, ChatEndToEndTest.chunk("two"));
        FakeUpstream.event(out, "[DONE]");
        out.close();
      } else {
        FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION);
      }
    });
  }

  static Response upper(Response r) {
    return ((Response.Streaming) r).transform(new StreamTransformer() {
      @Override
      public List<SseEvent> onEvent(SseEvent e) {
        return List.of(new SseEvent(e.event(), e.data().replace("one", "ONE")
            .replace("two", "TWO")));
      }

      @Override
      public List<SseEvent> onEnd() {
        return List.of(SseEvent.data("{\"held\":\"tail\"}"));
      }
    });
  }

  static Response failSecond(Response r) {
    int[] seen = {0};
    return ((Response.Streaming) r).transform(e -> {
      if (++seen[0] == 2) {
        throw new IllegalStateException("restore failed");
      }
      return List.of(e);
    });
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static HttpResponse<String> send(String content, boolean stream) throws Exception {
    return h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":" + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<String> data(String body) throws Exception {
    List<String> out = new ArrayList<>();
    try (var r = new BufferedReader(new InputStreamReader(
        new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("data: ")) {
          out.add(line.substring(6));
        }
      }
    }
    return out;
  }

  @Test
  void aRefusedRequestNeverGoesUpstream() throws Exception {
    int before = h.upstream.received.size();
    HttpResponse<String> res = send("refuse", false);
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).contains("blocked_by_policy");
    assertThat(h.upstream.received).hasSize(before);
  }

  @Test
  void aGuardThatThrowsGives500InspectionFailedAndNothingGoesUpstream() throws Exception {
    int before = h.upstream.received.size();
    HttpResponse<String> res = send("throw", false);
    assertThat(res.statusCode()).isEqualTo(500);
    assertThat(res.body()).contains("veil_inspection_failed").doesNotContain("sk-canary-77");
    assertThat(h.upstream.received).hasSize(before);
  }

  @Test
  void aStreamTransformerRewritesEventsAsTheyPass() throws Exception {
    HttpResponse<String> res = send("upper", true);
    assertThat(data(res.body())).hasSize(4);
    assertThat(data(res.body()).get(0)).contains("ONE");
    assertThat(data(res.body()).get(1)).contains("TWO");
    assertThat(data(res.body()).get(2)).contains("tail");
    assertThat(data(res.body()).get(3)).isEqualTo("[DONE]");
  }

  @Test
  void aTransformerFailingMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
    List<String> events = data(send("fail-mid-stream", true).body());
    assertThat(events.get(0)).contains("one");
    assertThat(events.get(1)).contains("veil_inspection_failed");
    assertThat(events).hasSize(2);
  }

  @Test
  void guardCountsAppearInTheReceiptHeader() throws Exception {
    HttpResponse<String> res = send("plain", false);
    assertThat(res.headers().firstValue("X-Veil-Receipt")).hasValue("policy=test;EMAIL_ADDRESS.mask=2");
  }
}
