package dev.veil.api;

import dev.veil.admin.Operations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.veil.consent.ConsentLedger;
import dev.veil.consent.ConsentState;
import dev.veil.consent.ConsentSubject;
import dev.veil.consent.TrainingExporter;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.KeyDestroyedException;
import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.retention.ContentVault;
import dev.veil.retention.OpenedRecord;
import dev.veil.retention.RetentionRun;
import dev.veil.retention.StoreMode;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Content storage per policy, end to end through the official SDK and the real server: nothing but
 * metadata by default, the protected or the original text when a policy asks, sealed so that only
 * the vault opens it, gone with its retention, and exported for training only with consent.
 */
class RecordStoreEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;
  static ContentVault vault;
  static ConsentLedger ledger;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PROMPT = "Please write to " + EMAIL + " about the invoice.";
  static final AtomicReference<String> lastAnswer = new AtomicReference<>();

  static final String POLICIES = """
      policies:
        - name: default
        - name: keep-protected
          store: protected
          retention: 30d
        - name: keep-original
          store: original
          retention: 12h
        - name: keep-briefly
          store: original
          retention: 90s
        - name: provider-may-store
          upstream_store: allow
      """;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, POLICIES);
    DataSource ds = h.gateway.database().dataSource();
    LocalKeyProvider kek = LocalKeyProvider.open(h.dataDir, Optional.empty(), true,
        LocalKeyProvider.ScryptParams.DEFAULT);
    Clock clock = Clock.systemUTC();
    vault = new ContentVault(ds, new DataKeys(ds, kek, clock), clock);
    ledger = new ConsentLedger(ds, KeyedHash.loadOrCreate(ds, kek, Operations.CONSENT_INDEX), clock);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @BeforeEach
  void echoUpstream() {
    echo(h);
  }

  /** An upstream that answers "You said: <last message>", streamed in 3-character chunks. */
  static void echo(GatewayHarness harness) {
    harness.upstream.received.clear();
    harness.upstream.on("/v1/chat/completions", (ex, r) -> {
      JsonNode body = r.json();
      JsonNode messages = body.get("messages");
      String answer = "You said: " + messages.get(messages.size() - 1).get("content").asText();
      if (body.path("stream").asBoolean()) {
        OutputStream out = FakeUpstream.startStream(ex);
        for (int i = 0; i < answer.length(); i += 3) {
          String part = answer.substring(i, Math.min(answer.length(), i + 3));
          FakeUpstream.event(out, ChatEndToEndTest.chunk(
              FakeUpstream.JSON.valueToTree(part).toString().replaceAll("^\"|\"$", "")));
        }
        FakeUpstream.event(out, "[DONE]");
        out.close();
      } else {
        ObjectNode c = FakeUpstream.JSON.createObjectNode();
        c.put("id", "chatcmpl-9").put("object", "chat.completion").put("created", 1)
            .put("model", "upstream-model");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        c.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 7)
            .put("total_tokens", 12);
        lastAnswer.set(c.toString());
        FakeUpstream.send(ex, 200, c.toString());
      }
    });
  }

  /** A new API key that uses {@code policy} (keys are made without one, so set it in the row). */
  static TestKey keyWithPolicy(GatewayHarness harness, String policy) throws SQLException {
    var created = harness.gateway.keys().create("k-" + System.nanoTime(), List.of(), null);
    try (Connection c = harness.gateway.database().connection();
        PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET policy = ? WHERE id = ?")) {
      ps.setString(1, policy);
      ps.setString(2, created.record().id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return new TestKey(created.key(), created.record().id());
  }

  record TestKey(String secret, String id) {}

  static List<String> storedRecordIds(GatewayHarness harness, String keyId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = harness.gateway.database().connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT record_id FROM stored_records WHERE api_key_id = ? ORDER BY captured_at")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** Each metadata row of the key: {consent, content_stored, status}. */
  static List<String[]> metadataRows(GatewayHarness harness, String keyId) throws Exception {
    harness.gateway.metadata().flush();
    List<String[]> rows = new ArrayList<>();
    try (Connection c = harness.gateway.database().connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, consent, content_stored, status"
            + " FROM request_records WHERE api_key_id = ? ORDER BY started_at")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4)});
        }
      }
    }
    return rows;
  }

  static long count(GatewayHarness harness, String table) throws SQLException {
    try (Connection c = harness.gateway.database().connection();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static ChatCompletionCreateParams.Builder ask(String text) {
    return ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(text);
  }

  static String streamed(GatewayHarness harness, String key, ChatCompletionCreateParams params) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> s =
        harness.sdk(key).chat().completions().createStreaming(params)) {
      s.stream().forEach(chunk -> chunk.choices().forEach(
          choice -> text.append(choice.delta().content().orElse(""))));
    }
    return text.toString();
  }

  static JsonNode json(String text) throws Exception {
    return FakeUpstream.JSON.readTree(text);
  }

  @Test
  void byDefaultNothingButTheMetadataRecordIsKept() throws Exception {
    long before = count(h, "stored_records");
    TestKey key = keyWithPolicy(h, "default");
    h.sdk(key.secret()).chat().completions().create(ask(PROMPT).build());
    assertThat(streamed(h, key.secret(), ask(PROMPT).build())).isEqualTo("You said: " + PROMPT);

    assertThat(storedRecordIds(h, key.id())).isEmpty();
    assertThat(count(h, "stored_records")).isEqualTo(before);
    List<String[]> rows = metadataRows(h, key.id());
    assertThat(rows).hasSize(2).allSatisfy(r -> {
      assertThat(r[1]).as("consent is not looked up").isNull();
      assertThat(r[2]).isEqualTo("0");
    });
    assertThat(h.upstream.received).allSatisfy(r ->
        assertThat(r.json().path("store").asBoolean(true)).isFalse());
  }

  @Test
  void protectedStorageKeepsWhatWentUpstreamAndTheAnswerBeforeRestoring() throws Exception {
    TestKey key = keyWithPolicy(h, "keep-protected");
    ChatCompletion answer = h.sdk(key.secret()).chat().completions().create(ask(PROMPT).build());
    assertThat(answer.choices().get(0).message().content()).hasValue("You said: " + PROMPT);

    List<String> ids = storedRecordIds(h, key.id());
    assertThat(ids).hasSize(1);
    OpenedRecord record = vault.open(ids.get(0)).orElseThrow();
    assertThat(record.meta().mode()).isEqualTo(StoreMode.PROTECTED);
    JsonNode stored = json(record.field(ContentVault.REQUEST).orElseThrow());
    JsonNode upstream = h.upstream.received.get(0).json();
    assertThat(stored.get("messages")).isEqualTo(upstream.get("messages"));
    assertThat(stored.toString()).doesNotContain(EMAIL).contains("[EMAIL_ADDRESS_");
    assertThat(record.field(ContentVault.RESPONSE)).hasValue(lastAnswer.get());
    assertThat(record.field(ContentVault.RESPONSE).orElseThrow()).doesNotContain(EMAIL);

    assertThat(rawCiphertexts(ids.get(0))).isNotEmpty().allSatisfy(ct ->
        assertThat(ct).doesNotContain("EMAIL_ADDRESS").doesNotContain("You said"));
    List<String[]> rows = metadataRows(h, key.id());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)[0]).isEqualTo(ids.get(0));
    assertThat(rows.get(0)[1]).isEqualTo("UNKNOWN");
    assertThat(rows.get(0)[2]).isEqualTo("1");
  }

  @Test
  void originalStorageKeepsTheClientsRequestAndTheRestoredAnswer() throws Exception {
    TestKey key = keyWithPolicy(h, "keep-original");
    h.sdk(key.secret()).chat().completions().create(ask(PROMPT).build());

    List<String> ids = storedRecordIds(h, key.id());
    assertThat(ids).hasSize(1);
    OpenedRecord record = vault.open(ids.get(0)).orElseThrow();
    assertThat(record.meta().mode()).isEqualTo(StoreMode.ORIGINAL);
    JsonNode request = json(record.field(ContentVault.REQUEST).orElseThrow());
    assertThat(request.path("model").asText()).isEqualTo("gpt-test");
    assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo(PROMPT);
    JsonNode response = json(record.field(ContentVault.RESPONSE).orElseThrow());
    assertThat(response.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("You said: " + PROMPT);
    assertThat(h.upstream.received.get(0).body()).asString(StandardCharsets.UTF_8)
        .doesNotContain(EMAIL);
  }

  @Test
  void streamedAnswersAreStoredWholeInBothModes() throws Exception {
    TestKey prot = keyWithPolicy(h, "keep-protected");
    TestKey orig = keyWithPolicy(h, "keep-original");
    assertThat(streamed(h, prot.secret(), ask(PROMPT).build())).isEqualTo("You said: " + PROMPT);
    assertThat(streamed(h, orig.secret(), ask(PROMPT).build())).isEqualTo("You said: " + PROMPT);

    OpenedRecord p = vault.open(storedRecordIds(h, prot.id()).get(0)).orElseThrow();
    JsonNode pMessage = json(p.field(ContentVault.RESPONSE).orElseThrow())
        .path("choices").get(0).path("message");
    assertThat(pMessage.path("content").asText()).startsWith("You said: Please write to [EMAIL_")
        .doesNotContain(EMAIL);
    assertThat(json(p.field(ContentVault.REQUEST).orElseThrow()).get("messages"))
        .isEqualTo(h.upstream.received.get(0).json().get("messages"));

    OpenedRecord o = vault.open(storedRecordIds(h, orig.id()).get(0)).orElseThrow();
    JsonNode oResponse = json(o.field(ContentVault.RESPONSE).orElseThrow());
    assertThat(oResponse.path("object").asText()).isEqualTo("chat.completion");
    assertThat(oResponse.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("You said: " + PROMPT);
    assertThat(metadataRows(h, orig.id())).singleElement()
        .satisfies(r -> assertThat(r[2]).isEqualTo("1"));
  }

  @Test
  void theProviderMayKeepARequestOnlyWhenThePolicyAllowsIt() throws Exception {
    TestKey allowed = keyWithPolicy(h, "provider-may-store");
    TestKey denied = keyWithPolicy(h, "default");
    h.sdk(allowed.secret()).chat().completions().create(ask("hello").store(true).build());
    h.sdk(denied.secret()).chat().completions().create(ask("hello").store(true).build());

    assertThat(h.upstream.received.get(0).json().path("store").asBoolean(false)).isTrue();
    assertThat(h.upstream.received.get(1).json().path("store").asBoolean(true)).isFalse();
  }

  @Test
  void retentionExpiryMakesStoredContentUnreadableEvenInACopyOfTheContent() throws Exception {
    TestKey key = keyWithPolicy(h, "keep-briefly");
    h.sdk(key.secret()).chat().completions().create(ask(PROMPT).build());
    String id = storedRecordIds(h, key.id()).get(0);
    assertThat(vault.open(id)).isPresent();
    Path copy = dir.resolve("content-copy.db");
    try (Connection c = h.gateway.database().connection(); var st = c.createStatement()) {
      st.execute("VACUUM INTO '" + copy + "'");
    }

    DataSource ds = h.gateway.database().dataSource();
    LocalKeyProvider kek = LocalKeyProvider.open(h.dataDir, Optional.empty(), true,
        LocalKeyProvider.ScryptParams.DEFAULT);
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofSeconds(200)), ZoneOffset.UTC);
    DataKeys keysLater = new DataKeys(ds, kek, later);
    RetentionRun.Report report =
        new RetentionRun(keysLater, new ContentVault(ds, keysLater, later), later).runNow();
    assertThat(report.keysDestroyed()).isGreaterThanOrEqualTo(1);
    assertThat(report.recordsDeleted()).isGreaterThanOrEqualTo(1);

    Clock now = Clock.systemUTC();
    DataKeys liveKeys = new DataKeys(ds, kek, now);
    assertThat(new ContentVault(ds, liveKeys, now).open(id)).isEmpty();
    SQLiteDataSource copied = new SQLiteDataSource();
    copied.setUrl("jdbc:sqlite:" + copy);
    ContentVault copyUnderLiveKeys = new ContentVault(copied, liveKeys, now);
    assertThat(copyUnderLiveKeys.meta(id)).isPresent();
    assertThatThrownBy(() -> copyUnderLiveKeys.open(id))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void onlyRecordsOfConsentingEndUsersReachTheTrainingExport() throws Exception {
    TestKey key = keyWithPolicy(h, "keep-original");
    ledger.record(ConsentSubject.endUser("default", "alice@example.org"), ConsentState.GRANTED,
        "admin", "test");
    ledger.record(ConsentSubject.endUser("default", "bob@example.org"), ConsentState.DENIED,
        "admin", "test");
    var sdk = h.sdk(key.secret()).chat().completions();
    sdk.create(ask("alice says hi").user("alice@example.org").build());
    sdk.create(ask("bob says hi").putAdditionalHeader("X-Veil-End-User", "bob@example.org")
        .user("alice@example.org").build());
    sdk.create(ask("carol says hi").user("carol@example.org").build());
    sdk.create(ask("nobody says hi").build());

    List<String> ids = storedRecordIds(h, key.id());
    assertThat(ids).hasSize(4);
    List<ConsentState> consents = new ArrayList<>();
    for (String id : ids) {
      consents.add(vault.meta(id).orElseThrow().consentAtCapture());
    }
    assertThat(consents).containsExactly(ConsentState.GRANTED, ConsentState.DENIED,
        ConsentState.UNKNOWN, ConsentState.UNKNOWN);
    assertThat(metadataRows(h, key.id())).extracting(r -> r[1])
        .containsExactly("GRANTED", "DENIED", "UNKNOWN", "UNKNOWN");

    StringWriter out = new StringWriter();
    TrainingExporter.Report report = new TrainingExporter(vault, ledger, text -> text).export(out);
    assertThat(out.toString()).contains("alice says hi").doesNotContain("bob says hi")
        .doesNotContain("carol says hi").doesNotContain("nobody says hi");
    assertThat(out.toString().lines()).allSatisfy(line ->
        assertThat(json(line).path("messages").get(1).path("content").asText())
            .startsWith("You said:"));
    assertThat(out.toString().lines()).hasSize(1);
    assertThat(report.written()).isEqualTo(1);
  }

  @Test
  void aStoreThatIsDownFailsTheRequestWith503AndTheAnswerIsWithheldWithoutLoggingContent(
      @TempDir Path downDir) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try (GatewayHarness down = new GatewayHarness(downDir, POLICIES)) {
      echo(down);
      TestKey key = keyWithPolicy(down, "keep-original");
      var sdk = down.sdk(key.secret()).chat().completions();
      sdk.create(ask(CANARY_PROMPT).build());
      assertThat(storedRecordIds(down, key.id())).hasSize(1);

      setStoreDown(down, true);
      assertThatThrownBy(() -> sdk.create(ask(CANARY_PROMPT).build()))
          .isInstanceOfSatisfying(InternalServerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.code()).hasValue("veil_store_unavailable");
          })
          .hasMessageNotContaining("You said");
      assertThat(down.upstream.received).as("the answer came, and was withheld").hasSize(2);

      assertThatThrownBy(() -> sdk.create(ask(CANARY_PROMPT).build()))
          .isInstanceOfSatisfying(InternalServerException.class,
              e -> assertThat(e.code()).hasValue("veil_store_unavailable"));
      assertThat(down.upstream.received).as("refused before going upstream").hasSize(2);
      List<String[]> rows = metadataRows(down, key.id());
      assertThat(rows).extracting(r -> r[2] + "/" + r[3])
          .containsExactly("1/200", "0/503", "0/503");

      setStoreDown(down, false);
      awaitStoreBack(down, key);
      HttpResponse<String> stream = streamRaw(down, key);
      assertThat(stream.body()).contains("[DONE]");

      assertThat(storedRecordIds(down, key.id())).hasSize(3);
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent e : logs.list) {
      String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
          : ThrowableProxyUtil.asString(e.getThrowableProxy()));
      assertThat(text).doesNotContain(CANARY).doesNotContain("You said");
    }
  }

  @Test
  void aStreamWhoseRecordCannotBeMadeDurableEndsWithAnErrorInsteadOfDone(@TempDir Path downDir)
      throws Exception {
    try (GatewayHarness down = new GatewayHarness(downDir, POLICIES)) {
      TestKey key = keyWithPolicy(down, "keep-protected");
      down.upstream.on("/v1/chat/completions", (ex, r) -> {
        setStoreDown(down, true);
        OutputStream out = FakeUpstream.startStream(ex);
        FakeUpstream.event(out, ChatEndToEndTest.chunk("Hello there"));
        FakeUpstream.event(out, "[DONE]");
        out.close();
      });
      HttpResponse<String> res = streamRaw(down, key);

      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).contains("Hello there").contains("veil_store_unavailable")
          .doesNotContain("[DONE]");
      assertThat(metadataRows(down, key.id())).extracting(r -> r[2] + "/" + r[3])
          .containsExactly("0/503");
    }
  }

  static final String CANARY = "canary-4c1d-7e3b-content";
  static final String CANARY_PROMPT = "remember " + CANARY + " please";

  /** Takes the content tables away (or brings them back), as a failed disk or database would. */
  static void setStoreDown(GatewayHarness harness, boolean down) throws SQLException {
    try (Connection c = harness.gateway.database().connection(); var st = c.createStatement()) {
      st.execute(down ? "ALTER TABLE stored_records RENAME TO stored_records_away"
          : "ALTER TABLE stored_records_away RENAME TO stored_records");
    }
  }

  /** Polls with requests until the write queue's probe finds the store again. */
  static void awaitStoreBack(GatewayHarness harness, TestKey key) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        harness.sdk(key.secret()).chat().completions().create(ask("ping").build());
        return;
      } catch (InternalServerException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static HttpResponse<String> streamRaw(GatewayHarness harness, TestKey key) throws Exception {
    return harness.http().send(HttpRequest.newBuilder(
            URI.create(harness.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + key.secret())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"stream please\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> rawCiphertexts(String recordId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = h.gateway.database().connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT ciphertext FROM sealed_fields WHERE record_id = ?")) {
      ps.setString(1, recordId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new String(java.util.Base64.getDecoder().decode(rs.getString(1)),
              StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }
}
