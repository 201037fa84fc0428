package dev.veil.api;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough, single-connection measurement of the latency and CPU that Veil adds to a non-streamed
 * chat request over TLS, with no guards: sequential requests straight to the fake upstream, then
 * through Veil. Prints the numbers; asserts nothing about them (the JMH benchmarks and the load
 * harness are the real measurements). Run: {@code ./mvnw -pl gateway -am test
 * -Dtest=OverheadSoakTest -Dgroups=soak -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("soak")
class OverheadSoakTest {
  @TempDir Path dir;

  @Test
  void measureTheOverheadOfOneHop() throws Exception {
    try (var h = new GatewayHarness(dir, Map.of("guards.enabled", "false"))) {
      h.upstream.on("/v1/chat/completions",
          (ex, r) -> FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION));
      String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":"
          + "\"Write a haiku about the sea\"}]}";
      HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpClient viaVeil = h.http();
      URI up = URI.create(h.upstream.baseUrl() + "/chat/completions");
      URI veil = URI.create(h.apiBase() + "/chat/completions");
      int warm = 2000;
      int n = 5000;
      run(direct, up, body, "x", warm);
      run(viaVeil, veil, body, h.key, warm);
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long c0 = os.getProcessCpuTime();
      long[] d = run(direct, up, body, "x", n);
      long c1 = os.getProcessCpuTime();
      long[] v = run(viaVeil, veil, body, h.key, n);
      long c2 = os.getProcessCpuTime();
      System.out.printf("direct p50 %d us p99 %d us; via Veil p50 %d us p99 %d us;"
              + " added p50 %d us; process CPU per request direct %d us, via Veil %d us%n",
          d[n / 2] / 1000, d[n * 99 / 100] / 1000, v[n / 2] / 1000, v[n * 99 / 100] / 1000,
          (v[n / 2] - d[n / 2]) / 1000, (c1 - c0) / n / 1000, (c2 - c1) / n / 1000);
    }
  }

  private static long[] run(HttpClient client, URI uri, String body, String key, int n)
      throws Exception {
    long[] t = new long[n];
    HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      t[i] = System.nanoTime() - s;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("status " + r.statusCode());
      }
    }
    Arrays.sort(t);
    return t;
  }
}
