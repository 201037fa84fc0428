package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.config.ConfigException;
import dev.veil.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsConfigTest {
  @TempDir Path dir;

  private LimitsConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("veil.yaml"), yaml);
    return LimitsConfig.of(ConfigLoader.load(file, env, Map.of()));
  }

  private LimitsConfig load(String yaml) throws Exception {
    return load(yaml, Map.of());
  }

  @Test
  void everySectionIsReadIntoTypedValues() throws Exception {
    LimitsConfig c = load("""
        redis:
          url: redis://127.0.0.1:6379/2
          password_env: REDIS_PASSWORD
          timeout: 100ms
          on_failure: open
        rate_limits:
          end_user_header: X-App-User
          key: {requests_per_minute: 600, tokens_per_minute: 100_000}
          team: {requests_per_minute: 6000}
          end_user: {tokens_per_minute: 2000}
          models:
            - {name: gpt-4o, requests_per_minute: 60}
            - {name: "*", tokens_per_minute: 5000}
        budgets:
          key: {tokens_per_day: 1000000, spend_per_month: 50}
          team: {spend_per_day: 12.5}
        prices:
          - {model: gpt-4o, input_per_million: 2.5, output_per_million: 10}
          - {model: "*", input_per_million: 0.075, output_per_million: 0.3}
        """);
    assertThat(c.redis().uri().getPort()).isEqualTo(6379);
    assertThat(c.redis().timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.failOpen()).isTrue();
    assertThat(c.endUserHeader()).isEqualTo("x-app-user");
    assertThat(c.key()).isEqualTo(new LimitsConfig.Rate(600, 100_000));
    assertThat(c.team().requestsPerMinute()).isEqualTo(6000);
    assertThat(c.endUser().tokensPerMinute()).isEqualTo(2000);
    assertThat(c.model("gpt-4o").requestsPerMinute()).isEqualTo(60);
    assertThat(c.model("gpt-5").tokensPerMinute()).isEqualTo(5000);
    assertThat(c.keyBudget().spendPerMonth()).isEqualTo(50 * LimitsConfig.NANOS);
    assertThat(c.teamBudget().spendPerDay()).isEqualTo(12_500_000_000L);
    assertThat(c.price("gpt-4o").cost(1_000_000, 0)).isEqualTo(2_500_000_000L);
    assertThat(c.price("mini").cost(1, 1)).isEqualTo(75 + 300);
    assertThat(c.rateLimited()).isTrue();
    assertThat(c.budgeted()).isTrue();
  }

  @Test
  void withNothingConfiguredNothingIsLimitedAndCountersStayInProcess() throws Exception {
    LimitsConfig c = load("tenant: x\n");
    assertThat(c.redis()).isNull();
    assertThat(c.failOpen()).isFalse();
    assertThat(c.rateLimited()).isFalse();
    assertThat(c.budgeted()).isFalse();
    assertThat(c.endUserHeader()).isEqualTo("x-veil-end-user");
  }

  @Test
  void theRedisUrlCanComeFromTheEnvironment() throws Exception {
    LimitsConfig c = load("tenant: x\n", Map.of("VEIL_REDIS_URL", "redis://10.0.0.5:6380",
        "VEIL_REDIS_ON_FAILURE", "open"));
    assertThat(c.redis().uri().getHost()).isEqualTo("10.0.0.5");
    assertThat(c.failOpen()).isTrue();
  }

  @Test
  void aMisspeltKeyIsRefusedWithTheNearestKnownOne() {
    assertThatThrownBy(() -> load("""
        rate_limits:
          key:
            request_per_minute: 5
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("rate_limits.key.request_per_minute")
        .hasMessageContaining("requests_per_minute");
    assertThatThrownBy(() -> load("""
        budgets:
          keys:
            tokens_per_day: 5
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("budgets.keys");
    assertThatThrownBy(() -> load("""
        prices:
          - {model: m, input_per_milion: 1, output_per_million: 1}
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("input_per_million");
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> load("rate_limits: {key: {requests_per_minute: -1}}\n"))
        .hasMessageContaining("rate_limits.key.requests_per_minute");
    assertThatThrownBy(() -> load("redis: {url: redis://:secret@127.0.0.1:6379}\n"))
        .hasMessageContaining("redis.url").hasMessageContaining("password_env")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> load("redis: {url: http://127.0.0.1}\n"))
        .hasMessageContaining("redis.url");
    assertThatThrownBy(() -> load("redis: {on_failure: maybe}\n"))
        .hasMessageContaining("redis.on_failure");
    assertThatThrownBy(() -> load("budgets: {key: {spend_per_day: 5}}\n"))
        .hasMessageContaining("prices");
    assertThatThrownBy(() -> load("prices: [{model: m, input_per_million: 0.0001,"
        + " output_per_million: 1}]\n")).hasMessageContaining("prices[0].input_per_million");
    assertThatThrownBy(() -> load("budgets: {key: {spend_per_day: 9000001}}\n"
        + "prices: [{model: m, input_per_million: 1, output_per_million: 1}]\n"))
        .hasMessageContaining("budgets.key.spend_per_day");
    assertThatThrownBy(() -> load("redis: {url: 'redis://127.0.0.1:6379/x'}\n"))
        .hasMessageContaining("redis.url").hasMessageContaining("database number");
    assertThatThrownBy(() -> load("rate_limits: {end_user_header: Authorization}\n"))
        .hasMessageContaining("rate_limits.end_user_header")
        .hasMessageContaining("carries credentials");
  }
}
