package dev.veil.detect.ner;

import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-run check of load time, retained heap, single-thread throughput and 4 KB prompt latency of
 * the names recognizers, on prompts assembled from held-out synthetic sentences mixed with plain
 * prose. Throughput is also given per CPU second of the scanning thread, which stays meaningful
 * on a busy machine. Not a benchmark (JMH belongs in {@code bench}); a quick number while developing.
 *
 * <p>Usage: {@code NerThroughputCheck [seconds]}.
 */
public final class NerThroughputCheck {

  private NerThroughputCheck() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    NerRecognizers ner = NerRecognizers.load();
    long loadMs = (System.nanoTime() - t0) / 1_000_000;
    long loadCpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    System.out.printf("load %d ms wall clock (%d ms CPU), retained heap ~%d MB%n", loadMs, loadCpuMs,
        (heapAfter - heapBefore) >> 20);

    Synthetic gen = new Synthetic(5L, true);
    String prose = "The quarterly review covers revenue, costs and the plan for next year. "
        + "Please check the numbers in the attached spreadsheet and let me know if anything looks off. ";
    List<String> prompts = new ArrayList<>();
    for (int p = 0; p < 200; p++) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < 4096) {
        sb.append(p % 2 == 0 ? gen.next().text() : prose).append(' ');
      }
      prompts.add(sb.substring(0, 4096));
    }
    List<Recognizer> recognizers = ner.all();
    List<Finding> sink = new ArrayList<>();
    long warmEnd = mx.getCurrentThreadCpuTime() + 5_000_000_000L;
    while (mx.getCurrentThreadCpuTime() < warmEnd) {
      for (String p : prompts) {
        sink.clear();
        for (Recognizer r : recognizers) {
          r.recognize(p, sink);
        }
      }
    }
    long[] lat = new long[1 << 20];
    int n = 0;
    long bytes = 0;
    long cpuStart = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end && n < lat.length) {
      for (String p : prompts) {
        long s = System.nanoTime();
        sink.clear();
        for (Recognizer r : recognizers) {
          r.recognize(p, sink);
        }
        lat[n++] = System.nanoTime() - s;
        bytes += p.length();
        if (n == lat.length) {
          break;
        }
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    double cpuSecs = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    long[] sorted = Arrays.copyOf(lat, n);
    Arrays.sort(sorted);
    System.out.printf("%d prompts of 4 KB: %.1f MB/s per CPU second (%.1f MB/s wall clock);"
        + " wall-clock latency p50 %d us, p99 %d us, max %d us%n", n, bytes / cpuSecs / 1e6,
        bytes / secs / 1e6, sorted[n / 2] / 1000, sorted[(int) (n * 0.99)] / 1000, sorted[n - 1] / 1000);
  }
}
