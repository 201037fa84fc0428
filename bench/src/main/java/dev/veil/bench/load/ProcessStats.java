package dev.veil.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a Linux process's CPU time and resident memory from {@code /proc}.
 *
 * <p>CPU time is {@code utime + stime} of {@code /proc/PID/stat} (all threads, in clock ticks);
 * memory is {@code VmRSS} (now) and {@code VmHWM} (peak) of {@code /proc/PID/status}.
 */
final class ProcessStats {

  /** One reading: CPU time in nanoseconds, resident and peak resident memory in KiB. */
  record Sample(long cpuNanos, long rssKib, long hwmKib) {}

  /**
   * Context switches summed over the process's live threads, and the CPU time of its JIT compiler
   * threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}) in nanoseconds.
   */
  record Switches(long voluntary, long involuntary, long compilerCpuNanos) {}

  private static final long TICKS_PER_SECOND = clockTicks();

  private ProcessStats() {}

  /** The sum over {@code pids} (the nodes of a multi-node run). */
  static Sample sample(long... pids) throws IOException {
    long cpu = 0;
    long rss = 0;
    long hwm = 0;
    for (long pid : pids) {
      Sample one = sample(pid);
      cpu += one.cpuNanos();
      rss += one.rssKib();
      hwm += one.hwmKib();
    }
    return new Sample(cpu, rss, hwm);
  }

  static Sample sample(long pid) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
    // the command name may hold spaces and parentheses; fields are counted after its last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    long rss = 0;
    long hwm = 0;
    for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kib(line);
      }
    }
    return new Sample(ticks * 1_000_000_000L / TICKS_PER_SECOND, rss, hwm);
  }

  /**
   * Sums {@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches} over {@code
   * /proc/PID/task/*}, and the CPU time of the JIT compiler threads; threads that have ended are
   * not counted.
   */
  static Switches switches(long... pids) throws IOException {
    long voluntary = 0;
    long involuntary = 0;
    long compiler = 0;
    for (long pid : pids) {
      Switches one = switches(pid);
      voluntary += one.voluntary();
      involuntary += one.involuntary();
      compiler += one.compilerCpuNanos();
    }
    return new Switches(voluntary, involuntary, compiler);
  }

  static Switches switches(long pid) throws IOException {
    long voluntary = 0;
    long involuntary = 0;
    long compilerTicks = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        List<String> lines;
        try {
          lines = Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          continue;
        }
        if (!lines.isEmpty() && lines.get(0).matches("Name:\\s+C[12] CompilerThre.*")) {
          try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            compilerTicks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          } catch (IOException e) {
            // the thread ended
          }
        }
        for (String line : lines) {
          if (line.startsWith("voluntary_ctxt_switches:")) {
            voluntary += kib(line);
          } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
            involuntary += kib(line);
          }
        }
      }
    }
    return new Switches(voluntary, involuntary, compilerTicks * 1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * CPU time of this process's children that have ended and been waited for ({@code cutime +
   * cstime} of {@code /proc/self/stat}).
   */
  static long childrenCpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor() == 0 && out.matches("[0-9]+")) {
        return Long.parseLong(out);
      }
    } catch (IOException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
