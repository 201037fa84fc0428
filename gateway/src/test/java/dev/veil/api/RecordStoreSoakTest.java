package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough measurement of what keeping content costs a non-streamed chat request (sealing and
 * waiting for the group commit of the write queue on SQLite), next to zero retention: sequential
 * requests per policy after a warm-up of all of them, then 16 concurrent clients under {@code store: original}. Prints the
 * numbers; asserts only that every answered request under a storing policy has its record. Run:
 * {@code ./mvnw -pl gateway -am test -Dtest=RecordStoreSoakTest -Dveil.excludedGroups=none
 * -Dgroups=soak -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("soak")
class RecordStoreSoakTest {
  @TempDir Path dir;

  @Test
  void measureWhatStoringContentAddsToARequest() throws Exception {
    try (var h = new GatewayHarness(dir, RecordStoreEndToEndTest.POLICIES)) {
      RecordStoreEndToEndTest.echo(h);
      String body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":"
          + "\"Write to maria.gonzalez@example.org about the invoice of March\"}]}";
      HttpClient client = h.http();
      URI veil = URI.create(h.apiBase() + "/chat/completions");
      int warm = 1000;
      int n = 2000;
      List<String> policies = List.of("default", "keep-protected", "keep-original");
      List<RecordStoreEndToEndTest.TestKey> keys = new ArrayList<>();
      for (String policy : policies) {
        keys.add(RecordStoreEndToEndTest.keyWithPolicy(h, policy));
        run(client, veil, body, keys.getLast().secret(), warm);
      }
      for (int i = 0; i < policies.size(); i++) {
        long[] t = run(client, veil, body, keys.get(i).secret(), n);
        System.out.printf("%s: p50 %d us, p99 %d us, stored %d%n", policies.get(i),
            t[n / 2] / 1000, t[n * 99 / 100] / 1000,
            RecordStoreEndToEndTest.storedRecordIds(h, keys.get(i).id()).size());
      }
      RecordStoreEndToEndTest.TestKey key = RecordStoreEndToEndTest.keyWithPolicy(h,
          "keep-original");
      int clients = 16;
      int each = 250;
      AtomicInteger ok = new AtomicInteger();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          done.add(pool.submit((Callable<Void>) () -> {
            for (long ignored : run(client, veil, body, key.secret(), each)) {
              ok.incrementAndGet();
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int stored = RecordStoreEndToEndTest.storedRecordIds(h, key.id()).size();
      System.out.printf("keep-original, %d clients: %.0f requests/s, %d answered, %d stored%n",
          clients, ok.get() / seconds, ok.get(), stored);
      assertThat(stored).isEqualTo(ok.get());
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
