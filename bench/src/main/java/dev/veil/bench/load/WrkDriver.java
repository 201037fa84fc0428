package dev.veil.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives a closed-model level with <a href="https://github.com/wg/wrk">wrk</a> instead of the
 * harness's own client, so that the harness and a standard tool can be compared in one run: one
 * wrk thread by default, {@code concurrency} kept-alive connections, one fixed body (wrk sends the
 * same bytes every time), OpenSSL as the TLS client. The gateway's and the upstream's CPU time and
 * the gateway's context switches are read around the measured window as for {@link LoadDriver}.
 *
 * <p>The warm-up is a wrk run of its own whose figures are dropped, so the measured run opens its
 * connections again (one TLS handshake each, before the first request). Answers are not checked
 * for their personal values ({@code mismatches} is always 0): a Lua callback per answer would slow
 * wrk more than it measures.
 *
 * <h2>Security</h2>
 * The API key goes to wrk in the environment variable {@code VEIL_BENCH_AUTH}, never on its
 * command line or in the report.
 */
final class WrkDriver {

  private final String wrk;
  private final int threads;
  private final Path script;
  private final Path workDir;
  private final Duration warmup;
  private final Duration duration;

  WrkDriver(String wrk, int threads, Path script, Path workDir, Duration warmup, Duration duration) {
    this.wrk = wrk;
    this.threads = threads;
    this.script = script;
    this.workDir = workDir;
    this.warmup = warmup;
    this.duration = duration;
  }

  /** The figures of one wrk run, from the {@code VEIL_BENCH} line of {@code bench/wrk/chat.lua}. */
  record Figures(long requests, long durationMicros, long p50, long p90, long p99, long p999, long max,
      double mean, Map<String, Long> errors) {

    static Figures parse(String output) throws IOException {
      for (String line : output.split("\n")) {
        if (!line.startsWith("VEIL_BENCH ")) {
          continue;
        }
        Map<String, String> v = new HashMap<>();
        for (String pair : line.substring(11).trim().split(" ")) {
          int eq = pair.indexOf('=');
          v.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Map<String, Long> errors = new TreeMap<>();
        for (String kind : List.of("status", "connect", "read", "write", "timeout")) {
          long n = Long.parseLong(v.get(kind));
          if (n > 0) {
            errors.put(kind.equals("status") ? "http_non_2xx" : "wrk_" + kind, n);
          }
        }
        return new Figures(Long.parseLong(v.get("requests")), Long.parseLong(v.get("duration_us")),
            Long.parseLong(v.get("p50")), Long.parseLong(v.get("p90")), Long.parseLong(v.get("p99")),
            Long.parseLong(v.get("p999")), Long.parseLong(v.get("max")), Double.parseDouble(v.get("mean")),
            errors);
      }
      throw new IOException("wrk printed no VEIL_BENCH line (is bench/wrk/chat.lua its script?)");
    }
  }

  LevelResult closed(String mode, boolean stream, Endpoint endpoint, byte[] body, int concurrency,
      LoadDriver.Processes processes) throws IOException, InterruptedException {
    Path bodyFile = workDir.resolve("wrk-body-" + (stream ? "sse" : "json") + ".json");
    Files.write(bodyFile, body);
    String url = (endpoint.tls() == null ? "http" : "https") + "://" + endpoint.host() + ":" + endpoint.port()
        + Api.CHAT.path();
    if (!warmup.isZero()) {
      run(url, bodyFile, endpoint, concurrency, warmup, null);
    }
    long[] gatewayPid = processes.gateways();
    long upstreamPid = processes.upstream();
    ProcessStats.Sample gatewayBefore = gatewayPid.length == 0 ? null : ProcessStats.sample(gatewayPid);
    ProcessStats.Switches switchesBefore = gatewayPid.length == 0 ? null : ProcessStats.switches(gatewayPid);
    ProcessStats.Sample upstreamBefore = upstreamPid == 0 ? null : ProcessStats.sample(upstreamPid);
    long[] wrkCpu = new long[1];
    Figures f = Figures.parse(run(url, bodyFile, endpoint, concurrency, duration, wrkCpu));
    ProcessStats.Sample gatewayAfter = gatewayPid.length == 0 ? null : ProcessStats.sample(gatewayPid);
    ProcessStats.Switches switchesAfter = gatewayPid.length == 0 ? null : ProcessStats.switches(gatewayPid);
    ProcessStats.Sample upstreamAfter = upstreamPid == 0 ? null : ProcessStats.sample(upstreamPid);
    long answered = f.requests() - f.errors().getOrDefault("http_non_2xx", 0L);
    double seconds = f.durationMicros() / 1e6;
    LevelResult.Latency latency = new LevelResult.Latency(f.p50() / 1e3, f.p90() / 1e3, f.p99() / 1e3,
        f.p999() / 1e3, f.max() / 1e3, f.mean() / 1e3);
    return new LevelResult(mode, stream, "c=" + concurrency, answered, seconds, answered / seconds, latency,
        null, null, null, f.errors(), 0,
        gatewayBefore == null ? null : micros(gatewayAfter.cpuNanos() - gatewayBefore.cpuNanos(), answered),
        micros(wrkCpu[0], answered),
        upstreamBefore == null ? null : micros(upstreamAfter.cpuNanos() - upstreamBefore.cpuNanos(), answered),
        gatewayAfter == null ? null : gatewayAfter.rssKib() / 1024.0,
        gatewayAfter == null ? null : gatewayAfter.hwmKib() / 1024.0,
        switchesBefore == null || answered == 0 ? null : new LevelResult.Switches(
            (switchesAfter.voluntary() - switchesBefore.voluntary()) / (double) answered,
            (switchesAfter.involuntary() - switchesBefore.involuntary()) / (double) answered,
            (switchesAfter.compilerCpuNanos() - switchesBefore.compilerCpuNanos()) / 1e3 / answered),
        "wrk", null);
  }

  private static Double micros(long nanos, long requests) {
    return requests == 0 ? null : nanos / 1e3 / requests;
  }

  /** Runs wrk once and returns what it printed; {@code cpu[0]} gets its CPU time if asked. */
  private String run(String url, Path bodyFile, Endpoint endpoint, int concurrency, Duration length, long[] cpu)
      throws IOException, InterruptedException {
    long seconds = Math.max(1, length.toSeconds());
    List<String> command = new ArrayList<>(List.of(wrk, "-t", Integer.toString(threads), "-c",
        Integer.toString(concurrency), "-d", seconds + "s", "--timeout", "30s", "-s", script.toString(), url));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("VEIL_BENCH_BODY", bodyFile.toAbsolutePath().toString());
    if (endpoint.authorization() != null) {
      builder.environment().put("VEIL_BENCH_AUTH", endpoint.authorization());
    } else {
      builder.environment().remove("VEIL_BENCH_AUTH");
    }
    long childrenBefore = ProcessStats.childrenCpuNanos();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("wrk did not finish");
    }
    if (cpu != null) {
      // wrk has been waited for, so its CPU time is now in this process's children's time
      cpu[0] = ProcessStats.childrenCpuNanos() - childrenBefore;
    }
    if (process.exitValue() != 0) {
      throw new IOException("wrk exited with " + process.exitValue() + ": " + output.strip());
    }
    return output;
  }
}
