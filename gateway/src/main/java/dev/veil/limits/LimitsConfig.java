package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.config.ConfigException;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The typed {@code redis:}, {@code rate_limits:}, {@code budgets:} and {@code prices:} sections
 * of {@code veil.yaml}, read once at start-up by {@link #of(VeilConfig)}. Unknown keys are refused
 * by the configuration loader before this runs; this class refuses bad values, naming the key.
 *
 * <p>A limit that is absent or {@code 0} does not apply. Money is counted in billionths of the
 * price table's currency ({@link #NANOS}), so that a price per million tokens with up to three
 * decimals is exact per token.
 *
 * @param redis where shared counters live, {@code null} for counters in this process
 * @param failOpen whether requests pass unlimited when the counters cannot be reached (default:
 *     refused with 503)
 * @param endUserHeader the header that names the end user (lower case); the body's {@code user}
 *     field is used when the header is absent
 * @param models per-model limits by model name, {@code *} for any other model; counted per team,
 *     or per key when the key has no team
 * @param prices per model name, {@code *} for any other model
 */
public record LimitsConfig(
    Redis redis,
    boolean failOpen,
    String endUserHeader,
    Rate key,
    Rate team,
    Rate endUser,
    Map<String, Rate> models,
    Budget keyBudget,
    Budget teamBudget,
    Map<String, Price> prices) {

  /** Billionths of a currency unit per unit. */
  public static final long NANOS = 1_000_000_000L;

  /** The largest budget in currency units; keeps every count exact in Redis's Lua numbers. */
  static final long MAX_MONEY = 9_000_000L;

  /**
   * A Redis server.
   *
   * @param uri {@code redis://host:port[/db]} or {@code rediss://...}, without a password
   * @param passwordEnv the environment variable that holds the password, or {@code null}
   * @param timeout how long one counter update may take before the counters count as down
   */
  public record Redis(URI uri, String passwordEnv, Duration timeout) {}

  /** Requests and tokens per minute; {@code 0} means no limit. */
  public record Rate(long requestsPerMinute, long tokensPerMinute) {
    static final Rate NONE = new Rate(0, 0);

    public boolean limits() {
      return requestsPerMinute > 0 || tokensPerMinute > 0;
    }
  }

  /** Tokens and money (in {@link #NANOS}) per UTC day and month; {@code 0} means no budget. */
  public record Budget(long tokensPerDay, long tokensPerMonth, long spendPerDay,
      long spendPerMonth) {
    static final Budget NONE = new Budget(0, 0, 0, 0);

    public boolean limits() {
      return tokensPerDay > 0 || tokensPerMonth > 0 || spendPerDay > 0 || spendPerMonth > 0;
    }
  }

  /** A model's price in {@link #NANOS} per input (prompt) and output (completion) token. */
  public record Price(long inputNanosPerToken, long outputNanosPerToken) {
    /** The cost of a request's tokens. */
    public long cost(long promptTokens, long completionTokens) {
      return Math.addExact(Math.multiplyExact(promptTokens, inputNanosPerToken),
          Math.multiplyExact(completionTokens, outputNanosPerToken));
    }
  }

  /** Whether any rate limit is configured. */
  public boolean rateLimited() {
    return key.limits() || team.limits() || endUser.limits()
        || models.values().stream().anyMatch(Rate::limits);
  }

  /** Whether any budget is configured. */
  public boolean budgeted() {
    return keyBudget.limits() || teamBudget.limits();
  }

  /** The per-model limit for {@code model}: its own, else the {@code *} entry, else none. */
  public Rate model(String model) {
    Rate r = models.get(model);
    return r != null ? r : models.getOrDefault("*", Rate.NONE);
  }

  /** The price of {@code model}: its own, else the {@code *} entry, else {@code null}. */
  public Price price(String model) {
    Price p = prices.get(model);
    return p != null ? p : prices.get("*");
  }

  /**
   * Reads the sections from {@code config}.
   *
   * @throws ConfigException naming the key and the fix for a bad value
   */
  public static LimitsConfig of(VeilConfig config) {
    String src = config.source();
    JsonNode root = config.raw();
    JsonNode redis = root.path("redis");
    Redis r = null;
    String url = text(redis, "url");
    if (url != null) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(src, "redis.url", "is not a URL",
            "use e.g. redis://127.0.0.1:6379");
      }
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new ConfigException(src, "redis.url", "is not a redis:// or rediss:// URL",
            "use e.g. redis://127.0.0.1:6379");
      }
      if (uri.getUserInfo() != null) {
        throw new ConfigException(src, "redis.url", "holds a user or password",
            "name the environment variable that holds the password in redis.password_env");
      }
      String path = uri.getPath();
      if (uri.getQuery() != null || uri.getFragment() != null
          || path != null && !path.isEmpty() && !path.matches("/[0-9]{1,2}")) {
        throw new ConfigException(src, "redis.url", "has a path other than a database number",
            "use redis://host:port or redis://host:port/0 .. /15");
      }
      r = new Redis(uri, text(redis, "password_env"),
          duration(src, redis, "redis.timeout", "250ms"));
    }
    String onFailure = text(redis, "on_failure");
    if (onFailure != null && !onFailure.equals("closed") && !onFailure.equals("open")) {
      throw new ConfigException(src, "redis.on_failure", "'" + onFailure
          + "' is neither closed nor open", "use closed (refuse with 503) or open (no limits)");
    }
    JsonNode rl = root.path("rate_limits");
    String header = text(rl, "end_user_header");
    if (header != null && Set.of("authorization", "proxy-authorization", "cookie", "x-api-key")
        .contains(header.toLowerCase(java.util.Locale.ROOT))) {
      throw new ConfigException(src, "rate_limits.end_user_header", "'" + header
          + "' carries credentials", "name a header that holds only the end user id");
    }
    Map<String, Rate> models = new LinkedHashMap<>();
    JsonNode list = rl.path("models");
    for (int i = 0; i < list.size(); i++) {
      String at = "rate_limits.models[" + i + "]";
      String name = text(list.get(i), "name");
      if (name == null) {
        throw new ConfigException(src, at + ".name", "is missing", "name the model, or *");
      }
      if (models.put(name, rate(src, list.get(i), at)) != null) {
        throw new ConfigException(src, at + ".name", "'" + name + "' is listed twice",
            "keep one entry per model");
      }
    }
    JsonNode b = root.path("budgets");
    Map<String, Price> prices = new LinkedHashMap<>();
    JsonNode pl = root.path("prices");
    for (int i = 0; i < pl.size(); i++) {
      String at = "prices[" + i + "]";
      String name = text(pl.get(i), "model");
      if (name == null) {
        throw new ConfigException(src, at + ".model", "is missing", "name the model, or *");
      }
      Price p = new Price(perToken(src, pl.get(i), at + ".input_per_million"),
          perToken(src, pl.get(i), at + ".output_per_million"));
      if (prices.put(name, p) != null) {
        throw new ConfigException(src, at + ".model", "'" + name + "' is listed twice",
            "keep one price per model");
      }
    }
    LimitsConfig c = new LimitsConfig(r, "open".equals(onFailure),
        (header == null ? dev.veil.consent.EndUsers.HEADER : header)
            .toLowerCase(java.util.Locale.ROOT),
        rate(src, rl.path("key"), "rate_limits.key"), rate(src, rl.path("team"), "rate_limits.team"),
        rate(src, rl.path("end_user"), "rate_limits.end_user"), Map.copyOf(models),
        budget(src, b.path("key"), "budgets.key"), budget(src, b.path("team"), "budgets.team"),
        Map.copyOf(prices));
    if ((c.keyBudget.spendPerDay > 0 || c.keyBudget.spendPerMonth > 0
        || c.teamBudget.spendPerDay > 0 || c.teamBudget.spendPerMonth > 0) && prices.isEmpty()) {
      throw new ConfigException(src, "prices", "is empty while a spend budget is set",
          "list the price of each model (or *) per million input and output tokens");
    }
    return c;
  }

  private static Rate rate(String src, JsonNode n, String at) {
    return new Rate(count(src, n, at, "requests_per_minute"),
        count(src, n, at, "tokens_per_minute"));
  }

  private static Budget budget(String src, JsonNode n, String at) {
    return new Budget(count(src, n, at, "tokens_per_day"), count(src, n, at, "tokens_per_month"),
        money(src, n, at + ".spend_per_day"), money(src, n, at + ".spend_per_month"));
  }

  private static long count(String src, JsonNode n, String at, String field) {
    String v = text(n, field);
    if (v == null) {
      return 0;
    }
    try {
      long l = Long.parseLong(v.replace("_", ""));
      if (l < 0) {
        throw new NumberFormatException();
      }
      return l;
    } catch (NumberFormatException e) {
      throw new ConfigException(src, at + "." + field, "'" + v + "' is not a whole number >= 0",
          "write e.g. 600; 0 or no key means no limit");
    }
  }

  private static long money(String src, JsonNode n, String at) {
    BigDecimal d = decimal(src, n.get(at.substring(at.lastIndexOf('.') + 1)), at);
    if (d == null) {
      return 0;
    }
    if (d.compareTo(BigDecimal.valueOf(MAX_MONEY)) > 0) {
      throw new ConfigException(src, at, "is over " + MAX_MONEY, "budgets are counted exactly"
          + " only up to " + MAX_MONEY + " currency units");
    }
    return d.movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
  }

  /** A price per million tokens is, in billionths, exactly that number times 1,000 per token. */
  private static long perToken(String src, JsonNode n, String at) {
    BigDecimal d = decimal(src, n.get(at.substring(at.lastIndexOf('.') + 1)), at);
    if (d == null) {
      throw new ConfigException(src, at, "is missing", "give the price per million tokens");
    }
    BigDecimal nanos = d.movePointRight(3);
    if (nanos.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      throw new ConfigException(src, at, "'" + d.toPlainString() + "' has more than three"
          + " decimals or is over 1000000", "write e.g. 2.5 or 0.075");
    }
    return nanos.longValueExact();
  }

  private static BigDecimal decimal(String src, JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(v.asText().replace("_", ""));
      if (d.signum() < 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(src, at, "'" + v.asText() + "' is not a number >= 0",
          "write e.g. 25 or 2.50");
    }
  }

  private static Duration duration(String src, JsonNode n, String at, String fallback) {
    String v = text(n, at.substring(at.lastIndexOf('.') + 1));
    String t = v == null ? fallback : v;
    try {
      Duration d = ConfigLoader.parseDuration(t);
      if (d.isZero()) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(src, at, "'" + t + "' is not a positive duration",
          "use e.g. 250ms or 1s");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
  }
}
