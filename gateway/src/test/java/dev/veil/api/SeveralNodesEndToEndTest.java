package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.veil.audit.FileSigningKeySource;
import dev.veil.cli.Main;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.limits.TestRedis;
import dev.veil.store.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway nodes on loopback, each with a data directory of its own, sharing one PostgreSQL
 * (and, where limits are tested, one Redis) and one fake upstream, as behind a load balancer. The
 * nodes are set up as the README's "Several nodes" says: the first starts on the empty database,
 * the others get a copy of its KEK keyset and audit signing key. Time moves on the shared injected
 * clock, never by sleeping.
 */
class SeveralNodesEndToEndTest {
  private static final int NODES = 3;
  private static final Pattern EMAIL_SURROGATE = Pattern.compile("\\[EMAIL_ADDRESS_[0-9a-f]+]");

  @TempDir Path dir;
  private final FakeUpstream upstream = newUpstream();
  private final SteppableClock clock = new SteppableClock();
  private final List<GatewayHarness> nodes = new ArrayList<>();
  private String databaseUrl;

  private static FakeUpstream newUpstream() {
    try {
      return new FakeUpstream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (GatewayHarness node : nodes) {
      node.close();
    }
    upstream.close();
  }

  /** Starts the nodes over a fresh schema; {@code yaml} is added to each node's configuration. */
  private void startNodes(String yaml) throws Exception {
    databaseUrl = TestDatabases.postgresUrl();
    String shared = """
        database:
          url: "%s"
          user: postgres
        """.formatted(databaseUrl) + yaml;
    // Limits count in fixed UTC minutes: start at the top of one, so no window ends mid-test.
    clock.advance(Duration.ofMillis(60_000 - clock.millis() % 60_000));
    for (int i = 0; i < NODES; i++) {
      Path data = Files.createDirectories(dir.resolve("node" + i));
      if (i > 0) {
        Path first = nodes.get(0).dataDir;
        for (String file : List.of(LocalKeyProvider.FILE_NAME, FileSigningKeySource.PRIVATE_FILE)) {
          Files.copy(first.resolve(file), data.resolve(file));
        }
      }
      nodes.add(new GatewayHarness(data, shared, upstream, clock));
    }
  }

  private static String completion(int prompt, int completion) {
    return LimitsEndToEndTest.completion(prompt, completion);
  }

  private static HttpResponse<String> chat(GatewayHarness node, String key, String content)
      throws Exception {
    return node.http().send(HttpRequest.newBuilder(URI.create(node.apiBase()
            + "/chat/completions"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String errorCode(HttpResponse<String> res) throws Exception {
    return FakeUpstream.JSON.readTree(res.body()).path("error").path("code").asText();
  }

  private static ChatCompletionCreateParams hello() {
    return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage("hi").build();
  }

  /**
   * Stops every node (each signs a last tree head) and runs {@code veil audit verify} over the
   * shared log with the third node's configuration and data directory.
   */
  private JsonNode stopAndVerifyAudit() throws Exception {
    Path data = nodes.get(NODES - 1).dataDir;
    for (GatewayHarness node : nodes) {
      node.close();
    }
    nodes.clear();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"audit", "verify", "--config",
            data.resolve("veil.yaml").toString(), "--data-dir", data.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true),
        Map.of("FAKE_UPSTREAM_KEY", "sk-upstream-secret"));
    assertThat(code).as(out + "\n" + err).isZero();
    return FakeUpstream.JSON.readTree(out.toString());
  }

  @Test
  void aKeyMadeOnOneNodeWorksOnAllAndItsRevocationOnAnotherReachesEveryNodeWithinASecond()
      throws Exception {
    startNodes("");
    upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, completion(3, 2)));
    String key = nodes.get(0).gateway.keys().create("shared", List.of("gpt-test"), null).key();

    for (GatewayHarness node : nodes) {
      assertThat(node.sdk(key).chat().completions().create(hello()).choices()).hasSize(1);
    }

    assertThat(nodes.get(1).gateway.keys().revoke("shared")).isTrue();
    assertThatThrownBy(() -> nodes.get(1).sdk(key).chat().completions().create(hello()))
        .as("at once on the node that revoked it").isInstanceOf(UnauthorizedException.class);
    clock.advance(Duration.ofSeconds(1));
    for (GatewayHarness node : nodes) {
      assertThatThrownBy(() -> node.sdk(key).chat().completions().create(hello()))
          .as("one second later on every node").isInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void aKeysNewPolicySetOnOneNodeReachesEveryNodeWithinASecond() throws Exception {
    startNodes("""
        policies:
          - name: strict
            entities:
              EMAIL_ADDRESS: block
        """);
    upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, completion(3, 2)));
    String key = nodes.get(0).gateway.keys().create("shared", List.of("gpt-test"), null).key();
    for (GatewayHarness node : nodes) {
      assertThat(chat(node, key, "write to maria.gonzalez@example.org").statusCode())
          .as("the default policy pseudonymises an e-mail address").isEqualTo(200);
    }

    assertThat(nodes.get(1).gateway.keys().setPolicy("shared", "strict")).isTrue();
    HttpResponse<String> here = chat(nodes.get(1), key, "write to maria.gonzalez@example.org");
    assertThat(here.statusCode()).as("at once on the node that changed it").isEqualTo(400);
    assertThat(errorCode(here)).isEqualTo("veil_policy_violation");
    clock.advance(Duration.ofSeconds(1));
    for (GatewayHarness node : nodes) {
      HttpResponse<String> res = chat(node, key, "write to maria.gonzalez@example.org");
      assertThat(res.statusCode()).as("one second later on every node").isEqualTo(400);
      assertThat(errorCode(res)).isEqualTo("veil_policy_violation");
    }
  }

  @Test
  void aNodeWithoutTheFirstNodesKekOrAuditSigningKeyRefusesToStartAndSaysWhichFileToCopy()
      throws Exception {
    startNodes("");
    nodes.get(0).gateway.operations().auditLog().issueTreeHead();
    String yaml = """
        database:
          url: "%s"
          user: postgres
        """.formatted(databaseUrl);
    Path stranger = Files.createDirectories(dir.resolve("stranger"));
    assertThatThrownBy(() -> new GatewayHarness(stranger, yaml, upstream, clock))
        .isInstanceOf(dev.veil.config.ConfigException.class)
        .hasMessageContaining(LocalKeyProvider.FILE_NAME);

    Path halfCopied = Files.createDirectories(dir.resolve("half-copied"));
    Files.copy(nodes.get(0).dataDir.resolve(LocalKeyProvider.FILE_NAME),
        halfCopied.resolve(LocalKeyProvider.FILE_NAME));
    assertThatThrownBy(() -> new GatewayHarness(halfCopied, yaml, upstream, clock))
        .isInstanceOf(dev.veil.config.ConfigException.class)
        .hasMessageContaining(FileSigningKeySource.PRIVATE_FILE);
  }

  @Test
  void theSameValueGetsTheSamePseudonymOnEveryNodeAndTheLogOfAllThreeVerifies()
      throws Exception {
    startNodes("");
    upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, completion(3, 2)));
    String key = nodes.get(0).key;

