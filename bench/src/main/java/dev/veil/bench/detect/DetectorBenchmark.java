package dev.veil.bench.detect;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.Finding;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to scan one chat prompt with {@link Detector#scan(CharSequence)}, the first guard of every
 * request.
 *
 * <p>Data: {@link PromptTexts}: a support conversation of about 4,000 characters, either carrying
 * eleven personal values and secrets (names, email addresses, phone numbers, a card number, an
 * IBAN, an IP address, an API key) or the same length of text with none; and {@code chat-turn},
 * one new user message of the load harness (about 650 characters). Detectors: {@code standard},
 * the detector the gateway runs ({@link Detectors#standard()}), {@code structured-secrets}, the
 * same without names and street addresses, and {@code regex-baseline}, a plain set of regular
 * expressions ({@link RegexBaselineDetector}) to read them against.
 *
 * <p>Run: {@code bench/jmh.sh DetectorBenchmark} (add {@code -p detector=standard} for one
 * detector, {@code -prof gc} for allocation per scan).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {

  @Param({"standard", "structured-secrets", "regex-baseline"})
  public String detector;

  @Param({"with-pii", "without-pii", "chat-turn"})
  public String text;

  private Detector scanner;
  private String prompt;

  @Setup
  public void setUp() {
    scanner = switch (detector) {
      case "standard" -> Detectors.standard();
      case "structured-secrets" -> Detectors.builder().addStructured().addSecrets().build();
      case "regex-baseline" -> new RegexBaselineDetector();
      default -> throw new IllegalArgumentException("unknown detector " + detector);
    };
    prompt = switch (text) {
      case "with-pii" -> PromptTexts.WITH_PII;
      case "without-pii" -> PromptTexts.WITHOUT_PII;
      case "chat-turn" -> CHAT_TURN;
      default -> throw new IllegalArgumentException("unknown text " + text);
    };
    // a detector that finds nothing in the PII text is not worth timing
    if (!text.equals("without-pii") && scanner.scan(prompt).isEmpty()) {
      throw new IllegalStateException(detector + " found nothing in the text with personal values");
    }
  }

  /**
   * One new user message of the load harness's requests (about 650 chars: two names, a card, an
   * email address, a phone number): what a chat turn leaves to scan once the scan cache holds the
   * conversation before it.
   */
  static final String CHAT_TURN = "Hi, my name is Olivia Kowalski and I booked a city trip to "
      + "Lisbon for the 14th of March. I paid with my card 4929 1432 7781 0030 but the "
      + "confirmation never reached olivia.kowalski@example.org. Could you check the booking and "
      + "send it again? If that is easier, call me on +44 20 7946 0318 any weekday after 5 pm. "
      + "My colleague Kenji Larsen travels with me, so please make sure her ticket is on the same "
      + "reservation. Also, does the hotel near the old town still offer a late check-out? Case "
      + "reference qhdkwmzpa.";

  @Benchmark
  public List<Finding> scan() {
    return scanner.scan(prompt);
  }
}
