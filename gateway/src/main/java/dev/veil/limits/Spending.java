package dev.veil.limits;

import dev.veil.limits.LimitsConfig.Budget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What API keys spent this UTC day and this UTC month, summed from the metadata records that every
 * node writes, shown next to the budgets by {@code veil keys list} and the admin API. The budget
 * guard counts in Redis or in process; these sums are the durable account of the same requests
 * (tokens from each answer's usage, money from the price table).
 */
public final class Spending {

  private Spending() {}

  /** Tokens and money (in {@link LimitsConfig#NANOS}) spent this day and this month. */
  public record Spent(long tokensDay, long tokensMonth, long nanosDay, long nanosMonth) {
    public static final Spent NONE = new Spent(0, 0, 0, 0);

    Spent plus(Spent o) {
      return new Spent(tokensDay + o.tokensDay, tokensMonth + o.tokensMonth,
          nanosDay + o.nanosDay, nanosMonth + o.nanosMonth);
    }

    /** This spending against {@code budget}, for JSON: used and limit (null: none) per period. */
    public Map<String, Object> against(Budget budget) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("day", period(tokensDay, budget.tokensPerDay(), nanosDay, budget.spendPerDay()));
      out.put("month", period(tokensMonth, budget.tokensPerMonth(), nanosMonth,
          budget.spendPerMonth()));
      return out;
    }

    private static Map<String, Object> period(long tokens, long tokenBudget, long nanos,
        long nanosBudget) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("tokens", tokens);
      p.put("token_budget", tokenBudget == 0 ? null : tokenBudget);
      p.put("spend", money(nanos));
      p.put("spend_budget", nanosBudget == 0 ? null : money(nanosBudget));
      return p;
    }

    /** "1200/10000 tok 0.42/5.00" for the day or the month; a bare count where no budget is set. */
    public String text(Budget budget, boolean month) {
      long tokens = month ? tokensMonth : tokensDay;
      long tokenBudget = month ? budget.tokensPerMonth() : budget.tokensPerDay();
      long nanos = month ? nanosMonth : nanosDay;
      long nanosBudget = month ? budget.spendPerMonth() : budget.spendPerDay();
      return tokens + (tokenBudget > 0 ? "/" + tokenBudget : "") + " tok " + money(nanos)
          + (nanosBudget > 0 ? "/" + money(nanosBudget) : "");
    }
  }

  /** Each key's spending this UTC day and month, by key id; keys that spent nothing are absent. */
  public static Map<String, Spent> byKey(DataSource ds, Clock clock) throws SQLException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    long day = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long month = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    Map<String, Spent> out = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT api_key_id,"
            + " SUM(CASE WHEN started_at >= ? THEN total_tokens ELSE 0 END), SUM(total_tokens),"
            + " SUM(CASE WHEN started_at >= ? THEN spend_nanos ELSE 0 END), SUM(spend_nanos)"
            + " FROM request_records WHERE started_at >= ? AND api_key_id IS NOT NULL"
            + " GROUP BY api_key_id")) {
      s.setLong(1, day);
      s.setLong(2, day);
      s.setLong(3, month);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new Spent(rs.getLong(2), rs.getLong(3), rs.getLong(4),
              rs.getLong(5)));
        }
      }
    }
    return out;
  }

  /** The spending of each team: the sum over its keys ({@code teamOfKey} maps key id to team). */
  public static Map<String, Spent> byTeam(Map<String, Spent> byKey, Map<String, String> teamOfKey) {
    Map<String, Spent> out = new HashMap<>();
    byKey.forEach((key, spent) -> {
      String team = teamOfKey.get(key);
      if (team != null) {
        out.merge(team, spent, Spent::plus);
      }
    });
    return out;
  }

  /** Money in currency units with the price table's precision trimmed to cents where exact. */
  static String money(long nanos) {
    if (nanos % (LimitsConfig.NANOS / 100) == 0) {
      return String.format(Locale.ROOT, "%d.%02d", nanos / LimitsConfig.NANOS,
          nanos % LimitsConfig.NANOS / (LimitsConfig.NANOS / 100));
    }
    return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }
}
