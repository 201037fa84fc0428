package dev.veil.bench.load;

import dev.veil.bench.load.ChatRequestGenerator.ChatRequest;
import dev.veil.bench.upstream.FakeUpstream;
import dev.veil.bench.upstream.UpstreamOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load harness: starts a fake upstream, then drives load at each level against (a) the fake
 * upstream directly, (b) Veil with its guards off and (c) Veil with the full pipeline, and reports
 * throughput, latency, time to first streamed byte, errors, and the gateway's CPU time per request
 * and resident memory, with the overhead of b and c over a from the same run.
 *
 * <p>Run it with {@code bench/load.sh [options]} ({@code --help} lists them); see
 * {@code BENCHMARKS.md} for the method.
 */
@Command(name = "load.sh", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measures what Veil adds to a chat-completions (or, with --api responses, a Responses API) round trip.")
public final class LoadHarness implements Callable<Integer> {
  /**
   * The least warm-up before the soak's peak is measured: with less, C2 was still compiling the
   * gateway on a whole core of a 2-core machine, and 70% of that peak was a light load.
   */
  static final Duration SOAK_PEAK_WARMUP = Duration.ofSeconds(60);

  @Option(names = "--modes", split = ",",
      description = "a = fake upstream direct, b = Veil guards off, c = Veil full pipeline "
          + "(default: a,b,c; with --soak: c)")
  List<String> modes;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,16,64",
      description = "closed-model concurrency levels (default: ${DEFAULT-VALUE})")
  List<Integer> concurrency;

  @Option(names = "--rate", defaultValue = "500",
      description = "open-model rate in requests/s, 0 for none (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--rate-connections", defaultValue = "64",
      description = "connections that carry the open-model load (default: ${DEFAULT-VALUE})")
  int rateConnections;

  /** The API driven, parsed from {@link #apiName}. */
  private Api api = Api.CHAT;

  @Option(names = "--api", defaultValue = "chat",
      description = "chat (POST /v1/chat/completions) or responses (POST /v1/responses, the"
          + " Responses API; its stream ends with response.completed) (default: ${DEFAULT-VALUE})")
  String apiName;

  @Option(names = "--stream", defaultValue = "both",
      description = "off (JSON answers), on (SSE streams) or both (default: ${DEFAULT-VALUE})")
  String stream;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "warm-up before each level, e.g. 5s (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--warmup-concurrency", defaultValue = "0",
      description = "before each closed level, first drive this many connections for --warmup (dropped), "
          + "so that a slow level (c=1 with --chunk-delay) is measured on a gateway the JIT has compiled; "
          + "0 for none (default: ${DEFAULT-VALUE})")
  int warmupConcurrency;

  @Option(names = "--duration", defaultValue = "15s", converter = DurationConverter.class,
      description = "measured window of each level, e.g. 15s, 2m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--chunks", defaultValue = "20", description = "content chunks per SSE stream (default: ${DEFAULT-VALUE})")
  int chunks;

  @Option(names = "--chunk-delay", defaultValue = "0ms", converter = DurationConverter.class,
      description = "fake upstream pause between content chunks (default: ${DEFAULT-VALUE})")
  Duration chunkDelay;

  @Option(names = "--first-byte-delay", defaultValue = "0ms", converter = DurationConverter.class,
      description = "fake upstream pause before answering (default: ${DEFAULT-VALUE})")
  Duration firstByteDelay;

  @Option(names = "--upstream-engine", defaultValue = "JDK",
      description = "fake upstream server: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  UpstreamEngine engine;

  @Option(names = "--upstream-port", defaultValue = "0",
      description = "fake upstream port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int upstreamPort;

  @Option(names = "--upstream-in-process",
      description = "run the fake upstream inside the harness JVM instead of a JVM of its own")
  boolean upstreamInProcess;

  @Option(names = "--upstream-jvm-options", defaultValue = "-XX:+UseParallelGC -Xms256m -Xmx256m",
      description = "JVM options of the fake upstream's own process (default: ${DEFAULT-VALUE})")
  String upstreamJvmOptions;

  @Option(names = "--upstream-only",
      description = "only run the fake upstream (on --upstream-port) until stopped")
  boolean upstreamOnly;

  @Option(names = "--gateway-jar", defaultValue = "gateway/target/veil-gateway.jar",
      description = "Veil launcher jar (default: ${DEFAULT-VALUE})")
  Path gatewayJar;

  @Option(names = "--gateway-jvm-options", defaultValue = "-XX:+UseSerialGC -Xss512k",
      description = "JVM options of the gateway, as the veil launcher uses (default: ${DEFAULT-VALUE})")
  String gatewayJvmOptions;

  @Option(names = "--nodes", defaultValue = "0",
      description = "modes b and c: 0 (default) runs one gateway on SQLite; N >= 1 runs N gateway nodes "
          + "on one PostgreSQL database (--postgres) with rate-limit counters in Redis (--redis), behind "
          + "nginx (stream module, TLS passed through, round-robin per connection)")
  int nodes;

  @Option(names = "--postgres", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
      description = "with --nodes: an existing database on the PostgreSQL server to use; the run creates "
          + "its own database there and drops it after (default: ${DEFAULT-VALUE})")
  String postgres;

  @Option(names = "--postgres-user", defaultValue = "postgres",
      description = "with --nodes: the PostgreSQL user, trusted without a password (default: ${DEFAULT-VALUE})")
  String postgresUser;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379",
      description = "with --nodes: the Redis for the counters (default: ${DEFAULT-VALUE})")
  URI redis;

  @Option(names = "--work-dir", defaultValue = "bench/target/load",
      description = "where gateway data directories and logs go (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--out", defaultValue = "bench/results/latest.json",
      description = "JSON report (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--requests", defaultValue = "4096",
      description = "distinct generated requests, sent round-robin (default: ${DEFAULT-VALUE})")
  int distinctRequests;

  @Option(names = "--seed", defaultValue = "7", description = "seed of the request generator (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "check that every answer carries back the request's personal values (default: on)")
  boolean verify;

  @Option(names = "--fixed-body",
      description = "send one fixed body with every request, as wrk does (default: a case reference set per "
          + "request, so that no request repeats an earlier one)")
  boolean fixedBody;

  @Option(names = "--driver", defaultValue = "java",
      description = "who drives the closed-model levels: java (this harness), wrk (one fixed body, "
          + "bench/wrk/chat.lua) or both, one after the other on the same gateway (default: ${DEFAULT-VALUE})")
  String driver;

  @Option(names = "--wrk", defaultValue = "wrk", description = "the wrk command (default: ${DEFAULT-VALUE})")
  String wrk;

  @Option(names = "--wrk-threads", defaultValue = "1", description = "wrk threads (default: ${DEFAULT-VALUE})")
  int wrkThreads;

  @Option(names = "--timeline",
      description = "in modes b and c, first drive the freshly started gateway for --timeline-duration at the "
          + "first --concurrency level and report the answers completed in each second, and when it reached "
          + "90% of its throughput over the last 15 s of that (the time to warm throughput)")
  boolean timeline;

  @Option(names = "--timeline-duration", defaultValue = "90s", converter = DurationConverter.class,
      description = "length of the --timeline run (default: ${DEFAULT-VALUE})")
  Duration timelineDuration;

  @Option(names = "--soak",
      description = "instead of the levels: find the peak rate of each mode (closed model at the highest "
          + "--concurrency, after at least 60 s of warm-up so that the JIT has compiled the gateway), then "
          + "hold --soak-share of it for --soak-duration in an open model, sampling the gateway's memory "
          + "every 10 s; exits 1 on any error or mismatch")
  boolean soak;

  @Option(names = "--soak-duration", defaultValue = "10m", converter = DurationConverter.class,
      description = "length of the soak (default: ${DEFAULT-VALUE})")
  Duration soakDuration;

  @Option(names = "--soak-share", defaultValue = "0.7", description = "share of the peak rate to soak at (default: ${DEFAULT-VALUE})")
  double soakShare;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadHarness()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    UpstreamOptions upstreamOptions = new UpstreamOptions(chunks, firstByteDelay, chunkDelay);
    if (upstreamOnly) {
      try (FakeUpstream upstream = FakeUpstream.start(engine.jvm(), "127.0.0.1", upstreamPort, upstreamOptions)) {
        System.out.println("fake upstream (" + engine + ") at " + upstream.baseUrl() + "; Ctrl-C stops it");
        System.out.flush();
        Thread.currentThread().join();
      }
      return 0;
    }
    if (modes == null) {
      modes = soak ? List.of("c") : List.of("a", "b", "c");
    }
    List<Boolean> streams = switch (stream.toLowerCase(Locale.ROOT)) {
      case "off" -> List.of(false);
      case "on" -> List.of(true);
      case "both" -> List.of(false, true);
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--stream must be off, on or both, got " + stream);
    };
    Api api = switch (apiName.toLowerCase(Locale.ROOT)) {
      case "chat" -> Api.CHAT;
      case "responses" -> Api.RESPONSES;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--api must be chat or responses, got " + apiName);
    };
    if (api != Api.CHAT && !driver.equalsIgnoreCase("java")) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--api " + apiName + " needs --driver java (bench/wrk/chat.lua speaks chat only)");
    }
    this.api = api;
    for (String mode : modes) {
      if (!List.of("a", "b", "c").contains(mode)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown mode " + mode + "; use a, b or c");
      }
    }
    Map<String, Object> environment = environment();
    List<LevelResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> drivers = switch (driver.toLowerCase(Locale.ROOT)) {
      case "java" -> List.of("java");
      case "wrk" -> List.of("wrk");
      case "both" -> List.of("java", "wrk");
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--driver must be java, wrk or both, got " + driver);
    };
    Map<Boolean, List<ChatRequest>> requests = new LinkedHashMap<>();
    for (boolean s : streams) {
      List<ChatRequest> generated = new ChatRequestGenerator(seed, s, api).generate(fixedBody ? 1 : distinctRequests);
      if (fixedBody) {
        ChatRequest only = generated.get(0);
        generated = List.of(new ChatRequest(only.bodyFor(0), only.personalValues()));
      }
      requests.put(s, generated);
    }
    LoadDriver driver = new LoadDriver(new LoadDriver.Settings(warmup, duration, verify), api);
    Files.createDirectories(workDir);
    WrkDriver wrkDriver = new WrkDriver(wrk, wrkThreads, Path.of("bench/wrk/chat.lua"), workDir, warmup, duration);
    try (Upstream upstream = startUpstream(upstreamOptions)) {
      System.err.println("fake upstream (" + engine + (upstreamInProcess ? ", in-process" : ", own process")
          + ") at " + upstream.baseUrl());
      for (String mode : modes) {
        AutoCloseable gateway = null;
        try {
          Endpoint endpoint;
          LoadDriver.Processes processes;
          if (mode.equals("a")) {
            endpoint = new Endpoint("127.0.0.1", upstream.port(), null, null);
            processes = new LoadDriver.Processes(new long[0], upstream.pid());
          } else {
            Path modeDir = workDir.resolve(mode + "-" + System.currentTimeMillis());
            List<String> jvm = Arrays.asList(gatewayJvmOptions.trim().split("\\s+"));
            if (nodes > 0) {
              NodesBehindNginx cluster = NodesBehindNginx.start(nodes, gatewayJar, modeDir,
                  mode.equals("c"), upstream.baseUrl(), postgres, postgresUser, redis, jvm,
                  Duration.ofSeconds(90));
              gateway = cluster;
              endpoint = cluster.endpoint();
              processes = new LoadDriver.Processes(cluster.pids(), upstream.pid());
            } else {
              GatewayProcess one = GatewayProcess.start(gatewayJar, modeDir, mode.equals("c"),
                  upstream.baseUrl(), jvm, Duration.ofSeconds(90));
              gateway = one;
              endpoint = one.endpoint();
              processes = new LoadDriver.Processes(new long[] {one.pid()}, upstream.pid());
            }
          }
          System.err.println("mode " + mode + ": " + endpoint);
          if (timeline && gateway != null) {
            results.add(timeline(mode, streams.get(0), endpoint, requests.get(streams.get(0)), processes,
                environment));
          }
          if (soak) {
            results.addAll(soak(driver, mode, streams, endpoint, requests, processes, environment));
          } else {
            for (boolean s : streams) {
              for (String d : drivers) {
                for (int c : concurrency) {
                  if (warmupConcurrency > 0) {
                    new LoadDriver(new LoadDriver.Settings(Duration.ZERO, warmup, false), api)
                        .closed(mode, s, endpoint, requests.get(s), warmupConcurrency, processes);
                  }
                  results.add(progress(d.equals("wrk")
                      ? wrkDriver.closed(mode, s, endpoint, requests.get(s).get(0).bodyFor(0), c, processes)
                      : driver.closed(mode, s, endpoint, requests.get(s), c, processes)));
                }
              }
              if (rate > 0 && drivers.contains("java")) {
                results.add(progress(driver.open(mode, s, endpoint, requests.get(s), rate, rateConnections,
                    processes)));
              }
            }
          }
        } catch (IOException e) {
          failures.add("mode " + mode + ": " + causes(e));
          System.err.println("mode " + mode + " failed: " + causes(e));
        } finally {
          if (gateway != null) {
            try {
              gateway.close();
            } catch (Exception e) {
              System.err.println("mode " + mode + ": stopping the gateway failed: " + causes(e));
            }
          }
        }
      }
    }
    Report report = new Report(environment, results, Report.overheads(results), failures);
    report.print(System.out);
    report.write(out);
    System.out.println();
    System.out.println("JSON report: " + out);
    boolean soakErrors = soak && results.stream().anyMatch(r -> r.errorCount() > 0 || r.mismatches() > 0);
    return failures.isEmpty() && !soakErrors ? 0 : 1;
  }

  private List<LevelResult> soak(LoadDriver driver, String mode, List<Boolean> streams, Endpoint endpoint,
      Map<Boolean, List<ChatRequest>> requests, LoadDriver.Processes processes, Map<String, Object> environment)
      throws IOException, InterruptedException {
    List<LevelResult> results = new ArrayList<>();
    int peakConcurrency = concurrency.stream().mapToInt(Integer::intValue).max().orElse(64);
    LoadDriver peakDriver = warmup.compareTo(SOAK_PEAK_WARMUP) >= 0 ? driver
        : new LoadDriver(new LoadDriver.Settings(SOAK_PEAK_WARMUP, duration, verify), api);
    for (boolean s : streams) {
      LevelResult peak = progress(peakDriver.closed(mode, s, endpoint, requests.get(s), peakConcurrency, processes));
      results.add(peak);
      double soakRate = Math.floor(peak.requestsPerSecond() * soakShare);
      List<Double> rssSamples = new ArrayList<>();
      long[] pid = processes.gateways();
      Thread sampler = pid.length == 0 ? null : Thread.ofPlatform().daemon().start(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            rssSamples.add(ProcessStats.sample(pid).rssKib() / 1024.0);
            Thread.sleep(10_000);
          }
        } catch (IOException e) {
          rssSamples.add(Double.NaN);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      LoadDriver soakDriver = new LoadDriver(new LoadDriver.Settings(warmup, soakDuration, verify), api);
      try {
        LevelResult r = soakDriver.open(mode, s, endpoint, requests.get(s), soakRate, rateConnections,
            processes);
        results.add(progress(r.withLoad("soak " + r.load())));
      } finally {
        if (sampler != null) {
          sampler.interrupt();
          sampler.join();
        }
      }
      if (sampler != null) {
        environment.put("soakRssMiB_" + mode + (s ? "_sse" : "_json"), List.copyOf(rssSamples));
      }
    }
    return results;
  }

  /**
   * Drives a gateway that has just become healthy for {@link #timelineDuration} with no warm-up and
   * reports when its throughput per second first reached 90% of its mean over the last 15 s.
   */
  private LevelResult timeline(String mode, boolean s, Endpoint endpoint, List<ChatRequest> list,
      LoadDriver.Processes processes, Map<String, Object> environment) throws IOException, InterruptedException {
    int c = concurrency.get(0);
    LoadDriver ramp = new LoadDriver(new LoadDriver.Settings(Duration.ZERO, timelineDuration, verify, true), api);
    LevelResult r = ramp.closed(mode, s, endpoint, list, c, processes).withLoad("timeline c=" + c);
    List<Long> perSecond = r.completionsPerSecond();
    int warm = warmSecond(perSecond, 15, 0.9);
    environment.put("timeToWarm_" + mode + (s ? "_sse" : "_json") + "_seconds", warm);
    System.err.printf(Locale.ROOT, "  %s %s timeline c=%d: answers per second %s; 90%% of the final rate from second %d%n",
        mode, s ? "sse " : "json", c, perSecond, warm);
    return r;
  }

  /**
   * The first second from which the count per second stays at or above {@code share} of the mean
   * of the last {@code last} seconds (three seconds in a row), or -1 if it never does.
   */
  static int warmSecond(List<Long> perSecond, int last, double share) {
    int n = perSecond.size() - 1; // the last second is partial
    if (n < last + 3) {
      return -1;
    }
    double mean = perSecond.subList(n - last, n).stream().mapToLong(Long::longValue).average().orElse(0);
    for (int i = 0; i + 3 <= n; i++) {
      if (perSecond.get(i) >= share * mean && perSecond.get(i + 1) >= share * mean
          && perSecond.get(i + 2) >= share * mean) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The fake upstream's server: one of {@link FakeUpstream.Engine} in a JVM, or {@code NODE},
   * Node.js's HTTP server running {@code bench/node/upstream.mjs} in a process of its own.
   */
  enum UpstreamEngine {
    JDK,
    JETTY,
    NODE;

    FakeUpstream.Engine jvm() {
      if (this == NODE) {
        throw new CommandLine.ParameterException(new CommandLine(new LoadHarness()),
            "the NODE upstream runs in a process of its own (node bench/node/upstream.mjs), not in-process");
      }
      return FakeUpstream.Engine.valueOf(name());
    }
  }

  /** The running fake upstream; {@code pid} is 0 when it runs inside this JVM. */
  private record Upstream(URI baseUrl, int port, long pid, Runnable stop) implements AutoCloseable {

    @Override
    public void close() {
      stop.run();
    }
  }

  private Upstream startUpstream(UpstreamOptions options) throws IOException {
    if (engine == UpstreamEngine.NODE) {
      UpstreamProcess node = UpstreamProcess.start(List.of("node", "bench/node/upstream.mjs", "--port",
          Integer.toString(upstreamPort), "--chunks", Integer.toString(chunks), "--chunk-delay",
          Long.toString(chunkDelay.toMillis()), "--first-byte-delay", Long.toString(firstByteDelay.toMillis())),
          workDir.resolve("upstream.log"));
      return new Upstream(node.baseUrl(), node.port(), node.pid(), node::close);
    }
    if (upstreamInProcess) {
      FakeUpstream upstream = FakeUpstream.start(engine.jvm(), "127.0.0.1", upstreamPort, options);
      return new Upstream(upstream.baseUrl(), upstream.port(), 0, upstream::close);
    }
    List<String> args = List.of("--upstream-engine", engine.name(), "--upstream-port", Integer.toString(upstreamPort),
        "--chunks", Integer.toString(chunks), "--chunk-delay", chunkDelay.toString(),
        "--first-byte-delay", firstByteDelay.toString());
    UpstreamProcess upstream = UpstreamProcess.start(Arrays.asList(upstreamJvmOptions.trim().split("\\s+")), args,
        workDir.resolve("upstream.log"));
    return new Upstream(upstream.baseUrl(), upstream.port(), upstream.pid(), upstream::close);
  }

  /** The messages of {@code e} and its causes, e.g. why a TLS handshake with the gateway failed. */
  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  private static LevelResult progress(LevelResult r) {
    System.err.printf(Locale.ROOT,
        "  %s %s %-12s %-4s %8.0f req/s  p50 %.3f ms  p99 %.3f ms%s  errors %d  mismatches %d%n",
        r.mode(), r.stream() ? "sse " : "json", r.load(), r.driver(), r.requestsPerSecond(), r.latency().p50(),
        r.latency().p99(), r.timeToFirstData() == null ? ""
            : String.format(Locale.ROOT, "  first data line p50 %.3f ms", r.timeToFirstData().p50()),
        r.errorCount(), r.mismatches());
    return r;
  }

  private Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    env.put("commit", git("rev-parse", "HEAD"));
    env.put("uncommittedChanges", !git("status", "--porcelain", "--untracked-files=no").isEmpty());
    env.put("cpus", Runtime.getRuntime().availableProcessors());
    env.put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    env.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    env.put("loadAverageAtStart", read(Path.of("/proc/loadavg")));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("nodes", nodes);
    options.put("modes", modes);
    options.put("concurrency", concurrency);
    options.put("rate", rate);
    options.put("rateConnections", rateConnections);
    options.put("stream", stream);
    options.put("warmup", warmup.toString());
    options.put("warmupConcurrency", warmupConcurrency);
    options.put("duration", duration.toString());
    options.put("chunks", chunks);
    options.put("chunkDelay", chunkDelay.toString());
    options.put("firstByteDelay", firstByteDelay.toString());
    options.put("upstreamEngine", engine.name());
    options.put("upstreamInProcess", upstreamInProcess);
    options.put("upstreamJvmOptions", upstreamJvmOptions);
    options.put("gatewayJvmOptions", gatewayJvmOptions);
    options.put("distinctRequests", distinctRequests);
    options.put("meanRequestBytes", meanRequestBytes());
    options.put("verify", verify);
    options.put("fixedBody", fixedBody);
    options.put("driver", driver);
    if (!driver.equals("java")) {
      options.put("wrkThreads", wrkThreads);
    }
    options.put("timeline", timeline);
    if (soak) {
      options.put("soakDuration", soakDuration.toString());
      options.put("soakShare", soakShare);
    }
    env.put("options", options);
    return env;
  }

  private long meanRequestBytes() {
    return Math.round(new ChatRequestGenerator(seed, false).generate(256).stream()
        .mapToInt(r -> r.body().length).average().orElse(0));
  }

  private static String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 ? output : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String firstValue(Path file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Parses {@code 500ms}, {@code 15s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.startsWith("p")) {
        return Duration.parse(value);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new CommandLine.TypeConversionException(
            "not a duration: " + value + " (use e.g. 500ms, 15s, 10m)");
      };
    }
  }
}
