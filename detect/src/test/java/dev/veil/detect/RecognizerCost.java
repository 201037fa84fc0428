package dev.veil.detect;

import dev.veil.detect.ner.NerRecognizers;
import dev.veil.detect.pattern.PatternRecognizers;
import dev.veil.detect.secret.SecretRecognizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A by-hand attribution of scan cost: runs each built-in recognizer alone over the prompt of
 * {@link DetectThroughput} (given the shared {@link TextIndex}) and prints its on-CPU
 * microseconds per 4 KB prompt, most expensive first, plus whole detectors for comparison.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl detect test-compile}:
 * {@code java -cp detect/target/classes:detect/target/test-classes:<dependency classpath>
 * dev.veil.detect.RecognizerCost [seconds per recognizer]}
 */
public final class RecognizerCost {

  private RecognizerCost() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    String text = DetectThroughput.prompt();
    List<Recognizer> all = new ArrayList<>();
    all.addAll(PatternRecognizers.all());
    all.addAll(SecretRecognizers.all());
    NerRecognizers ner = NerRecognizers.load();
    all.addAll(ner.all());
    all.add(ner.combined());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    TextIndex index = TextIndex.of(text);
    System.out.printf(Locale.ROOT, "%-22s %8.2f us%n", "(text index)",
        cpuMicrosPerScan(mx, seconds, () -> TextIndex.of(text).digitRuns()));
    List<String> lines = new ArrayList<>();
    List<Double> costs = new ArrayList<>();
    double structured = 0;
    double total = 0;
    int nonNer = PatternRecognizers.all().size() + SecretRecognizers.all().size();
    for (int k = 0; k < all.size(); k++) {
      Recognizer r = all.get(k);
      double us = cpuMicrosPerScan(mx, seconds, () -> {
        List<Finding> out = new ArrayList<>();
        r.recognize(text, index, out);
        return out.size();
      });
      if (k < all.size() - 1) {
        total += us;
      }
      if (k < nonNer) {
        structured += us;
      }
      costs.add(us);
      lines.add(String.format(Locale.ROOT, "%-22s %8.2f us", k == all.size() - 1 ? "ner+street_address" : r.name(), us));
    }
    Integer[] order = new Integer[lines.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(costs.get(b), costs.get(a)));
    for (int i : order) {
      System.out.println(lines.get(i));
    }
    Detector standard = Detectors.standard();
    Detector structuredAndSecrets = Detectors.builder().addStructured().addSecrets().build();
    double std = cpuMicrosPerScan(mx, seconds * 3, () -> standard.scan(text).size());
    double sas = cpuMicrosPerScan(mx, seconds * 3, () -> structuredAndSecrets.scan(text).size());
    System.out.printf(Locale.ROOT, "sum structured+secrets %8.2f us, sum all %8.2f us%n",
        structured, total);
    System.out.printf(Locale.ROOT, "structured+secrets scan %8.2f us = %.1f MB/s%n", sas,
        4096 / sas);
    System.out.printf(Locale.ROOT, "standard scan          %8.2f us = %.1f MB/s%n", std,
        4096 / std);
  }

  private static double cpuMicrosPerScan(ThreadMXBean mx, double seconds,
      java.util.function.IntSupplier scan) {
    int sink = 0;
    long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9);
    while (System.nanoTime() < warmEnd) {
      sink += scan.getAsInt();
    }
    long cpu0 = mx.getCurrentThreadCpuTime();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int n = 0;
    while (System.nanoTime() < end) {
      sink += scan.getAsInt();
      n++;
    }
    double us = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
    return sink == Integer.MIN_VALUE ? -us : us;
  }
}
