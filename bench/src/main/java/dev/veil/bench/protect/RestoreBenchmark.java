package dev.veil.bench.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.protect.Pseudonyms;
import dev.veil.protect.RestoreResult;
import dev.veil.protect.StreamRestorer;
import java.util.List;
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
 * What restoring the answer costs: per SSE chunk of a stream (issue 4: at most 20 µs a chunk) and
 * for a whole non-streamed answer, sampled per call so that the percentiles are reported.
 *
 * <ul>
 *   <li>{@link #streamChunk}: {@code StreamRestorer.onData} on the next event of a streamed answer.
 *       The answer (1.1 KB of text, 276 events: a role chunk, one chunk per token of 3 to 5
 *       characters, a finish chunk, {@code [DONE]}) refers nine times to four surrogates, each
 *       split over several chunks. After {@code [DONE]} the next call starts a new response with a
 *       new restorer, whose creation is then part of that call, as in the gateway.
 *   <li>{@link #wholeAnswer}: {@code ResponseRestorer.restore} on a fresh copy of the same answer as
 *       a {@code chat.completion} (restoring changes it in place).
 * </ul>
 *
 * <p>The pseudonyms are those that protecting the 4 KB request of {@link RequestGuardBenchmark}
 * gives (its twelve findings). {@code output=allow} is the default policy (surrogates restored,
 * output not scanned); {@code output=mask} also scans the model's own output with {@code
 * Detectors.standard()} (for streams, a sliding window of 48 characters rescanned with every
 * chunk).
 *
 * <p>Run: {@code bench/jmh.sh RestoreBenchmark} (add {@code -p output=allow} for one policy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RestoreBenchmark {

  @Param({"allow", "mask"})
  public String output;

  private ProtectFixture fixture;
  private Pseudonyms pseudonyms;
  private List<String> events;
  private ObjectNode answer;
  private StreamRestorer restorer;
  private int next;

  @Setup
  public void setUp() {
    fixture = switch (output) {
      case "allow" -> ProtectFixture.create(false);
      case "mask" -> ProtectFixture.create(true);
      default -> throw new IllegalArgumentException("unknown output action " + output);
    };
    var request = fixture.protectRequest();
    pseudonyms = request.pseudonyms();
    String text = fixture.answerText(request);
    events = ProtectFixture.streamEvents(text);
    answer = ProtectFixture.completion(text);
    next = events.size();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public List<String> streamChunk() {
    if (next == events.size()) {
      restorer = fixture.restorer().stream(pseudonyms, fixture.policy());
      next = 0;
    }
    return restorer.onData(events.get(next++));
  }

  @Benchmark
  public RestoreResult wholeAnswer() {
    return fixture.restorer().restore(answer.deepCopy(), pseudonyms, fixture.policy());
  }
}
