package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static HttpResponse<InputStream> openStream() throws Exception {
    return h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  static List<String> dataLines(InputStream in) throws Exception {
    List<String> out = new ArrayList<>();
    try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
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
  void aStreamThatBreaksHalfWayEndsWithAnErrorEvent() throws Exception {
    h.upstream.on("/v1/chat/completions", (ex, r) -> {
      OutputStream out = FakeUpstream.startStream(ex);
      FakeUpstream.event(out, ChatEndToEndTest.chunk("partial"));
      // Ends the chunked body without its terminator: a broken upstream connection.
      ex.getHttpContext().getServer().stop(0);
    });
    try {
      HttpResponse<InputStream> res = openStream();
      assertThat(res.statusCode()).isEqualTo(200);
      List<String> data = dataLines(res.body());
      assertThat(data.get(0)).contains("partial");
      assertThat(data.get(data.size() - 1)).contains("\"error\"").contains("upstream");
      assertThat(data).doesNotContain("[DONE]");
    } finally {
      h.upstream.close();
    }
  }

  /**
   * Before, a block without data buffered behind an event made the source "ready", so the relay
   * read on without flushing and the event waited for the upstream's next one.
   */
  @Test
  void anEventFollowedByAKeepAliveCommentReachesTheClientBeforeTheNextEvent() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("keepalive"), Map.of())) {
      CountDownLatch seen = new CountDownLatch(1);
      boolean[] seenInTime = new boolean[1];
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        out.write(("data: " + ChatEndToEndTest.chunk("first") + "\n\n: keep-alive\n\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
        seenInTime[0] = seen.await(10, TimeUnit.SECONDS);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("second"));
        FakeUpstream.event(out, "[DONE]");
        out.close();
      });
      var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase() + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      List<String> data = new ArrayList<>();
      try (var reader = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.startsWith("data: ")) {
            data.add(line.substring(6));
            if (line.contains("first")) {
              seen.countDown();
            }
          }
        }
      }

      assertThat(seenInTime[0]).as("the first event arrived while the upstream held the second").isTrue();
      assertThat(data).hasSize(3);
      assertThat(data.get(0)).contains("first");
      assertThat(data.get(1)).contains("second");
    }
  }

  @Test
  void aStreamThatEndsWithoutDoneEndsWithAnErrorEvent() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("nodone"), Map.of())) {
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("partial"));
        out.close();
      });
      var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase()
              + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      List<String> data = dataLines(res.body());
      assertThat(data.get(data.size() - 1)).contains("upstream_stream_incomplete");
    }
  }

  @Test
  void anIdleUpstreamStreamEndsWithATimeoutErrorEvent() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("idle"), Map.of("timeouts.stream_idle", "200ms"))) {
      CountDownLatch release = new CountDownLatch(1);
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("a"));
        release.await(10, TimeUnit.SECONDS);
      });
      var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase()
              + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      List<String> data = dataLines(res.body());
      release.countDown();
      assertThat(data.get(data.size() - 1)).contains("upstream_timeout");
    }
  }

  @Test
  void aStreamInFlightWhenTheGatewayStopsFinishesWithinTheGracePeriod() throws Exception {
    var g = new GatewayHarness(dir.resolve("graceful"), Map.of("timeouts.shutdown_grace", "20s"));
    CountDownLatch secondEventSent = new CountDownLatch(1);
    CountDownLatch stopping = new CountDownLatch(1);
    g.upstream.on("/v1/chat/completions", (ex, r) -> {
      OutputStream out = FakeUpstream.startStream(ex);
      for (int i = 0; i < 10; i++) {
        FakeUpstream.event(out, ChatEndToEndTest.chunk("tick" + i));
        if (i == 1) {
          secondEventSent.countDown();
          stopping.await(20, TimeUnit.SECONDS);
        }
      }
      FakeUpstream.event(out, "[DONE]");
      out.close();
    });
    var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase()
            + "/chat/completions"))
        .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(secondEventSent.await(20, TimeUnit.SECONDS)).isTrue();
    int apiPort = URI.create(g.apiBase()).getPort();
    Thread stopper = Thread.ofPlatform().start(() -> {
      try {
        g.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    // The listener stops accepting before the stream ends: a new connection is refused.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try (var s = new java.net.Socket("127.0.0.1", apiPort)) {
        Thread.onSpinWait();
      } catch (java.io.IOException e) {
        refused = true;
      }
    }
    assertThat(refused).as("no new connection while stopping").isTrue();
    stopping.countDown();
    List<String> data = dataLines(res.body());
    assertThat(data).hasSize(11).as("every event and [DONE]");
    assertThat(data.get(9)).contains("tick9");
    assertThat(data.get(10)).isEqualTo("[DONE]");
    stopper.join(30_000);
    assertThat(stopper.isAlive()).isFalse();
  }

  @Test
  void aClientThatDisconnectsMidStreamCancelsTheUpstreamCall() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("disconnect"), Map.of())) {
      CountDownLatch upstreamWriteFailed = new CountDownLatch(1);
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        try {
          for (int i = 0; i < 2000; i++) {
            FakeUpstream.event(out, ChatEndToEndTest.chunk("tick" + i));
            Thread.sleep(20);
          }
        } catch (java.io.IOException e) {
          upstreamWriteFailed.countDown();
        }
      });
      var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase()
              + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      InputStream body = res.body();
      var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      assertThat(reader.readLine()).startsWith("data: ").contains("tick0");
      body.close();

      assertThat(upstreamWriteFailed.await(20, TimeUnit.SECONDS))
          .as("the upstream saw its connection dropped long before its 2000 events were sent")
          .isTrue();
    }
  }

  @Test
  void aSlowClientGetsEveryEventInOrder() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("slowclient"), Map.of())) {
      int n = 2000;
      String pad = "p".repeat(500);
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        OutputStream out = FakeUpstream.startStream(ex);
        for (int i = 0; i < n; i++) {
          FakeUpstream.event(out, ChatEndToEndTest.chunk(i + pad));
        }
        FakeUpstream.event(out, "[DONE]");
        out.close();
      });
      var res = g.http().send(HttpRequest.newBuilder(URI.create(g.apiBase()
              + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      AtomicInteger next = new AtomicInteger();
      try (var reader = new BufferedReader(new InputStreamReader(res.body(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (!line.startsWith("data: ")) {
            continue;
          }
          if (line.equals("data: [DONE]")) {
            break;
          }
          assertThat(line).contains("\"" + next.getAndIncrement() + pad);
          if (next.get() % 500 == 0) {
            Thread.sleep(100);
          }
        }
      }
      assertThat(next.get()).isEqualTo(n);
    }
  }
}
