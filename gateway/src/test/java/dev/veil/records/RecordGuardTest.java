package dev.veil.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.auth.Principal;
import dev.veil.consent.ConsentLedger;
import dev.veil.consent.ConsentState;
import dev.veil.crypto.DataKeys;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.TestKeys;
import dev.veil.policy.Policies;
import dev.veil.provider.Provider;
import dev.veil.retention.ContentVault;
import dev.veil.retention.DurableWriteQueue;
import dev.veil.retention.StoreMode;
import dev.veil.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard on its own, over a real vault and write queue: the cases the end-to-end test skips. */
class RecordGuardTest {
  @TempDir Path dir;
  Database db;
  ContentVault vault;
  RecordGuard guard;
  final List<Request> upstreamSaw = new ArrayList<>();

  @BeforeEach
  void open() {
    db = Database.openSqlite(dir);
    DataSource ds = db.dataSource();
    LocalKeyProvider kek = TestKeys.localKek(dir);
    Clock clock = Clock.systemUTC();
    vault = new ContentVault(ds, new DataKeys(ds, kek, clock), clock);
    ConsentLedger ledger = new ConsentLedger(ds, KeyedHash.loadOrCreate(ds, kek, "consent-index"),
        clock);
    Policies policies = Policies.parse(JsonNodeFactory.instance.arrayNode()
        .add(JsonNodeFactory.instance.objectNode().put("name", "keep")
            .put("store", "protected").put("retention", "1h")));
    guard = new RecordGuard(policies, "acme", ledger, vault,
        new DurableWriteQueue(vault, 10, 10, Duration.ofMillis(50)), Duration.ofSeconds(5));
  }

  @AfterEach
  void close() {
    guard.close();
    db.close();
  }

  Exchange exchange(String policy) {
    Exchange ex = new Exchange("req_" + System.nanoTime(), Clock.systemUTC(), 0);
    ex.put(Principal.KEY, new Principal("key-1", "k", List.of(), policy, null));
    return ex;
  }

  Request request(String user) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "m");
    body.putArray("messages").addObject().put("role", "user").put("content", "hello");
    if (user != null) {
      body.put("user", user);
    }
    return new Request(Request.Endpoint.CHAT_COMPLETIONS, "m", false, body, Map.of());
  }

  Pipeline.Terminal upstream(Response answer) {
    return (request, exchange) -> {
      upstreamSaw.add(request);
      return answer;
    };
  }

  static Response.Json completion() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.putArray("choices").addObject().putObject("message").put("role", "assistant")
        .put("content", "hi");
    return new Response.Json(200, c);
  }

  static String code(Response r) {
    return ((Response.Json) r).body().path("error").path("code").asText();
  }

  @Test
  void protectedStorageWithoutTheUpstreamTapFailsClosed() throws Exception {
    Exchange ex = exchange("keep");
    Response r = new Pipeline(List.of(guard), upstream(completion())).execute(request(null), ex);

    assertThat(r.status()).isEqualTo(500);
    assertThat(code(r)).isEqualTo("veil_inspection_failed");
    assertThat(vault.meta(ex.requestId())).isEmpty();
  }

  @Test
  void anAnsweredRequestIsStoredWithItsConsentAndMarkedInTheExchange() throws Exception {
    Exchange ex = exchange("keep");
    Response r = new Pipeline(List.of(guard, guard.upstreamTap()), upstream(completion()))
        .execute(request("alice"), ex);

    assertThat(r.status()).isEqualTo(200);
    var meta = vault.meta(ex.requestId()).orElseThrow();
    assertThat(meta.mode()).isEqualTo(StoreMode.PROTECTED);
    assertThat(meta.consentAtCapture()).isEqualTo(ConsentState.UNKNOWN);
    assertThat(meta.endUserHash()).isPresent().get().asString().doesNotContain("alice");
    assertThat(ex.get(RecordGuard.CAPTURE))
        .isEqualTo(new RecordGuard.Capture(ConsentState.UNKNOWN, true));
  }

  @Test
  void upstreamErrorsAndRefusalsKeepNoContent() throws Exception {
    Exchange ex = exchange("keep");
    Response error = Response.error(429, "rate_limit_error", "rate_limited", "slow down", null);
    Response r = new Pipeline(List.of(guard, guard.upstreamTap()), upstream(error))
        .execute(request(null), ex);

    assertThat(r.status()).isEqualTo(429);
    assertThat(vault.meta(ex.requestId())).isEmpty();
    assertThat(ex.get(RecordGuard.CAPTURE).contentStored()).isFalse();
  }

  @Test
  void anOverlongEndUserIdIsRefusedBeforeGoingUpstream() {
    Exchange ex = exchange("keep");
    Response r = new Pipeline(List.of(guard, guard.upstreamTap()), upstream(completion()))
        .execute(request("u".repeat(300)), ex);

    assertThat(r.status()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("veil_invalid_end_user");
    assertThat(upstreamSaw).isEmpty();
  }

  @Test
  void dataKeysOfTheCurrentAndNextPeriodAreMadeAheadOfRequests() throws Exception {
    guard.warmKeys();
    guard.warmKeys();
    try (var c = db.connection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM data_keys WHERE tenant = 'acme'")) {
      rs.next();
      assertThat(rs.getInt(1)).isBetween(2, 3);
    }
  }

  @Test
  void zeroRetentionLooksNothingUpAndKeepsNothing() throws Exception {
    Exchange ex = exchange(null);
    Response r = new Pipeline(List.of(guard, guard.upstreamTap()), upstream(completion()))
        .execute(request("alice"), ex);

    assertThat(r.status()).isEqualTo(200);
    assertThat(ex.get(RecordGuard.CAPTURE)).isNull();
    assertThat(ex.get(Provider.UPSTREAM_STORE)).isNull();
    assertThat(vault.meta(ex.requestId())).isEmpty();
  }
}
