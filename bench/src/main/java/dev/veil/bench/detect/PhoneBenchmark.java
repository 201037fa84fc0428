package dev.veil.bench.detect;

import dev.veil.detect.Finding;
import dev.veil.detect.pattern.PatternRecognizers;
import dev.veil.detect.pattern.PhoneRecognizer;
import java.util.ArrayList;
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
 * Time to find and validate the phone-shaped numbers of one short message with {@link
 * PhoneRecognizer} and the gateway's default regions: libphonenumber's validation is most of it.
 *
 * <p>Data: {@code valid}, a message with a New York and a London number, both valid in their
 * country's main region; {@code other-region}, a Toronto number, which the main region of +1 (the
 * US) refuses and Canada accepts; {@code invalid}, order and ticket numbers of phone shape that no
 * region accepts.
 *
 * <p>Run: {@code bench/jmh.sh PhoneBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PhoneBenchmark {

  @Param({"valid", "other-region", "invalid"})
  public String numbers;

  private PhoneRecognizer recognizer;
  private String text;

  @Setup
  public void setUp() {
    recognizer = new PhoneRecognizer(PatternRecognizers.DEFAULT_PHONE_REGIONS);
    text = switch (numbers) {
      case "valid" -> "Call me on +1 212 555 0142 or at the office, +44 20 7946 0318.";
      case "other-region" -> "Our Toronto desk is on +1 416 555 0100 until six.";
      case "invalid" -> "Order 212-123-4567 shipped; ticket 312-012-3456 is still open.";
      default -> throw new IllegalArgumentException("unknown numbers " + numbers);
    };
  }

  @Benchmark
  public List<Finding> recognize() {
    List<Finding> out = new ArrayList<>(4);
    recognizer.recognize(text, out);
    return out;
  }
}
