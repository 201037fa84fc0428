package dev.veil.bench.load;

import dev.veil.bench.load.ChatRequestGenerator.ChatRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends chat (or Responses API, see {@link Api}) requests to one {@link Endpoint} and measures
 * them.
 *
 * <p>Two load models:
 *
 * <ul>
 *   <li>closed ({@link #closed}): {@code n} connections, each sending its next request as soon as
 *       the previous answer is read. Gives the throughput at a fixed concurrency.
 *   <li>open ({@link #open}): requests are due at fixed intervals from a start time, whatever the
 *       server does; a pool of connections takes them in order. Latency is counted from the time a
 *       request was due, not from when a connection got round to it, so a slow server cannot hide
 *       its stalls by slowing the driver down (coordinated omission).
 * </ul>
 *
 * <p>Each level runs a warm-up, whose results are dropped, then the measured window. One platform
 * thread per connection: with at most a few hundred connections this is cheaper than any
 * scheduler, and a blocking socket read is as lean as a client can be.
 */
public final class LoadDriver {


  /**
   * @param warmup how long to run before measuring
   * @param duration the measured window
   * @param verify check that every 200 answer carries back the request's personal values
   * @param timeline count the answers completed in each second from the start of the warm-up
   */
  public record Settings(Duration warmup, Duration duration, boolean verify, boolean timeline) {

    public Settings(Duration warmup, Duration duration, boolean verify) {
      this(warmup, duration, verify, false);
    }
  }

  private final Settings settings;
  private final Api api;

  public LoadDriver(Settings settings) {
    this(settings, Api.CHAT);
  }

  /** A driver that speaks {@code api}; its levels' load labels name it unless it is chat. */
  public LoadDriver(Settings settings, Api api) {
    this.settings = settings;
    this.api = api;
  }

  /**
   * The processes whose CPU time (and, for the gateway, memory) a run reports; {@code 0} for none.
   *
   * @param gateway the Veil gateway
   * @param upstream the fake upstream, when it runs in a process of its own
   */
  /** The processes measured: the gateway's nodes (none in mode a) and the fake upstream. */
  public record Processes(long[] gateways, long upstream) {

    public static final Processes NONE = new Processes(new long[0], 0);
  }

  /** Runs a closed model with {@code concurrency} connections. */
  public LevelResult closed(String mode, boolean stream, Endpoint endpoint, List<ChatRequest> requests,
      int concurrency, Processes processes) throws IOException, InterruptedException {
    return run(mode, stream, label() + "c=" + concurrency, endpoint, requests, concurrency, 0,
        processes);
  }

  /** Runs an open model: {@code rate} requests per second spread over {@code connections}. */
  public LevelResult open(String mode, boolean stream, Endpoint endpoint, List<ChatRequest> requests,
      double rate, int connections, Processes processes) throws IOException, InterruptedException {
    String load = label() + "rate=" + (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate)) + "/s";
    return run(mode, stream, load, endpoint, requests, connections, rate, processes);
  }

  private String label() {
    return api == Api.CHAT ? "" : api.name().toLowerCase(java.util.Locale.ROOT) + " ";
  }

  private LevelResult run(String mode, boolean stream, String load, Endpoint endpoint,
      List<ChatRequest> requests, int connections, double rate, Processes processes)
      throws IOException, InterruptedException {
    long[] gatewayPid = processes.gateways();
    long upstreamPid = processes.upstream();
    long begin = System.nanoTime();
    long measureFrom = begin + settings.warmup().toNanos();
    long stopAt = measureFrom + settings.duration().toNanos();
    Schedule schedule = rate > 0 ? new Schedule(begin, 1e9 / rate) : null;
    AtomicLong sequence = new AtomicLong();
    AtomicLongArray timeline = settings.timeline()
        ? new AtomicLongArray((int) ((stopAt - begin) / 1_000_000_000L) + 2) : null;
    List<Worker> workers = new ArrayList<>(connections);
    List<Thread> threads = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      Worker worker = new Worker(api, stream, endpoint, requests, sequence, schedule, begin, measureFrom, stopAt,
          settings.verify(), timeline);
      workers.add(worker);
      threads.add(Thread.ofPlatform().name("load-" + mode + "-" + i).daemon().start(worker));
    }
    sleepUntil(measureFrom);
    long selfPid = ProcessHandle.current().pid();
    ProcessStats.Sample gatewayBefore = gatewayPid.length == 0 ? null : ProcessStats.sample(gatewayPid);
    ProcessStats.Switches switchesBefore = gatewayPid.length == 0 ? null : ProcessStats.switches(gatewayPid);
    ProcessStats.Sample selfBefore = ProcessStats.sample(selfPid);
    ProcessStats.Sample upstreamBefore = upstreamPid == 0 ? null : ProcessStats.sample(upstreamPid);
    for (Thread thread : threads) {
      thread.join();
    }
    ProcessStats.Sample gatewayAfter = gatewayPid.length == 0 ? null : ProcessStats.sample(gatewayPid);
    ProcessStats.Switches switchesAfter = gatewayPid.length == 0 ? null : ProcessStats.switches(gatewayPid);
    ProcessStats.Sample selfAfter = ProcessStats.sample(selfPid);
    ProcessStats.Sample upstreamAfter = upstreamPid == 0 ? null : ProcessStats.sample(upstreamPid);

    LatencyHistogram latency = new LatencyHistogram();
    LatencyHistogram firstByte = new LatencyHistogram();
    LatencyHistogram firstData = new LatencyHistogram();
    LatencyHistogram firstContent = new LatencyHistogram();
    Map<String, Long> errors = new TreeMap<>();
    long mismatches = 0;
    long lastCompletion = measureFrom;
    for (Worker worker : workers) {
      latency.add(worker.latency);
      firstByte.add(worker.firstByte);
      firstData.add(worker.firstData);
      firstContent.add(worker.firstContent);
      worker.errors.forEach((cause, n) -> errors.merge(cause, n, Long::sum));
      mismatches += worker.mismatches;
      lastCompletion = Math.max(lastCompletion, worker.lastCompletion);
    }
    long answered = latency.count();
    double seconds = Math.max(lastCompletion, stopAt) - measureFrom;
    seconds /= 1e9;
    return new LevelResult(mode, stream, load, answered, seconds, answered / seconds,
        LevelResult.Latency.of(latency), stream ? LevelResult.Latency.of(firstByte) : null,
        stream && firstData.count() > 0 ? LevelResult.Latency.of(firstData) : null,
        stream && firstContent.count() > 0 ? LevelResult.Latency.of(firstContent) : null,
        errors, mismatches,
        gatewayBefore == null ? null : perRequestMicros(gatewayAfter.cpuNanos() - gatewayBefore.cpuNanos(), answered),
        perRequestMicros(selfAfter.cpuNanos() - selfBefore.cpuNanos(), answered),
        upstreamBefore == null ? null : perRequestMicros(upstreamAfter.cpuNanos() - upstreamBefore.cpuNanos(), answered),
        gatewayAfter == null ? null : gatewayAfter.rssKib() / 1024.0,
        gatewayAfter == null ? null : gatewayAfter.hwmKib() / 1024.0,
        switchesBefore == null || answered == 0 ? null : new LevelResult.Switches(
            (switchesAfter.voluntary() - switchesBefore.voluntary()) / (double) answered,
            (switchesAfter.involuntary() - switchesBefore.involuntary()) / (double) answered,
            (switchesAfter.compilerCpuNanos() - switchesBefore.compilerCpuNanos()) / 1e3 / answered),
        "java", timeline == null ? null : counts(timeline));
  }

  private static List<Long> counts(AtomicLongArray timeline) {
    List<Long> counts = new ArrayList<>(timeline.length());
    for (int i = 0; i < timeline.length(); i++) {
      counts.add(timeline.get(i));
    }
    while (!counts.isEmpty() && counts.get(counts.size() - 1) == 0) {
      counts.remove(counts.size() - 1);
    }
    return counts;
  }

  private static Double perRequestMicros(long cpuNanos, long requests) {
    return requests == 0 ? null : cpuNanos / 1e3 / requests;
  }

  static void sleepUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** Due times of an open model: request {@code i} is due at {@code start + i * interval}. */
  private record Schedule(long start, double intervalNanos) {

    long due(long i) {
      return start + (long) (i * intervalNanos);
    }
  }

  private static final class Worker implements Runnable {

    private final String path;
    private final String textKey;
    private final Endpoint endpoint;
    private final List<ChatRequest> requests;
    private final AtomicLong sequence;
    private final Schedule schedule;
    private final long begin;
    private final long measureFrom;
    private final long stopAt;
    private final boolean verify;
    private final AtomicLongArray timeline;

    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram firstByte = new LatencyHistogram();
    final LatencyHistogram firstData = new LatencyHistogram();
    final LatencyHistogram firstContent = new LatencyHistogram();
    final Map<String, Long> errors = new TreeMap<>();
    long mismatches;
    long lastCompletion;

    Worker(Api api, boolean stream, Endpoint endpoint, List<ChatRequest> requests, AtomicLong sequence, Schedule schedule,
        long begin, long measureFrom, long stopAt, boolean verify, AtomicLongArray timeline) {
      this.path = api.path();
      this.textKey = api.textKey(stream);
      this.endpoint = endpoint;
      this.requests = requests;
      this.sequence = sequence;
      this.schedule = schedule;
      this.begin = begin;
      this.measureFrom = measureFrom;
      this.stopAt = stopAt;
      this.verify = verify;
      this.timeline = timeline;
    }

    @Override
    public void run() {
      HttpConnection connection = null;
      try {
        while (true) {
          long i = sequence.getAndIncrement();
          long start;
          if (schedule == null) {
            start = System.nanoTime();
          } else {
            start = schedule.due(i);
            sleepUntil(start);
          }
          if (start >= stopAt) {
            return;
          }
          boolean measured = start >= measureFrom;
          ChatRequest request = requests.get((int) (i % requests.size()));
          try {
            if (connection == null) {
              connection = HttpConnection.open(endpoint);
            }
            int status = connection.exchange("POST", path, request.bodyFor(i), "application/json");
            long end = System.nanoTime();
            if (timeline != null && status == 200) {
              int second = (int) ((end - begin) / 1_000_000_000L);
              if (second < timeline.length()) {
                timeline.incrementAndGet(second);
              }
            }
            if (measured) {
              if (status != 200) {
                errors.merge("http_" + status, 1L, Long::sum);
              } else {
                latency.record(end - start);
                lastCompletion = end;
                if (connection.firstBodyByteNanos() > 0) {
                  firstByte.record(connection.firstBodyByteNanos() - start);
                }
                if (connection.firstDataLineNanos() > 0) {
                  firstData.record(connection.firstDataLineNanos() - start);
                }
                if (connection.firstContentNanos() > 0) {
                  firstContent.record(connection.firstContentNanos() - start);
                }
                if (verify && !ContentScanner.containsAll(
                    ContentScanner.content(connection.body(), connection.bodyLength(), textKey),
                    request.personalValues())) {
                  mismatches++;
                }
              }
            }
            if (connection.mustClose()) {
              connection.close();
              connection = null;
            }
          } catch (IOException | RuntimeException e) {
            if (connection != null) {
              connection.close();
              connection = null;
            }
            if (measured) {
              errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
            }
          }
        }
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }
}
