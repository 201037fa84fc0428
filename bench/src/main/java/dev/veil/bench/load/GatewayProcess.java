package dev.veil.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Veil gateway started from its launcher jar for one benchmark mode, with its own data
 * directory, configuration and API key.
 *
 * <p>It runs {@code serve} with TLS on (the default), waits for the admin {@code /healthz} to answer
 * over TLS trusted through the generated {@code tls/ca.pem}, then creates an API key with {@code keys
 * create}. The gateway's output goes to {@code gateway.log} in the work directory.
 *
 * <h2>Security</h2>
 * The API key is held only in memory and sent only in the {@code Authorization} header; it is never
 * printed or written to the report.
 */
final class GatewayProcess implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final Process process;
  private final Endpoint endpoint;
  private final Path dataDir;
  private final int port;
  private final String apiKey;

  private GatewayProcess(Process process, Endpoint endpoint, Path dataDir, int port,
      String apiKey) {
    this.process = process;
    this.endpoint = endpoint;
    this.dataDir = dataDir;
    this.port = port;
    this.apiKey = apiKey;
  }

  Path dataDir() {
    return dataDir;
  }

  int port() {
    return port;
  }

  String apiKey() {
    return apiKey;
  }

  /** Copies a data directory's files, but no SQLite database. */
  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().startsWith("veil.db")) {
          Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Starts a gateway and waits until it serves.
   *
   * @param jar the launcher jar, {@code gateway/target/veil-gateway.jar}
   * @param workDir an empty directory for the data directory, config and logs
   * @param guards whether the guards run ({@code guards.enabled})
   * @param upstream the fake upstream's OpenAI base URL
   * @param jvmOptions options for the gateway's JVM
   * @param timeout how long to wait for it to become healthy
   * @throws IOException if it does not start, does not become healthy, or no key can be made
   */
  static GatewayProcess start(Path jar, Path workDir, boolean guards, URI upstream,
      List<String> jvmOptions, Duration timeout) throws IOException, InterruptedException {
    return start(jar, workDir, config(upstream, guards), null, null, jvmOptions, timeout);
  }

  /**
   * Starts a gateway with the configuration {@code yaml}.
   *
   * @param seed a data directory to copy (another node's: the same KEK, TLS identity and keys),
   *     or {@code null} for a new one
   * @param apiKey the API key to use (made on another node), or {@code null} to create one
   */
  static GatewayProcess start(Path jar, Path workDir, String yaml, Path seed, String apiKey,
      List<String> jvmOptions, Duration timeout) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("gateway jar not found: " + jar + " (build it with ./mvnw -DskipTests package)");
    }
    Path dataDir = workDir.resolve("data");
    Files.createDirectories(dataDir);
    if (seed != null) {
      copy(seed, dataDir);
    }
    Path config = workDir.resolve("veil.yaml");
    Files.writeString(config, yaml, StandardCharsets.UTF_8);
    int port = freePort();
    int adminPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "serve", "--data-dir", dataDir.toString(),
        "--config", config.toString(), "--listen", HOST + ":" + port,
        "--admin-listen", HOST + ":" + adminPort));
    Path log = workDir.resolve("gateway.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      SSLSocketFactory tls = awaitHealthy(process, dataDir.resolve("tls").resolve("ca.pem"), adminPort,
          timeout, log);
      String key = apiKey != null ? apiKey
          : createKey(java, jvmOptions, jar, dataDir, config, workDir.resolve("keys.log"));
      return new GatewayProcess(process, new Endpoint(HOST, port, tls, "Bearer " + key), dataDir,
          port, key);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(process);
      throw e;
    }
  }

  long pid() {
    return process.pid();
  }

  Endpoint endpoint() {
    return endpoint;
  }

  static String config(URI upstream, boolean guards) {
    return """
        providers:
          - name: fake
            type: openai
            base_url: %s
        models:
          - name: gpt-4o-mini
            provider: fake
        guards:
          enabled: %s
        kek:
          development_mode: true
        """.formatted(upstream, guards);
  }

  private static SSLSocketFactory awaitHealthy(Process process, Path caFile, int adminPort,
      Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("gateway exited with status " + process.exitValue() + " before it was healthy; see " + log);
      }
      if (Files.isRegularFile(caFile)) {
        try {
          SSLSocketFactory tls = trusting(caFile);
          try (HttpConnection admin = HttpConnection.open(new Endpoint(HOST, adminPort, tls, null))) {
            int status = admin.exchange("GET", "/healthz", null, null);
            if (status == 200) {
              return tls;
            }
            last = new IOException("/healthz answered " + status);
          }
        } catch (IOException e) {
          last = e;
        }
      }
      Thread.sleep(200);
    }
    throw new IOException("gateway not healthy after " + timeout + "; see " + log, last);
  }

  private static String createKey(String java, List<String> jvmOptions, Path jar, Path dataDir,
      Path config, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "keys", "create", "--name", "bench", "--data-dir",
        dataDir.toString(), "--config", config.toString()));
    Process keys = new ProcessBuilder(command).redirectError(log.toFile()).start();
    String out;
    try (InputStream in = keys.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!keys.waitFor(60, TimeUnit.SECONDS)) {
      keys.destroyForcibly();
      throw new IOException("keys create did not finish in 60 s; see " + log);
    }
    if (keys.exitValue() != 0 || out.isEmpty() || out.contains("\n") || out.contains(" ")) {
      throw new IOException("keys create failed (status " + keys.exitValue()
          + ", expected only the key on stdout); see " + log);
    }
    return out;
  }

  /** An SSL socket factory that trusts the certificates in the PEM file {@code caFile}. */
  static SSLSocketFactory trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new IOException("no certificate in " + caFile);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a trust store from " + caFile, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (process.waitFor(20, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }

  @Override
  public void close() {
    stop(process);
  }
}
