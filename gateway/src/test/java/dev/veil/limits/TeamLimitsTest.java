package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.auth.Principal;
import dev.veil.config.ConfigLoader;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team limits and budgets count by the team its API key carries: two keys of one team
 * share them, a key of another team does not.
 */
class TeamLimitsTest {
  @TempDir Path dir;

  private static final byte[] ANSWER = ("{\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
      + "\"completion_tokens\":30,\"total_tokens\":40}}").getBytes(StandardCharsets.UTF_8);
  /** The team of a key in these tests: the start of its id ("red-1" is in team red). */
  private static String team(String keyId) {
    return keyId.startsWith("red") ? "red" : keyId.startsWith("blue") ? "blue" : null;
  }

  private final List<String> alerts = new ArrayList<>();

  private Pipeline pipeline(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("veil.yaml"), yaml);
    LimitsConfig limits = LimitsConfig.of(ConfigLoader.load(file, Map.of(), Map.of()));
    Counters counters = new LocalCounters(Clock.systemUTC());
    TokenCounter tokens = new TokenCounter();
    return new Pipeline(List.of(
        new RateLimitGuard(limits, counters, tokens, id -> id, "t"),
        new BudgetGuard(limits, counters, tokens,
            (scope, id, budget, percent, used, limit) -> CompletableFuture.completedFuture(
                alerts.add(scope + ":" + id + " " + budget + " " + percent)), "t")),
        (req, ex) -> Response.Json.ofBytes(200, ANSWER));
  }

  private static int send(Pipeline p, String keyId) {
    return send(p, keyId, null);
  }

  private static int send(Pipeline p, String keyId, String user) {
    ObjectNode body = Jackson.MAPPER.createObjectNode().put("model", "m");
    if (user != null) {
      body.put("user", user);
    }
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    Exchange ex = new Exchange("r", Clock.systemUTC(), System.nanoTime());
    ex.put(Principal.KEY, new Principal(keyId, keyId, List.of(), null, team(keyId)));
    return p.execute(new Request(Request.Endpoint.CHAT_COMPLETIONS, "m", false, body, Map.of()),
        ex).status();
  }

  @Test
  void aLongEndUserIdIsRefusedOnlyWhereEndUsersAreLimited() throws Exception {
    Pipeline keyOnly = pipeline("rate_limits: {key: {requests_per_minute: 5}}\n");
    Pipeline perUser = pipeline("rate_limits: {end_user: {requests_per_minute: 5}}\n");
    assertThat(send(keyOnly, "red-1", "u".repeat(300))).isEqualTo(200);
    assertThat(send(perUser, "red-1", "u".repeat(300))).isEqualTo(400);
    assertThat(send(perUser, "red-1", "u".repeat(30))).isEqualTo(200);
  }

  @Test
  void keysOfOneTeamShareTheTeamsRateLimit() throws Exception {
    Pipeline p = pipeline("rate_limits: {team: {requests_per_minute: 2}}\n");
    assertThat(send(p, "red-1")).isEqualTo(200);
    assertThat(send(p, "red-2")).isEqualTo(200);
    assertThat(send(p, "red-3")).isEqualTo(429);
    assertThat(send(p, "blue-1")).isEqualTo(200);
    assertThat(send(p, "none-1")).as("a key without a team has no team limit").isEqualTo(200);
    assertThat(send(p, "none-1")).isEqualTo(200);
    assertThat(send(p, "none-1")).isEqualTo(200);
  }

  @Test
  void aModelsLimitCountsPerTeam() throws Exception {
    Pipeline p = pipeline("rate_limits: {models: [{name: m, requests_per_minute: 1}]}\n");
    assertThat(send(p, "red-1")).isEqualTo(200);
    assertThat(send(p, "red-2")).isEqualTo(429);
    assertThat(send(p, "blue-1")).isEqualTo(200);
  }

  @Test
  void keysOfOneTeamShareTheTeamsBudgetAndItsAuditMarks() throws Exception {
    Pipeline p = pipeline("budgets: {team: {tokens_per_day: 100}}\n");
    assertThat(send(p, "red-1")).isEqualTo(200);
    assertThat(send(p, "red-2")).isEqualTo(200);
    assertThat(send(p, "red-1")).isEqualTo(200);
    assertThat(alerts).containsExactly("team:red tokens per day 80",
        "team:red tokens per day 100");
    assertThat(send(p, "red-2")).isEqualTo(429);
    assertThat(send(p, "blue-1")).isEqualTo(200);
  }
}
