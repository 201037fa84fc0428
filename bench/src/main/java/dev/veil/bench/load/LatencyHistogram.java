package dev.veil.bench.load;

/**
 * A log-linear histogram of non-negative {@code long} values (nanoseconds here), in the manner of
 * HdrHistogram: values below 128 are counted exactly, larger ones in buckets whose width is 1/64 of
 * their power of two, so any reported percentile is within 1.6% of the true value. It covers the
 * whole {@code long} range in 3.7 k counters, and recording is a few shifts and an increment.
 *
 * <p>Not thread-safe: give each load thread its own and {@link #add} them afterwards.
 */
public final class LatencyHistogram {

  private static final int SUB_BITS = 7;
  private static final int SUB_COUNT = 1 << SUB_BITS;
  private static final int HALF = SUB_COUNT / 2;
  private static final int BUCKETS = SUB_COUNT + (64 - SUB_BITS) * HALF;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long min = Long.MAX_VALUE;
  private long max;
  private double sum;

  public void record(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value: " + value);
    }
    counts[index(value)]++;
    total++;
    sum += value;
    if (value < min) {
      min = value;
    }
    if (value > max) {
      max = value;
    }
  }

  /** Adds every value recorded in {@code other} to this histogram. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  public long count() {
    return total;
  }

  /** The largest recorded value, exact; 0 when empty. */
  public long max() {
    return max;
  }

  /** The smallest recorded value, exact; 0 when empty. */
  public long min() {
    return total == 0 ? 0 : min;
  }

  public double mean() {
    return total == 0 ? 0 : sum / total;
  }

  /**
   * The smallest value that at least {@code percentile}% of the recorded values are at or below,
   * reported as the top of its bucket (never above {@link #max()}); 0 when empty.
   */
  public long percentile(double percentile) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile out of [0, 100]: " + percentile);
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(Math.max(highestEquivalent(i), min), max);
      }
    }
    return max;
  }

  static int index(long value) {
    if (value < SUB_COUNT) {
      return (int) value;
    }
    int shift = (63 - Long.numberOfLeadingZeros(value)) - (SUB_BITS - 1);
    int sub = (int) (value >>> shift);
    return SUB_COUNT + (shift - 1) * HALF + (sub - HALF);
  }

  static long highestEquivalent(int index) {
    if (index < SUB_COUNT) {
      return index;
    }
    int shift = (index - SUB_COUNT) / HALF + 1;
    long sub = (index - SUB_COUNT) % HALF + HALF;
    long top = ((sub + 1) << shift) - 1;
    return top < 0 ? Long.MAX_VALUE : top;
  }
}