    List<String> surrogates = new ArrayList<>();
    for (GatewayHarness node : nodes) {
      int before = upstream.received.size();
      assertThat(chat(node, key, "write to maria.gonzalez@example.org").statusCode())
          .isEqualTo(200);
      String sent = new String(upstream.received.get(before).body(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(sent).doesNotContain("maria.gonzalez@example.org");
      Matcher m = EMAIL_SURROGATE.matcher(sent);
      assertThat(m.find()).as(sent).isTrue();
      surrogates.add(m.group());
    }
    assertThat(Set.copyOf(surrogates)).as("one surrogate on every node").hasSize(1);

    JsonNode report = stopAndVerifyAudit();
    assertThat(report.path("valid").asBoolean()).isTrue();
    assertThat(report.path("entries").asLong()).isPositive();
    assertThat(report.path("unsigned_entries").asLong()).isZero();
  }

  @Test
  void aRateLimitAndABudgetHoldAcrossNodesCountedInOneRedis() throws Exception {
    TestRedis.assumeRunning();
    int perMinute = 30;
    int budgetTokens = 1_000;
    int perRequest = 100;
    startNodes("""
        tenant: %s
        redis:
          url: %s
        rate_limits:
          key:
            requests_per_minute: %d
        budgets:
          key:
            tokens_per_day: %d
        """.formatted(TestRedis.freshTenant(), TestRedis.URI, perMinute, budgetTokens));
    // A budget request costs 100 tokens once its usage is in; the others almost nothing.
    upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200,
        new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("spend")
            ? completion(40, 60) : completion(1, 0)));
    String limited = nodes.get(0).gateway.keys().create("limited", List.of("gpt-test"), null)
        .key();
    String budgeted = nodes.get(0).gateway.keys().create("budgeted", List.of("gpt-test"), null)
        .key();
    int workers = 2 * NODES;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger sent = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        GatewayHarness node = nodes.get(w % NODES);
        done.add(pool.submit(() -> {
          while (sent.getAndIncrement() < perMinute * 3 / 2) {
            HttpResponse<String> res = chat(node, limited, "count me");
            statuses.computeIfAbsent(res.statusCode(), s -> new AtomicInteger())
                .incrementAndGet();
            if (res.statusCode() == 429) {
              assertThat(errorCode(res)).isEqualTo("rate_limit_exceeded");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      int accepted = statuses.getOrDefault(200, new AtomicInteger()).get();
      System.out.println("several nodes: " + accepted + " of " + perMinute * 3 / 2
          + " requests accepted under a limit of " + perMinute + " a minute");
      assertThat(accepted).as("requests per minute across three nodes, within 5%")
          .isBetween((int) Math.ceil(perMinute * 0.95), (int) Math.floor(perMinute * 1.05));
      assertThat(statuses.keySet()).containsOnly(200, 429);

      AtomicInteger served = new AtomicInteger();
      done.clear();
      for (int w = 0; w < workers; w++) {
        GatewayHarness node = nodes.get(w % NODES);
        done.add(pool.submit(() -> {
          while (true) {
            HttpResponse<String> res = chat(node, budgeted, "spend tokens");
            if (res.statusCode() != 200) {
              assertThat(res.statusCode()).isEqualTo(429);
              assertThat(errorCode(res)).isEqualTo("veil_budget_exceeded");
              return null;
            }
            served.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      System.out.println("several nodes: " + served.get() * perRequest + " tokens served under"
          + " a budget of " + budgetTokens + " with " + workers + " requests in flight");
      assertThat(served.get() * perRequest).as("the budget is used up")
          .isGreaterThanOrEqualTo(budgetTokens);
      assertThat(served.get() * perRequest)
          .as("overspent by at most the %d requests in flight", workers)
          .isLessThanOrEqualTo(budgetTokens + workers * perRequest);
      for (GatewayHarness node : nodes) {
        assertThat(errorCode(chat(node, budgeted, "spend tokens")))
            .isEqualTo("veil_budget_exceeded");
      }
    } finally {
      pool.shutdownNow();
    }

    JsonNode report = stopAndVerifyAudit();
    assertThat(report.path("valid").asBoolean()).isTrue();
    try (var db = dev.veil.store.Database.openPostgres(databaseUrl, "postgres", null, null);
        var c = db.connection(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT entry FROM audit_entry ORDER BY idx")) {
      List<String> entries = new ArrayList<>();
      while (rs.next()) {
        entries.add(rs.getString(1));
      }
      assertThat(entries).filteredOn(e -> e.contains("limits.configured")).as("one per node")
          .hasSize(NODES);
      assertThat(entries).filteredOn(e -> e.contains("budget.warning")).hasSize(1);
      assertThat(entries).filteredOn(e -> e.contains("budget.exhausted")).hasSize(1);
    }
  }

  /**
   * A fourth node, in a process of its own with per-key token budgets, serves streams until one
   * client sees the answer to the request that took its key to 80% of its budget, and kills the
   * node with SIGKILL at once while the other clients' streams are under way. Each answer uses 100
   * tokens, and 80% of 876 is 701: the eighth request's estimated prompt crosses the mark on its
   * way in, which is where a request waits for its event.
   */
  @Test
  void aNodeKilledMidStreamLosesNoAcknowledgedRecordNorBudgetEventAndTheLogStillVerifies()
      throws Exception {
    startNodes("");
    int budget = 876;
    int warnAfter = 8;
    upstream.on("/v1/chat/completions", (ex, r) -> {
      java.io.OutputStream out = FakeUpstream.startStream(ex);
      FakeUpstream.event(out, ChatEndToEndTest.chunk("Hello"));
      FakeUpstream.event(out, ChatEndToEndTest.chunk(" there"));
      FakeUpstream.event(out, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":60,"
          + "\"total_tokens\":100}}");
      FakeUpstream.event(out, "[DONE]");
    });
    Path data = Files.createDirectories(dir.resolve("killed-node"));
    for (String file : List.of(LocalKeyProvider.FILE_NAME, FileSigningKeySource.PRIVATE_FILE)) {
      Files.copy(nodes.get(0).dataDir.resolve(file), data.resolve(file));
    }
    Path out = dir.resolve("child.out");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        GatewayChild.class.getName(), data.toString(), """
            database:
              url: "%s"
              user: postgres
            providers:
              - name: fake
                type: openai
                base_url: %s
                api_key_env: FAKE_UPSTREAM_KEY
            models:
              - name: gpt-test
                provider: fake
            budgets:
              key:
                tokens_per_day: %d
            """.formatted(databaseUrl, upstream.baseUrl(), budget))
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("FAKE_UPSTREAM_KEY", "sk-upstream-secret");
    Process child = builder.start();
    int clients = 4;
    Map<String, String> keyIds = new ConcurrentHashMap<>();
    Map<String, Integer> acknowledgedPerKey = new ConcurrentHashMap<>();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    try (var sequencer = dev.veil.store.Database.openPostgres(databaseUrl, "postgres", null,
        null); var holder = sequencer.connection()) {
      URI chat = URI.create("http://127.0.0.1:"
          + RequestRecordDurabilityTest.awaitStarted(child, out).get("PORT")
          + "/v1/chat/completions");
      // Hold the audit log's sequencer row, so that the first budget event cannot be committed
      // until this test lets it: the request that crossed the mark must wait for it.
      holder.setAutoCommit(false);
      long holderPid;
      try (var s = holder.createStatement()) {
        s.executeQuery("SELECT tree_size FROM audit_head WHERE id = 1 FOR UPDATE").close();
        var rs = s.executeQuery("SELECT pg_backend_pid()");
        rs.next();
        holderPid = rs.getLong(1);
      }
      for (int c = 0; c < clients; c++) {
        var created = nodes.get(0).gateway.keys().create("stream-" + c, List.of(), null);
        keyIds.put(created.key(), created.record().id());
        threads.add(Thread.ofPlatform().daemon().start(() -> {
          java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
          HttpRequest request = HttpRequest.newBuilder(chat)
              .header("Authorization", "Bearer " + created.key())
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\","
                  + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                  + "\"write to maria.gonzalez@example.org\"}]}"))
              .build();
          while (true) {
            try {
              HttpResponse<String> res = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (res.statusCode() == 200 && res.body().endsWith("data: [DONE]\n\n")) {
                acknowledged.add(res.headers().firstValue("X-Request-Id").orElseThrow());
                if (acknowledgedPerKey.merge(created.key(), 1, Integer::sum) == warnAfter) {
                  child.destroyForcibly();
                }
              }
            } catch (Exception e) {
              return;
            }
          }
        }));
      }
      awaitAppendBlockedBy(holderPid, child);
      // An answer that did not wait for its event would reach its client now, which kills the node.
      child.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
      holder.rollback();
      assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

    Set<String> recorded = new java.util.HashSet<>();
    List<String> entries = new ArrayList<>();
    try (var db = dev.veil.store.Database.openPostgres(databaseUrl, "postgres", null, null);
        var c = db.connection(); var s = c.createStatement()) {
      try (var rs = s.executeQuery("SELECT id FROM request_records")) {
        while (rs.next()) {
          recorded.add(rs.getString(1));
        }
      }
      try (var rs = s.executeQuery("SELECT entry FROM audit_entry ORDER BY idx")) {
        while (rs.next()) {
          entries.add(rs.getString(1));
        }
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(warnAfter);
    assertThat(recorded).as("every acknowledged answer's record").containsAll(acknowledged);
    for (var e : acknowledgedPerKey.entrySet()) {
      if (e.getValue() >= warnAfter) {
        assertThat(entries).as("the 80%% mark of a key with %d acknowledged answers",
                e.getValue())
            .anySatisfy(entry -> assertThat(entry).contains("budget.warning")
                .contains("key:" + keyIds.get(e.getKey())));
      }
    }
    JsonNode report = stopAndVerifyAudit();
    assertThat(report.path("valid").asBoolean()).isTrue();
  }

  /** Polls, for at most 30 s, until a connection of any node waits for {@code holderPid}'s lock. */
  private void awaitAppendBlockedBy(long holderPid, Process child) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (var db = dev.veil.store.Database.openPostgres(databaseUrl, "postgres", null, null);
        var c = db.connection();
        var ps = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
      ps.setLong(1, holderPid);
      while (System.nanoTime() < deadline && child.isAlive()) {
        try (var rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no budget event was appended while the sequencer was held");
  }
}
