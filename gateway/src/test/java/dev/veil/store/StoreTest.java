package dev.veil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same assertions on SQLite and on PostgreSQL, with the one set of migrations. */
class StoreTest {
  @TempDir Path dir;

  Database open(String kind) throws Exception {
    return kind.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.postgres();
  }

  static ApiKeyRecord key(String name, String prefix, Instant expires) {
    return new ApiKeyRecord(UUID.randomUUID().toString(), name, prefix, "h-" + name,
        List.of("a", "b"), null, null, null, Instant.parse("2026-01-01T00:00:00Z"), expires, null,
        null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void apiKeysAreStoredListedRevokedAndTouched(String kind) throws Exception {
    try (Database db = open(kind)) {
      ApiKeyStore store = new ApiKeyStore(db);
      Instant now = Instant.parse("2026-02-01T00:00:00Z");
      ApiKeyRecord live = key("live", "vk-aaaaaaaa", null);
      store.insert(live);
      store.insert(key("old", "vk-bbbbbbbb", now.minus(1, ChronoUnit.DAYS)));

      assertThat(store.list()).extracting(ApiKeyRecord::name).containsExactly("live", "old");
      assertThat(store.findByPrefix("vk-aaaaaaaa")).singleElement()
          .satisfies(r -> assertThat(r.models()).containsExactly("a", "b"));
      assertThat(store.countUsable(now)).isEqualTo(1);
      assertThatThrownBy(() -> store.insert(key("live", "vk-cccccccc", null)))
          .hasMessageContaining("already exists");

      store.touch(Map.of(live.id(), now));
      assertThat(store.findByPrefix("vk-aaaaaaaa").get(0).lastUsedAt()).isEqualTo(now);

      assertThat(store.revoke("live", now)).isTrue();
      assertThat(store.revoke("live", now)).isFalse();
      assertThat(store.findByPrefix("vk-aaaaaaaa").get(0).revokedAt()).isEqualTo(now);
      assertThat(store.countUsable(now)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void requestRecordsAreWrittenInBatchesOffTheRequestThread(String kind) throws Exception {
    try (Database db = open(kind)) {
      ApiKeyRecord k = key("k", "vk-dddddddd", null);
      new ApiKeyStore(db).insert(k);
      try (MetadataWriter writer = new MetadataWriter(db, 1000)) {
        for (int i = 0; i < 300; i++) {
          writer.submit(new RequestRecord("r" + i, Instant.ofEpochMilli(1000L + i), k.id(),
              "chat", "m", "p", 200, i % 2 == 0, 1234, 5, i % 3 == 0 ? null : 6, 11, 100, 200,
              "v1"));
        }
        writer.flush();
        assertThat(writer.written()).isEqualTo(300);
        assertThat(writer.dropped()).isZero();
      }
      try (var c = db.connection(); var st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(bytes_out) FROM request_records")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(300);
        assertThat(rs.getLong(2)).isEqualTo(300L * 200);
      }
      assertThat(new ApiKeyStore(db).findByPrefix("vk-dddddddd").get(0).lastUsedAt())
          .isEqualTo(Instant.ofEpochMilli(1299));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void keysKeepTheirOwnerAndTeamAndAreListedByOwner(String kind) throws Exception {
    try (Database db = open(kind)) {
      ApiKeyStore store = new ApiKeyStore(db);
      store.insert(new ApiKeyRecord(UUID.randomUUID().toString(), "dev.ops.k", "vk-ffffffff",
          "h-1", List.of(), "strict", "dev.ops", "payments", Instant.EPOCH, null, null, null));
      store.insert(key("dev.k", "vk-gggggggg", null));

      assertThat(store.listByOwner("dev.ops")).singleElement().satisfies(r -> {
        assertThat(r.owner()).isEqualTo("dev.ops");
        assertThat(r.team()).isEqualTo("payments");
        assertThat(r.policy()).isEqualTo("strict");
      });
      assertThat(store.listByOwner("dev")).isEmpty();
    }
  }

  /** Regression: ownership was a name prefix, so developer 'dev' owned 'dev.ops.k' too. */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void upgradingGivesOldKeysTheOwnerOfTheirLongestUserPrefix(String kind) throws Exception {
    TestDatabases.Seed seed = c -> {
      try (Statement st = c.createStatement()) {
        for (String user : List.of("dev", "dev.ops", "d_v")) {
          st.executeUpdate("INSERT INTO admin_user (name, role, password_hash, totp_last_step,"
              + " disabled, created_at) VALUES ('" + user + "', 'developer', 'x', -1, 0, 0)");
        }
        int i = 0;
        for (String key : List.of("dev.k", "dev.ops.k", "devops.k", "dev", "app", "dxv.k")) {
          st.executeUpdate("INSERT INTO api_keys (id, name, prefix, key_hash, models, created_at)"
              + " VALUES ('id" + i + "', '" + key + "', 'vk-" + i + "', 'h" + i++ + "', '', 0)");
        }
      }
    };
    try (Database db = kind.equals("sqlite") ? TestDatabases.sqliteFrom(dir, "31", seed)
        : TestDatabases.postgresFrom("31", seed)) {
      Map<String, String> owners = new java.util.TreeMap<>();
      for (ApiKeyRecord r : new ApiKeyStore(db).list()) {
        owners.put(r.name(), String.valueOf(r.owner()));
      }
      assertThat(owners).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
          "dev.k", "dev", "dev.ops.k", "dev.ops", "devops.k", "null", "dev", "null",
          "app", "null", "dxv.k", "null")));
      assertThat(new ApiKeyStore(db).list()).allSatisfy(r -> assertThat(r.team()).isNull());
    }
  }

  @org.junit.jupiter.api.Test
  void reopeningAMigratedSqliteDatabaseKeepsItsData() throws Exception {
    try (Database db = open("sqlite")) {
      new ApiKeyStore(db).insert(key("kept", "vk-eeeeeeee", null));
    }
    try (Database db = open("sqlite")) {
      assertThat(new ApiKeyStore(db).list()).extracting(ApiKeyRecord::name).contains("kept");
      assertThat(db.isReachable()).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void aFullQueueDropsRecordsInsteadOfBlocking() throws Exception {
    try (Database db = TestDatabases.sqlite(dir)) {
      MetadataWriter writer = new MetadataWriter(db, 1);
      for (int i = 0; i < 10_000; i++) {
        writer.submit(new RequestRecord("d" + i, Instant.EPOCH, null, "chat", null, null, 200,
            false, 1, null, null, null, 0, 0, null));
      }
      writer.flush();
      writer.close();
      assertThat(writer.written() + writer.dropped()).isEqualTo(10_000);
      assertThat(writer.dropped()).isPositive();
    }
  }
}
