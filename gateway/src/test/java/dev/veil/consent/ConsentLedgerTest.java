package dev.veil.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestDatabases;
import dev.veil.crypto.TestKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentLedgerTest {
  private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
  private static final String EMAIL = "canary.jane.doe@example.org";

  @TempDir Path dir;

  @Test
  void historyRecordsWhoChangedConsentWhenAndFromWhereOnSqlite() throws Exception {
    historyAndEffectiveConsent(TestDatabases.sqlite(dir.resolve("veil.db")));
  }

  @Test
  void historyRecordsWhoChangedConsentWhenAndFromWhereOnPostgres() throws Exception {
    historyAndEffectiveConsent(TestDatabases.postgres());
  }

  private void historyAndEffectiveConsent(DataSource db) throws Exception {
    MutableClock clock = new MutableClock(T0);
    LocalKeyProvider kek = TestKeys.localKek(dir);
    ConsentLedger ledger = new ConsentLedger(db, KeyedHash.loadOrCreate(db, kek, "consent-index"), clock);
    ConsentSubject jane = ConsentSubject.endUser("acme", EMAIL);

    assertThat(ledger.current(jane)).isEqualTo(ConsentState.UNKNOWN);
    ledger.record(jane, ConsentState.GRANTED, "admin:alice", "admin-api");
    clock.set(T0.plusSeconds(60));
    ledger.record(jane, ConsentState.DENIED, "end-user", "header");

    assertThat(ledger.history(jane))
        .extracting(ConsentEntry::seq, ConsentEntry::decision, ConsentEntry::actor, ConsentEntry::source, ConsentEntry::changedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, ConsentState.GRANTED, "admin:alice", "admin-api", T0),
            org.assertj.core.groups.Tuple.tuple(2L, ConsentState.DENIED, "end-user", "header", T0.plusSeconds(60)));
    assertThat(ledger.current(jane)).isEqualTo(ConsentState.DENIED);
    assertThat(jane.toString()).doesNotContain(EMAIL);
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT subject_hash, actor, source FROM consent_events")) {
      while (rs.next()) {
        assertThat(rs.getString(1) + rs.getString(2) + rs.getString(3)).doesNotContain("jane").doesNotContain(EMAIL);
      }
    }

    ledger.record(ConsentSubject.apiKey("acme", "key-1"), ConsentState.GRANTED, "admin:alice", "cli");
    assertThat(ledger.stateAtCapture("acme", "key-1", Optional.empty())).isEqualTo(ConsentState.GRANTED);
    assertThat(ledger.stateAtCapture("acme", "key-1", Optional.of(EMAIL))).isEqualTo(ConsentState.DENIED);
    assertThat(ledger.stateAtCapture("acme", "key-1", Optional.of("someone-else"))).isEqualTo(ConsentState.GRANTED);
    assertThat(ledger.stateAtCapture("acme", "key-2", Optional.empty())).isEqualTo(ConsentState.UNKNOWN);
    assertThat(ledger.stateAtCapture("other", "key-1", Optional.empty())).isEqualTo(ConsentState.UNKNOWN);

    ledger.record(jane, ConsentState.GRANTED, "end-user", "header");
    ledger.record(ConsentSubject.apiKey("acme", "key-1"), ConsentState.DENIED, "admin:bob", "admin-api");
    assertThat(ledger.stateAtCapture("acme", "key-1", Optional.of(EMAIL)))
        .as("a key that denies vetoes its end users' grants")
        .isEqualTo(ConsentState.DENIED);
  }

  @Test
  void anUndecidedStateCannotBeRecordedAndChangesNeedAnActor() throws Exception {
    DataSource db = TestDatabases.sqlite(dir.resolve("veil.db"));
    ConsentLedger ledger =
        new ConsentLedger(db, KeyedHash.loadOrCreate(db, TestKeys.localKek(dir), "consent-index"), new MutableClock(T0));
    ConsentSubject s = ConsentSubject.apiKey("acme", "k");
    assertThatThrownBy(() -> ledger.record(s, ConsentState.UNKNOWN, "a", "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.record(s, ConsentState.GRANTED, " ", "b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHeaderNamesTheEndUserBeforeTheUserField() {
    assertThat(EndUsers.identify("body-user", "header-user")).contains("header-user");
    assertThat(EndUsers.identify(" body-user ", null)).contains("body-user");
    assertThat(EndUsers.identify(null, " ")).isEmpty();
    assertThatThrownBy(() -> EndUsers.identify("x".repeat(300), null)).isInstanceOf(IllegalArgumentException.class);
  }
}
