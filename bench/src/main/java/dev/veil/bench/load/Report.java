package dev.veil.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one harness run: the levels measured, the overhead of modes b and c over mode a
 * at the same load, and where and when it ran. Printed as tables and written as JSON.
 *
 * @param environment machine, JDK, commit, date and options of the run
 * @param results one entry per mode, stream setting and load level
 * @param overheads mode b or c against mode a, same stream setting and load
 * @param failures modes that could not run, with the reason
 */
public record Report(
    Map<String, Object> environment,
    List<LevelResult> results,
    List<Overhead> overheads,
    List<String> failures) {

  /**
   * How much a mode adds to mode a at the same load: differences of latency percentiles in
   * milliseconds, and the share of mode a's throughput that it keeps.
   */
  public record Overhead(
      String mode,
      boolean stream,
      String load,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      Double timeToFirstByteP50Ms,
      Double timeToFirstByteP99Ms,
      Double timeToFirstDataP50Ms,
      Double timeToFirstDataP99Ms,
      Double timeToFirstContentP50Ms,
      double throughputShare,
      String driver) {}

  static List<Overhead> overheads(List<LevelResult> results) {
    List<Overhead> overheads = new ArrayList<>();
    for (LevelResult r : results) {
      if (r.mode().equals("a")) {
        continue;
      }
      for (LevelResult a : results) {
        if (a.mode().equals("a") && a.stream() == r.stream() && a.load().equals(r.load())
            && a.driver().equals(r.driver())) {
          boolean ttfb = r.timeToFirstByte() != null && a.timeToFirstByte() != null;
          boolean ttfd = r.timeToFirstData() != null && a.timeToFirstData() != null;
          boolean ttfc = r.timeToFirstContent() != null && a.timeToFirstContent() != null;
          overheads.add(new Overhead(r.mode(), r.stream(), r.load(),
              r.latency().p50() - a.latency().p50(),
              r.latency().p90() - a.latency().p90(),
              r.latency().p99() - a.latency().p99(),
              ttfb ? r.timeToFirstByte().p50() - a.timeToFirstByte().p50() : null,
              ttfb ? r.timeToFirstByte().p99() - a.timeToFirstByte().p99() : null,
              ttfd ? r.timeToFirstData().p50() - a.timeToFirstData().p50() : null,
              ttfd ? r.timeToFirstData().p99() - a.timeToFirstData().p99() : null,
              ttfc ? r.timeToFirstContent().p50() - a.timeToFirstContent().p50() : null,
              a.requestsPerSecond() == 0 ? 0 : r.requestsPerSecond() / a.requestsPerSecond(), r.driver()));
        }
      }
    }
    return overheads;
  }

  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  void print(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT,
        "%-4s %-6s %-16s %-4s %9s %8s %8s %8s %8s %8s %8s %8s %8s %8s %6s %6s %8s %8s %8s %8s %8s %9s %8s%n",
        "mode", "stream", "load", "drv", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "ttfb50", "ttfb99",
        "ttfd50", "ttfd99", "ttfc50", "errors", "mism", "gw us/r", "drv us/r", "up us/r", "rss MiB", "hwm MiB",
        "gw cs/r", "jit us/r");
    for (LevelResult r : results) {
      out.printf(Locale.ROOT,
          "%-4s %-6s %-16s %-4s %9.0f %8.3f %8.3f %8.3f %8.2f %8s %8s %8s %8s %8s %6d %6d %8s %8s %8s %8s %8s %9s %8s%n",
          r.mode(), r.stream() ? "sse" : "json", r.load(), r.driver(), r.requestsPerSecond(), r.latency().p50(),
          r.latency().p90(), r.latency().p99(), r.latency().max(),
          r.timeToFirstByte() == null ? "-" : fixed(r.timeToFirstByte().p50(), 3),
          r.timeToFirstByte() == null ? "-" : fixed(r.timeToFirstByte().p99(), 3),
          r.timeToFirstData() == null ? "-" : fixed(r.timeToFirstData().p50(), 3),
          r.timeToFirstData() == null ? "-" : fixed(r.timeToFirstData().p99(), 3),
          r.timeToFirstContent() == null ? "-" : fixed(r.timeToFirstContent().p50(), 3),
          r.errorCount(), r.mismatches(),
          r.gatewayCpuMicrosPerRequest() == null ? "-" : fixed(r.gatewayCpuMicrosPerRequest(), 0),
          r.driverCpuMicrosPerRequest() == null ? "-" : fixed(r.driverCpuMicrosPerRequest(), 0),
          r.upstreamCpuMicrosPerRequest() == null ? "-" : fixed(r.upstreamCpuMicrosPerRequest(), 0),
          r.gatewayRssMib() == null ? "-" : fixed(r.gatewayRssMib(), 0),
          r.gatewayPeakRssMib() == null ? "-" : fixed(r.gatewayPeakRssMib(), 0),
          r.gatewaySwitchesPerRequest() == null ? "-" : fixed(r.gatewaySwitchesPerRequest().voluntary(), 1)
              + "+" + fixed(r.gatewaySwitchesPerRequest().involuntary(), 1),
          r.gatewaySwitchesPerRequest() == null ? "-" : fixed(r.gatewaySwitchesPerRequest().jitMicros(), 0));
    }
    if (!overheads.isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "%-10s %-6s %-16s %-4s %9s %9s %9s %9s %9s %9s %9s %9s %9s%n", "overhead", "stream",
          "load", "drv", "+p50 ms", "+p90 ms", "+p99 ms", "+ttfb50", "+ttfb99", "+ttfd50", "+ttfd99", "+ttfc50",
          "rps share");
      for (Overhead o : overheads) {
        out.printf(Locale.ROOT, "%-10s %-6s %-16s %-4s %9.3f %9.3f %9.3f %9s %9s %9s %9s %9s %8.0f%%%n",
            o.mode() + " vs a", o.stream() ? "sse" : "json", o.load(), o.driver(), o.p50Ms(), o.p90Ms(), o.p99Ms(),
            o.timeToFirstByteP50Ms() == null ? "-" : fixed(o.timeToFirstByteP50Ms(), 3),
            o.timeToFirstByteP99Ms() == null ? "-" : fixed(o.timeToFirstByteP99Ms(), 3),
            o.timeToFirstDataP50Ms() == null ? "-" : fixed(o.timeToFirstDataP50Ms(), 3),
            o.timeToFirstDataP99Ms() == null ? "-" : fixed(o.timeToFirstDataP99Ms(), 3),
            o.timeToFirstContentP50Ms() == null ? "-" : fixed(o.timeToFirstContentP50Ms(), 3),
            o.throughputShare() * 100);
      }
    }
    for (String failure : failures) {
      out.println("FAILED: " + failure);
    }
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
