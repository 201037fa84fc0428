package dev.veil.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a Linux process's CPU time and resident memory from {@code /proc}.
 *
 * <p>CPU time is {@code utime + stime} of {@code /proc/PID/stat} (all threads, in clock ticks);
 * memory is {@code VmRSS} (now) and {@code VmHWM} (peak) of {@code /proc/PID/status}.
 */
final class ProcessStats {

  /** One reading: CPU time in nanoseconds, resident and peak resident memory in KiB. */
  record Sample(long cpuNanos, long rssKib, long hwmKib) {}

  private static final long TICKS_PER_SECOND = clockTicks();

  private ProcessStats() {}

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
