package dev.veil.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake upstream in a JVM of its own ({@code LoadHarness --upstream-only}), so that its CPU time
 * is measured apart from the load driver's and the two do not share a heap or JIT threads.
 */
final class UpstreamProcess implements AutoCloseable {

  private static final Pattern ANNOUNCED = Pattern.compile("at (http://[0-9.]+:([0-9]+)/v1)");

  private final Process process;
  private final URI baseUrl;
  private final int port;

  private UpstreamProcess(Process process, URI baseUrl, int port) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.port = port;
  }

  /**
   * Starts the upstream and waits for it to announce its address.
   *
   * @param upstreamArgs the {@code LoadHarness} options that configure it
   * @param log where its output goes after the announcement
   */
  static UpstreamProcess start(List<String> jvmOptions, List<String> upstreamArgs, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadHarness.class.getName(),
        "--upstream-only"));
    command.addAll(upstreamArgs);
    return start(command, log);
  }

  /**
   * Starts any upstream {@code command} that prints {@code ... at http://HOST:PORT/v1} as its first
   * line, e.g. the Node.js mock {@code bench/node/upstream.mjs}.
   */
  static UpstreamProcess start(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher matcher = line == null ? null : ANNOUNCED.matcher(line);
      if (matcher == null || !matcher.find()) {
        throw new IOException("fake upstream process did not start; see " + log);
      }
      process.getInputStream().close();
      return new UpstreamProcess(process, URI.create(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  URI baseUrl() {
    return baseUrl;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(10, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
