package dev.veil.bench.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.veil.auth.Principal;
import dev.veil.config.ConfigLoader;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import dev.veil.limits.BudgetGuard;
import dev.veil.limits.Counters;
import dev.veil.limits.LimitsConfig;
import dev.veil.limits.LocalCounters;
import dev.veil.limits.RateLimitGuard;
import dev.veil.limits.RedisCounters;
import dev.veil.limits.TokenCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the rate-limit and budget guards cost per request (issue 17: at most 15 µs of gateway CPU),
 * in a {@code Pipeline} of the two guards whose terminal answers at once with a 0.4 KB chat
 * completion that reports its usage.
 *
 * <p>Limits: requests and tokens per minute per key, requests per minute per end user and per
 * model; tokens per day and spend per month per key, with a price for the model. All limits are
 * high, so every request passes and both guards do all their work: count the prompt's tokens once
 * (about 1 KB of English text, 230 tokens with {@code o200k_base}), check and add five rate-limit
 * and two budget counters, read the answer's usage and add the completion tokens and their cost.
 * That is four {@link Counters#charge} calls per request.
 *
 * <ul>
 *   <li>{@code counters=local}: {@link LocalCounters}, one node.
 *   <li>{@code counters=redis}: {@link RedisCounters} against the Redis at {@code
 *       veil.bench.redis} (default {@code redis://127.0.0.1:6379}); wall time includes four round
 *       trips, so read {@code ·cpu} (the benchmark JVM's CPU, Lettuce's I/O threads included, not
 *       Redis's own).
 *   <li>{@link #tokenCount}: only the prompt's token count, the part of the cost that does not
 *       depend on the counters; {@link #jtokkitCount}: the same text counted by jtokkit's
 *       regular-expression tokenizer, which Veil used before (reference).
 * </ul>
 *
 * <p>Run: {@code bench/jmh.sh LimitGuardBenchmark -prof dev.veil.bench.CpuTimeProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LimitGuardBenchmark {

  static final String PROMPT = ("Our support team received a question about last month's invoice."
      + " The customer says the total does not match the order confirmation and asks whether the"
      + " discount for annual plans was applied. Please draft a short, friendly answer that"
      + " explains how the annual discount is shown on the invoice, that it appears as a separate"
      + " line below the subtotal, and that taxes are calculated after the discount. Offer to"
      + " resend the invoice as a PDF and mention that the billing page in the account settings"
      + " always lists every invoice of the past two years. Keep it under one hundred and fifty"
      + " words, avoid jargon, and end with an invitation to reply if anything is still unclear."
      + " ").repeat(2);

  static final String COMPLETION = """
      {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Thank you for reaching out.
       The annual discount is shown as its own line below the subtotal."},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":240,"completion_tokens":32,"total_tokens":272}}"""
      .replace("\n", " ");

  private static final Encoding JTOKKIT =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  @Param({"local", "redis"})
  public String counters;

  private Counters store;
  private Pipeline pipeline;
  private Request request;
  private Principal principal;
  private TokenCounter tokens;
  private final Clock clock = Clock.systemUTC();

  @Setup
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("veil-limit-bench");
    Path yaml = Files.writeString(dir.resolve("veil.yaml"), """
        tenant: bench%d
        rate_limits:
          key: {requests_per_minute: 1000000000, tokens_per_minute: 1000000000000}
          end_user: {requests_per_minute: 1000000000}
          models:
            - {name: gpt-4o-mini, requests_per_minute: 1000000000}
        budgets:
          key: {tokens_per_day: 1000000000000000, spend_per_month: 9000000}
        prices:
          - {model: gpt-4o-mini, input_per_million: 0.15, output_per_million: 0.6}
        """.formatted(System.nanoTime()));
    var config = ConfigLoader.load(yaml, Map.of(), Map.of("data_dir", dir.toString()));
    LimitsConfig limits = LimitsConfig.of(config);
    store = counters.equals("redis")
        ? new RedisCounters(URI.create(System.getProperty("veil.bench.redis",
            "redis://127.0.0.1:6379")), null, Duration.ofSeconds(1))
        : new LocalCounters(clock);
    tokens = new TokenCounter();
    byte[] answer = COMPLETION.getBytes(StandardCharsets.UTF_8);
    pipeline = new Pipeline(List.of(
        new RateLimitGuard(limits, store, tokens, id -> "u" + id.hashCode(),
            config.tenant()),
        new BudgetGuard(limits, store, tokens,
            (s, i, b, pc, u, l) -> CompletableFuture.completedFuture(null),
            config.tenant())),
        (req, exchange) -> Response.Json.ofBytes(200, answer));
    ObjectNode body = Jackson.MAPPER.createObjectNode();
    body.put("model", "gpt-4o-mini");
    body.put("user", "end-user-42");
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", PROMPT);
    request = new Request(Request.Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", false, body,
        Map.of());
    principal = new Principal("key-bench", "bench", List.of(), null, null);
    if (limitGuards().status() != 200) {
      throw new IllegalStateException("the limit guards refused the benchmark request");
    }
  }

  @TearDown
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public Response limitGuards() {
    Exchange exchange = new Exchange("req-bench", clock, System.nanoTime());
    exchange.put(Principal.KEY, principal);
    Response response = pipeline.execute(request, exchange);
    if (response.status() != 200) {
      throw new UncheckedIOException(new IOException("refused: " + response.status()));
    }
    return response;
  }

  @Benchmark
  public long tokenCount() {
    return tokens.prompt(request);
  }

  @Benchmark
  public long jtokkitCount() {
    return JTOKKIT.countTokensOrdinary(PROMPT);
  }
}
