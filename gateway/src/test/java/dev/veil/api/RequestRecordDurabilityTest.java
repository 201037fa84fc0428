package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata record of a request is committed before the client has the whole answer, so an
 * acknowledged request keeps its record through {@code kill -9} (issue 16, item 18: 1 of 377
 * acknowledged requests had no record after a kill, because records were queued and written up to
 * 20 ms later).
 */
class RequestRecordDurabilityTest {
  private static final int ACKNOWLEDGED = 300;
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedRequestHasItsRecordAfterKillDashNine() throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("child.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), GatewayChild.class.getName(), data.toString())
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    try {
      Map<String, String> started = awaitStarted(child, out);
      URI chat = URI.create("http://127.0.0.1:" + started.get("PORT") + "/v1/chat/completions");
      for (int c = 0; c < CLIENTS; c++) {
        boolean stream = c % 2 == 1;
        clients.add(Thread.ofPlatform().daemon().start(
            () -> send(chat, started.get("KEY"), stream, acknowledged, child)));
      }
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    for (Thread t : clients) {
      t.join(10_000);
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED);

    Set<String> recorded = new HashSet<>();
    try (Database db = Database.openSqlite(data); Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM request_records")) {
      while (rs.next()) {
        recorded.add(rs.getString(1));
      }
    }
    assertThat(recorded).containsAll(acknowledged);
  }

  @Test
  void aSuccessfulAnswerWhoseRecordCannotBeCommittedIsWithheld() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir, Map.of())) {
      h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, """
          {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model",
           "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},
           "finish_reason":"stop"}]}"""));
      h.gateway.metadata().close();

      HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
              URI.create(h.apiBase() + "/chat/completions"))
          .header("Authorization", "Bearer " + h.key)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(res.statusCode()).isEqualTo(503);
      JsonNode error = FakeUpstream.JSON.readTree(res.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("veil_store_unavailable");
      assertThat(error.get("message").asText()).contains("request_records.durable");
    }
  }

  /**
   * Sends chat requests until the gateway is gone; the id of each 200 answer is acknowledged, of a
   * stream once its {@code [DONE]} has arrived. The
   * client that gets the {@link #ACKNOWLEDGED}th answer kills the gateway at once, while that
   * answer's record would still be queued if it were not durable.
   */
  private static void send(URI chat, String key, boolean stream, Queue<String> acknowledged,
      Process gateway) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(chat)
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":" + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"write to"
            + " maria.gonzalez@example.org\"}]}"))
        .build();
    while (true) {
      try {
        HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200 && (!stream || res.body().endsWith("data: [DONE]\n\n"))) {
          acknowledged.add(res.headers().firstValue("X-Request-Id").orElseThrow());
          if (acknowledged.size() >= ACKNOWLEDGED) {
            gateway.destroyForcibly();
          }
        }
      } catch (Exception e) {
        return;
      }
    }
  }

  static Map<String, String> awaitStarted(Process child, Path out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(out)) {
        Map<String, String> seen = new java.util.HashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          if (line.startsWith("PORT ") || line.startsWith("KEY ")) {
            int sp = line.indexOf(' ');
            seen.put(line.substring(0, sp), line.substring(sp + 1));
          }
        }
        if (seen.size() == 2) {
          return seen;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the gateway did not start: " + (Files.exists(out)
        ? Files.readString(out, StandardCharsets.UTF_8) : "no output"));
  }
}
