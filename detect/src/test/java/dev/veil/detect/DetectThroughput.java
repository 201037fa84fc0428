package dev.veil.detect;

import java.util.Arrays;
import java.util.Locale;

/**
 * A by-hand sanity check of scan speed (the JMH benchmarks in {@code bench} are the reference):
 * scans a 4 KB prompt of ordinary prose with a few personal values and one credential, single
 * thread, and prints MB/s (wall clock and on-CPU time, the latter less disturbed by a busy
 * machine) and wall-clock latency percentiles per prompt.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl detect test-compile}:
 * {@code java -cp detect/target/classes:detect/target/test-classes:<dependency classpath>
 * dev.veil.detect.DetectThroughput [seconds]}
 */
public final class DetectThroughput {

  private DetectThroughput() {}

  static String prompt() {
    String prose = "Please summarise the following customer ticket and draft a polite reply. "
        + "The customer says the dashboard has been slow since the last release, and that "
        + "exports time out after about thirty seconds on large accounts. They tried clearing "
        + "the cache, switching browsers and waiting a day, but nothing changed. ";
    StringBuilder b = new StringBuilder();
    int k = 0;
    while (b.length() < 4096) {
      b.append(prose);
      switch (k++ % 6) {
        case 0 -> b.append("Reach me at maria.rossi@example.com or +44 20 7946 0958. ");
        case 1 -> b.append("My card 4111 1111 1111 1111 was charged twice on 2024-03-12. ");
        case 2 -> b.append("The server 10.20.30.40 logs show it, see https://status.example.org/x. ");
        case 3 -> b.append("Our config has api_key = \"q8Z2mN4vX7bL1cK9pR3s\" in it. ");
        default -> b.append("Thanks in advance, and have a nice day. ");
      }
    }
    return b.substring(0, 4096);
  }

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    Detector d = Detectors.standard();
    String text = prompt();
    int sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += d.scan(text).size();
    }
    long[] lat = new long[2_000_000];
    int count = 0;
    java.lang.management.ThreadMXBean mx =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStart = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline && count < lat.length) {
      long t = System.nanoTime();
      sink += d.scan(text).size();
      lat[count++] = System.nanoTime() - t;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    long[] sorted = Arrays.copyOf(lat, count);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "findings per prompt: %d%n", d.scan(text).size());
    System.out.printf(Locale.ROOT, "prompts: %d in %.1f s, %.1f MB/s (chars as bytes)%n", count,
        elapsed, count * 4096.0 / elapsed / 1e6);
    System.out.printf(Locale.ROOT, "on CPU time: %.1f MB/s, %.1f us per prompt%n",
        count * 4096.0 / cpu / 1e6, cpu * 1e6 / count);
    System.out.printf(Locale.ROOT, "latency per 4 KB prompt: p50 %.1f us, p99 %.1f us, max %.1f us%n",
        sorted[count / 2] / 1e3, sorted[(int) (count * 0.99)] / 1e3, sorted[count - 1] / 1e3);
    System.out.println(sink == 42 ? "" : "(sink " + (sink & 1) + ")");
  }
}
