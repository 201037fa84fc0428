package dev.veil.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gateway nodes as a multi-node installation runs them: one PostgreSQL database for all (created
 * for the run and dropped after it), the rate-limit counters in one Redis, and nginx in front
 * passing each client connection through to a node, round-robin, with its {@code stream} module
 * (TLS is not terminated: a client talks TLS to a node as it would without nginx).
 *
 * <p>The first node starts with a new data directory and makes the API key; the others start from
 * a copy of its data directory (the same KEK, TLS identity and audit key), which is what every
 * node of an installation must share (README, "Several nodes").
 *
 * <p>Rate limits are configured far above the load (a requests-per-minute and a tokens-per-minute
 * limit per key), so every request pays for the shared counters without ever being refused.
 */
final class NodesBehindNginx implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final String STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so";

  private final List<GatewayProcess> nodes;
  private final Process nginx;
  private final Endpoint endpoint;
  private final String postgres;
  private final String postgresUser;
  private final String database;

  private NodesBehindNginx(List<GatewayProcess> nodes, Process nginx, Endpoint endpoint,
      String postgres, String postgresUser, String database) {
    this.nodes = nodes;
    this.nginx = nginx;
    this.endpoint = endpoint;
    this.postgres = postgres;
    this.postgresUser = postgresUser;
    this.database = database;
  }

  /**
   * Starts {@code count} nodes and nginx in front of them.
   *
   * @param postgres a JDBC URL of an existing database on the server to use (the run's own
   *     database is created next to it), e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}
   * @param redis the Redis URL for the counters
   */
  static NodesBehindNginx start(int count, Path jar, Path workDir, boolean guards, URI upstream,
      String postgres, String postgresUser, URI redis, List<String> jvmOptions, Duration timeout)
      throws IOException, InterruptedException {
    String database = "veil_bench_" + System.currentTimeMillis();
    execute(postgres, postgresUser, "CREATE DATABASE " + database);
    List<GatewayProcess> nodes = new ArrayList<>();
    Process nginx = null;
    try {
      String url = postgres.substring(0, postgres.lastIndexOf('/') + 1) + database;
      String yaml = GatewayProcess.config(upstream, guards) + """
          database:
            url: %s
            user: %s
          redis:
            url: %s
          rate_limits:
            key: {requests_per_minute: 1000000000, tokens_per_minute: 1000000000000}
          """.formatted(url, postgresUser, redis);
      for (int i = 0; i < count; i++) {
        GatewayProcess first = nodes.isEmpty() ? null : nodes.get(0);
        nodes.add(GatewayProcess.start(jar, workDir.resolve("node-" + (i + 1)), yaml,
            first == null ? null : first.dataDir(), first == null ? null : first.apiKey(),
            jvmOptions, timeout));
      }
      int port = GatewayProcess.freePort();
      nginx = startNginx(workDir.resolve("nginx"), port, nodes);
      Endpoint one = nodes.get(0).endpoint();
      return new NodesBehindNginx(nodes, nginx,
          new Endpoint(HOST, port, one.tls(), one.authorization()), postgres, postgresUser,
          database);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (nginx != null) {
        nginx.destroyForcibly();
      }
      nodes.forEach(GatewayProcess::close);
      drop(postgres, postgresUser, database);
      throw e;
    }
  }

  Endpoint endpoint() {
    return endpoint;
  }

  long[] pids() {
    return nodes.stream().mapToLong(GatewayProcess::pid).toArray();
  }

  private static Process startNginx(Path where, int port, List<GatewayProcess> nodes)
      throws IOException, InterruptedException {
    Path dir = where.toAbsolutePath(); // nginx reads relative paths from its prefix
    if (!Files.isRegularFile(Path.of(STREAM_MODULE))) {
      throw new IOException("nginx's stream module is missing (" + STREAM_MODULE
          + "): apt-get install nginx libnginx-mod-stream");
    }
    Files.createDirectories(dir);
    StringBuilder servers = new StringBuilder();
    for (GatewayProcess node : nodes) {
      servers.append("    server ").append(HOST).append(':').append(node.port()).append(";\n");
    }
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        load_module %s;
        worker_processes 1;
        pid %s;
        error_log %s warn;
        events { worker_connections 8192; }
        stream {
          upstream veil {
        %s  }
          server {
            listen %s:%d;
            proxy_pass veil;
          }
        }
        """.formatted(STREAM_MODULE, dir.resolve("nginx.pid"), dir.resolve("error.log"), servers,
        HOST, port), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g",
        "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("nginx exited with status " + p.exitValue() + "; see " + dir);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(HOST, port), 200);
        return p;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IOException("nginx did not listen within 10 s; see " + dir);
  }

  private static void execute(String url, String user, String sql) throws IOException {
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }

  private static void drop(String url, String user, String database) {
    try {
      execute(url, user, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (IOException e) {
      System.err.println("could not drop " + database + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    nginx.destroy();
    try {
      nginx.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nginx.destroyForcibly();
    nodes.forEach(GatewayProcess::close);
    drop(postgres, postgresUser, database);
  }
}
