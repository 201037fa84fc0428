package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.limits.LimitsConfig.Budget;
import dev.veil.store.Database;
import dev.veil.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendingTest {

  @TempDir Path dir;

  private static void record(Connection c, String id, String key, Instant at, int tokens,
      Long nanos) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_records (id, started_at,"
        + " api_key_id, endpoint, status, streamed, latency_micros, total_tokens, bytes_in,"
        + " bytes_out, spend_nanos) VALUES (?, ?, ?, 'chat', 200, 0, 1, ?, 1, 1, ?)")) {
      ps.setString(1, id);
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, key);
      ps.setInt(4, tokens);
      if (nanos == null) {
        ps.setNull(5, java.sql.Types.BIGINT);
      } else {
        ps.setLong(5, nanos);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void spendingIsSummedPerUtcDayAndMonthPerKeyAndPerTeam() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    try (Database db = TestDatabases.sqlite(dir); Connection c = db.dataSource().getConnection()) {
      record(c, "1", "k1", Instant.parse("2026-12-04T09:00:00Z"), 100, 1_500_000_000L);
      record(c, "2", "k1", Instant.parse("2026-12-04T00:00:00Z"), 50, null);
      record(c, "3", "k1", Instant.parse("2026-12-03T23:59:59Z"), 20, 500_000_000L);
      record(c, "4", "k1", Instant.parse("2026-11-30T12:00:00Z"), 999, 9_000_000_000L);
      record(c, "5", "k2", Instant.parse("2026-12-01T00:00:00Z"), 7, 10_000_000L);

      Map<String, Spending.Spent> byKey = Spending.byKey(db.dataSource(), clock);
      assertThat(byKey.get("k1")).isEqualTo(new Spending.Spent(150, 170, 1_500_000_000L,
          2_000_000_000L));
      assertThat(byKey.get("k2")).isEqualTo(new Spending.Spent(0, 7, 0, 10_000_000L));
      assertThat(Spending.byTeam(byKey, Map.of("k1", "red", "k2", "red")).get("red"))
          .isEqualTo(new Spending.Spent(150, 177, 1_500_000_000L, 2_010_000_000L));

      Budget budget = new Budget(1000, 0, 5 * LimitsConfig.NANOS, 0);
      assertThat(byKey.get("k1").text(budget, false)).isEqualTo("150/1000 tok 1.50/5.00");
      assertThat(byKey.get("k1").text(budget, true)).isEqualTo("170 tok 2.00");
      assertThat(byKey.get("k1").against(budget).toString()).isEqualTo(
          "{day={tokens=150, token_budget=1000, spend=1.50, spend_budget=5.00},"
              + " month={tokens=170, token_budget=null, spend=2.00, spend_budget=null}}");
    }
  }
}
