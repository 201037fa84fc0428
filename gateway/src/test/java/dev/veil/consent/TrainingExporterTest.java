package dev.veil.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import dev.veil.retention.ContentVault;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.RetentionRun;
import dev.veil.retention.StoreMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingExporterTest {
  private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
  private static final String SSN = "078-05-1120";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private ContentVault vault;
  private ConsentLedger ledger;
  private DataKeys keys;

  @BeforeEach
  void setUp() {
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    LocalKeyProvider kek = TestKeys.localKek(dir);
    keys = new DataKeys(db, kek, clock);
    vault = new ContentVault(db, keys, clock);
    ledger = new ConsentLedger(db, KeyedHash.loadOrCreate(db, kek, "consent-index"), clock);
  }

  @Test
  void aRecordWithoutConsentNeverAppearsWhateverItsRetention() throws Exception {
    ConsentState[] decisions = {null, ConsentState.GRANTED, ConsentState.DENIED};
    String[] retentions = {"90s", "12h", "30d", "3650d"};
    Set<String> expected = new HashSet<>();
    int n = 0;
    for (ConsentState atCapture : ConsentState.values()) {
      for (ConsentState userNow : decisions) {
        for (ConsentState keyNow : decisions) {
          for (String retention : retentions) {
            String id = "rec-" + n++;
            String user = "user-" + id;
            String key = "key-" + id;
            store(id, key, user, atCapture, retention);
            if (userNow != null) {
              ledger.record(ConsentSubject.endUser("acme", user), userNow, "end-user", "header");
            }
            if (keyNow != null) {
              ledger.record(ConsentSubject.apiKey("acme", key), keyNow, "admin:alice", "admin-api");
            }
            boolean nowGranted =
                keyNow != ConsentState.DENIED
                    && (userNow == ConsentState.GRANTED || (userNow == null && keyNow == ConsentState.GRANTED));
            boolean alive = !retention.equals("90s");
            if (atCapture == ConsentState.GRANTED && nowGranted && alive) {
              expected.add(id);
            }
          }
        }
      }
    }
    clock.set(T0.plus(Duration.ofMinutes(10)));

    Path out = dir.resolve("training.jsonl");
    TrainingExporter.Report report = new TrainingExporter(vault, ledger, text -> text.replace(SSN, "[SSN]")).export(out);

    List<String> lines = Files.readAllLines(out);
    Set<String> exported = new HashSet<>();
    for (String line : lines) {
      JsonNode messages = JSON.readTree(line).path("messages");
      assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
      assertThat(messages.get(messages.size() - 1).path("role").asText()).isEqualTo("assistant");
      String user = messages.get(1).path("content").asText();
      exported.add(user.substring(user.indexOf("rec-"), user.indexOf(" ", user.indexOf("rec-"))));
    }
    assertThat(exported).isEqualTo(expected);
    assertThat(expected).isNotEmpty();
    assertThat(report.written()).isEqualTo(expected.size());
    long alive = n - n / retentions.length;
    long capturedWithout = alive / ConsentState.values().length
        * (ConsentState.values().length - 1);
    assertThat(report.noConsent()).isEqualTo(capturedWithout);
    assertThat(report.written() + report.noConsent() + report.withdrawn() + report.unreadable()
        + report.unsupported() + report.scrubFailed()).isEqualTo(alive);
    assertThat(String.join("\n", lines)).doesNotContain(SSN).contains("[SSN]");

    new RetentionRun(keys, vault, clock).runNow();
    clock.set(T0.plus(Duration.ofDays(3651)));
    new RetentionRun(keys, vault, clock).runNow();
    assertThat(new TrainingExporter(vault, ledger, text -> text).export(dir.resolve("later.jsonl")).written()).isZero();
  }

  @Test
  void aRecordTheScrubberCannotInspectIsLeftOut() throws Exception {
    ledger.record(ConsentSubject.apiKey("acme", "k"), ConsentState.GRANTED, "admin:alice", "cli");
    store("ok", "k", "u1", ConsentState.GRANTED, "30d");
    store("bad", "k", "u2", ConsentState.GRANTED, "30d");
    Scrubber failing = text -> {
      if (text.contains("bad ")) {
        throw new IllegalStateException("detector unavailable");
      }
      return text;
    };
    List<String> lines = new ArrayList<>();
    java.io.StringWriter w = new java.io.StringWriter();
    TrainingExporter.Report r = new TrainingExporter(vault, ledger, failing).export(w);
    lines.addAll(w.toString().lines().toList());
    assertThat(r.written()).isEqualTo(1);
    assertThat(r.scrubFailed()).isEqualTo(1);
    assertThat(lines).singleElement().asString().contains("ok ");
  }

  private void store(String id, String key, String user, ConsentState atCapture, String retention) throws Exception {
    String request =
        JSON.writeValueAsString(Map.of(
            "model", "gpt-4o",
            "messages", List.of(
                Map.of("role", "system", "content", "You are helpful."),
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "this is " + id + " and my ssn is " + SSN))))));
    String response =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Thanks.\"}}]}";
    vault.write(List.of(vault.seal(new RecordToStore(
        id, "acme", key, Optional.of(ledger.endUserHash("acme", user)), StoreMode.PROTECTED, atCapture, clock.instant(),
        Retention.parse(retention), Map.of(ContentVault.REQUEST, request, ContentVault.RESPONSE, response)))));
  }
}
