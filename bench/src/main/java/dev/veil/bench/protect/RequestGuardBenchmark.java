package dev.veil.bench.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.auth.Principal;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.policy.Policies;
import dev.veil.protect.EndpointKind;
import dev.veil.protect.ProtectGuard;
import dev.veil.protect.ProtectionResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request guards cost on a 4 KB chat request with ten personal values (issue 4: at most
 * 1 ms at p99), sampled per call so that the percentiles are reported. The standard detector
 * reports twelve findings in it: the ten values, a time of day and the heading "Request" as an
 * organisation; all twelve are pseudonymised.
 *
 * <ul>
 *   <li>{@link #protect}: {@code RequestProtector.protect} with {@code Detectors.standard()}, the
 *       HMAC keyed hash the gateway uses and the default policy (every part scanned, personal data
 *       pseudonymised), on a fresh copy of the request (protection changes it in place; the copy,
 *       about 1 µs, is what {@code ProtectGuard} does too).
 *   <li>{@link #protectGuard}: the whole {@code ProtectGuard} in a {@code Pipeline} whose terminal
 *       answers at once with the bytes of a 1.1 KB chat completion that refers to four of the
 *       request's surrogates: policy lookup, copy, protection, receipt, restoring the answer
 *       (parse, restore, serialise, as the gateway writes it). Every call comes from a new API
 *       key, so the scan cache (scoped per key) never helps: every text is new.
 *   <li>{@link #protectGuardRepeated}: the same with one API key, so that every text has been seen
 *       before, as the earlier messages of a conversation are when a client resends them with the
 *       next turn; the detector does not run.
 * </ul>
 *
 * <p>Data: {@link ProtectFixture#chatRequest} (a system prompt and a 4 KB support conversation
 * with two names, a third name, two email addresses, two phone numbers, a card number, an IBAN and
 * an IP address, all fictitious).
 *
 * <p>Run: {@code bench/jmh.sh RequestGuardBenchmark} (add {@code -prof gc} for allocation per
 * request, {@code -prof stack} for where the time goes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestGuardBenchmark {

  private ProtectFixture fixture;
  private ObjectNode request;
  private Pipeline pipeline;
  private Request guardRequest;
  private Principal principal;
  private long calls;
  private final Clock clock = Clock.systemUTC();

  @Setup
  public void setUp() {
    fixture = ProtectFixture.create(false);
    request = ProtectFixture.chatRequest(false);
    byte[] answer = ProtectFixture.completion(fixture.answerText(fixture.protectRequest()))
        .toString().getBytes(StandardCharsets.UTF_8);
    ProtectGuard guard = new ProtectGuard(fixture.protector(), fixture.restorer(), Policies.defaults(),
        ProtectFixture.TENANT);
    pipeline = new Pipeline(List.of(guard), (req, exchange) -> Response.Json.ofBytes(200, answer));
    guardRequest = new Request(Request.Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", false,
        ProtectFixture.chatRequest(false), Map.of());
    principal = new Principal("key-bench", "bench", List.of(), null, null);
    if (!(protect() instanceof ProtectionResult.Protected)) {
      throw new IllegalStateException("the benchmark request was blocked");
    }
    if (protectGuard().length == 0) {
      throw new IllegalStateException("the pipeline answered with nothing");
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public ProtectionResult protect() {
    return fixture.protector().protect(EndpointKind.CHAT_COMPLETIONS, request.deepCopy(), fixture.policy(),
        ProtectFixture.TENANT);
  }

  @Benchmark
  public byte[] protectGuard() {
    // a new API key each call: the scan cache is scoped per key, so every text is new to it
    return guard(new Principal("key-" + calls++, "bench", List.of(), null, null));
  }

  @Benchmark
  public byte[] protectGuardRepeated() {
    return guard(principal);
  }

  private byte[] guard(Principal caller) {
    Exchange exchange = new Exchange("req-bench", clock, System.nanoTime());
    exchange.put(Principal.KEY, caller);
    Response response = pipeline.execute(guardRequest, exchange);
    if (!(response instanceof Response.Json json) || json.status() != 200) {
      throw new IllegalStateException("the pipeline refused the benchmark request");
    }
    return json.bytes();
  }
}
