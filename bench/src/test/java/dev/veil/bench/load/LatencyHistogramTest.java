package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesOfAUniformRangeAreWithinTheBucketPrecision() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      histogram.record(v * 1_000);
    }
    assertThat(histogram.count()).isEqualTo(100_000);
    assertThat((double) histogram.percentile(50)).isCloseTo(50_000_000, within(50_000_000 * 0.016));
    assertThat((double) histogram.percentile(90)).isCloseTo(90_000_000, within(90_000_000 * 0.016));
    assertThat((double) histogram.percentile(99)).isCloseTo(99_000_000, within(99_000_000 * 0.016));
    assertThat(histogram.percentile(100)).isEqualTo(100_000_000);
    assertThat(histogram.max()).isEqualTo(100_000_000);
    assertThat(histogram.min()).isEqualTo(1_000);
    assertThat(histogram.mean()).isCloseTo(50_000_500, within(1.0));
  }

  @Test
  void percentilesMatchASortedSampleOfSkewedValues() {
    SplittableRandom random = new SplittableRandom(3);
    long[] values = new long[20_000];
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) (200_000 * Math.exp(random.nextGaussian()));
      histogram.record(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {10, 50, 90, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      assertThat(histogram.percentile(p)).as("p%s", p)
          .isGreaterThanOrEqualTo(exact)
          .isLessThanOrEqualTo((long) (exact * 1.016) + 1);
    }
  }

  @Test
  void smallValuesAreCountedExactly() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int v = 0; v < 100; v++) {
      histogram.record(v);
    }
    assertThat(histogram.percentile(50)).isEqualTo(49);
    assertThat(histogram.percentile(1)).isZero();
  }

  @Test
  void bucketsAreContiguousAndCoverEveryLong() {
    long previousTop = -1;
    for (int i = 0; i < LatencyHistogram.index(Long.MAX_VALUE); i++) {
      long top = LatencyHistogram.highestEquivalent(i);
      assertThat(LatencyHistogram.index(previousTop + 1)).isEqualTo(i);
      assertThat(LatencyHistogram.index(top)).isEqualTo(i);
      previousTop = top;
    }
    assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.index(previousTop + 1));
  }

  @Test
  void addedHistogramsCountLikeOne() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    LatencyHistogram both = new LatencyHistogram();
    for (long v = 1; v <= 1_000; v++) {
      (v % 2 == 0 ? a : b).record(v * 777);
      both.record(v * 777);
    }
    a.add(b);
    assertThat(a.count()).isEqualTo(both.count());
    assertThat(a.max()).isEqualTo(both.max());
    assertThat(a.min()).isEqualTo(both.min());
    for (double p : new double[] {50, 90, 99}) {
      assertThat(a.percentile(p)).isEqualTo(both.percentile(p));
    }
  }

  @Test
  void anEmptyHistogramReportsZeroAndNegativeValuesAreRefused() {
    LatencyHistogram histogram = new LatencyHistogram();
    assertThat(histogram.percentile(99)).isZero();
    assertThat(histogram.max()).isZero();
    assertThatThrownBy(() -> histogram.record(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> histogram.percentile(101)).isInstanceOf(IllegalArgumentException.class);
  }
}
