package dev.veil.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the benchmark JVM per operation ({@code ·cpu}, in
 * µs/op): process CPU time (user + system, all threads) over each iteration divided by the
 * operations done in it.
 *
 * <p>On a machine shared with other work, wall-clock times include the time the benchmark thread
 * waited for a core; this figure does not, so it is the one to compare across runs of a loaded
 * machine. It includes what other threads of the JVM do meanwhile: garbage collection, the JIT
 * compiler (little after warm-up) and background threads of the code under test (the audit
 * appender's writer, for example), which are real costs of the operation.
 *
 * <p>Run: {@code bench/jmh.sh REGEX -prof dev.veil.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long startCpuNanos;

  @Override
  public String getDescription() {
    return "process CPU time per operation, unaffected by time spent waiting for a core";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startCpuNanos = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - startCpuNanos;
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0 || cpuNanos < 0) {
      return List.of();
    }
    return List.of(new ScalarResult("·cpu", cpuNanos / 1_000.0 / ops, "us/op", AggregationPolicy.AVG));
  }
}
