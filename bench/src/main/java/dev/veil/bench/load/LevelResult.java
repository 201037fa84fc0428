package dev.veil.bench.load;

import java.util.Map;

/**
 * What one load level measured, as printed in the table and written to the JSON report.
 *
 * @param mode {@code a} (fake upstream direct), {@code b} (Veil, guards off) or {@code c} (Veil,
 *     full pipeline)
 * @param stream whether the requests asked for SSE streams
 * @param load {@code c=16} for a closed model at concurrency 16, {@code rate=500/s} for an open
 *     model at 500 requests per second
 * @param requests requests answered with 200 in the measured window
 * @param seconds length of the measured window
 * @param requestsPerSecond {@code requests / seconds}
 * @param latency from the intended start of a request to its last byte, in milliseconds
 * @param timeToFirstByte from the intended start to the first body byte, in milliseconds; for
 *     streams only, else {@code null}
 * @param timeToFirstData from the intended start to the first complete SSE {@code data:} line; for
 *     streams only, else {@code null}
 * @param timeToFirstContent from the intended start to the first complete {@code data:} line with a
 *     non-empty {@code "content"}; for streams only, else {@code null}
 * @param errors failed requests by cause ({@code http_502}, {@code SocketTimeoutException}...)
 * @param mismatches 200 answers that did not carry back every personal value of the request
 * @param gatewayCpuMicrosPerRequest CPU time of the gateway process over the window divided by the
 *     requests answered; {@code null} in mode a or when no request was answered
 * @param driverCpuMicrosPerRequest the same for the load driver's process (which also holds the fake
 *     upstream when that runs in-process); {@code null} when no request was answered
 * @param upstreamCpuMicrosPerRequest the same for the fake upstream when it runs in a process of its
 *     own, else {@code null}
 * @param gatewayRssMib the gateway's resident memory at the end of the window; {@code null} in mode a
 * @param gatewayPeakRssMib the gateway's peak resident memory so far; {@code null} in mode a
 * @param gatewaySwitchesPerRequest context switches of the gateway's threads (voluntary, i.e.
 *     waits and wake-ups, and involuntary, i.e. preemptions) over the window divided by the
 *     requests answered; counts of threads that ended within the window are missing; {@code null}
 *     in mode a
 * @param driver which client drove the load: {@code java} (this harness) or {@code wrk}
 * @param completionsPerSecond answers completed in each second from the start of the level's
 *     warm-up, when a timeline was asked for, else {@code null}
 */
public record LevelResult(
    String mode,
    boolean stream,
    String load,
    long requests,
    double seconds,
    double requestsPerSecond,
    Latency latency,
    Latency timeToFirstByte,
    Latency timeToFirstData,
    Latency timeToFirstContent,
    Map<String, Long> errors,
    long mismatches,
    Double gatewayCpuMicrosPerRequest,
    Double driverCpuMicrosPerRequest,
    Double upstreamCpuMicrosPerRequest,
    Double gatewayRssMib,
    Double gatewayPeakRssMib,
    Switches gatewaySwitchesPerRequest,
    String driver,
    java.util.List<Long> completionsPerSecond) {

  /**
   * Per request: context switches, voluntary (the thread waited) and involuntary (preempted), and
   * the microseconds of CPU that the gateway's JIT compiler threads spent (part of {@code
   * gatewayCpuMicrosPerRequest}; not yet zero means the gateway was still being compiled).
   */
  public record Switches(double voluntary, double involuntary, double jitMicros) {}

  /** The same result under another load label, e.g. {@code soak rate=500/s}. */
  public LevelResult withLoad(String newLoad) {
    return new LevelResult(mode, stream, newLoad, requests, seconds, requestsPerSecond, latency,
        timeToFirstByte, timeToFirstData, timeToFirstContent, errors, mismatches,
        gatewayCpuMicrosPerRequest, driverCpuMicrosPerRequest, upstreamCpuMicrosPerRequest,
        gatewayRssMib, gatewayPeakRssMib, gatewaySwitchesPerRequest, driver, completionsPerSecond);
  }

  /** Percentiles of one histogram in milliseconds. */
  public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

    static Latency of(LatencyHistogram nanos) {
      return new Latency(ms(nanos.percentile(50)), ms(nanos.percentile(90)), ms(nanos.percentile(99)),
          ms(nanos.percentile(99.9)), ms(nanos.max()), nanos.mean() / 1e6);
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
