package dev.veil.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The typed configuration of one gateway, as read by {@link ConfigLoader}.
 *
 * <p>{@link #raw()} keeps the whole merged tree so that packages with their own sections
 * ({@code policies:}, {@code storage:}, {@code audit:} ...) can read them without this record
 * knowing their shape.
 *
 * @param source the file it came from (or {@code "defaults"}), used in error messages
 * @param guardsEnabled {@code false} runs the gateway with no guards at all (benchmarks only)
 * @param durableRequestRecords {@code request_records.durable}: an answer reaches its client only
 *     once its metadata record is committed (default); {@code false} queues the record and
 *     answers at once, so that records queued when the process dies (at most about 20 ms of
 *     them) are lost
 * @param passthrough {@code unprotected_passthrough}: the API paths Veil cannot inspect that it
 *     relays anyway, unprotected
 */
public record VeilConfig(
    String source,
    Server server,
    HostPort adminListen,
    Path dataDir,
    Database database,
    Limits limits,
    Timeouts timeouts,
    boolean guardsEnabled,
    List<ProviderConfig> providers,
    List<ModelConfig> models,
    boolean durableRequestRecords,
    Passthrough passthrough,
    ObjectNode raw) {

  /** Whether this configuration came from built-in defaults only (no file was given). */
  public boolean defaultsOnly() {
    return "defaults".equals(source);
  }

  /** The tenant whose keys derive surrogates and seal content. */
  public String tenant() {
    return raw.path("tenant").asText("default");
  }

  /**
   * The API listener.
   *
   * @param certFile PEM certificate chain; {@code null} to use the generated local CA
   * @param keyFile PEM private key matching {@code certFile}
   * @param plainHttp serve plain HTTP instead of TLS (warned about on every start)
   * @param plainHttpOnNonLoopback also allow plain HTTP on a non-loopback address
   */
  public record Server(
      HostPort listen, Path certFile, Path keyFile, boolean plainHttp,
      boolean plainHttpOnNonLoopback) {}

  /**
   * Where the relational store lives.
   *
   * @param url a {@code jdbc:postgresql:} URL, or {@code null} for SQLite in the data directory
   * @param passwordEnv the environment variable holding the password, or {@code null}
   */
  public record Database(String url, String user, String passwordEnv) {}

  /**
   * Request limits. Body size, depth and string length are checked as the body is read; the two
   * inspection limits when it is scanned, so that one key cannot hold the CPU.
   *
   * @param maxInspectedChars the most text (UTF-16 chars) the detector scans for one request;
   *     beyond it the request is refused with 413 before any of it goes upstream
   * @param maxConcurrentInspectionsPerKey the most requests of one API key that may be scanned at
   *     once; a further one waits up to {@code inspectionWait} for a slot, then is refused with 429
   */
  public record Limits(int maxBodyBytes, int maxJsonDepth, int maxStringLength,
      int maxConnectionsPerClient, int maxInspectedChars, int maxConcurrentInspectionsPerKey,
      Duration inspectionWait) {}

  /**
   * Upstream timeouts.
   *
   * @param firstByte from sending the request to receiving the response headers
   * @param streamIdle the longest silence allowed between two events of a stream
   * @param client the longest silence allowed from a client while it sends a request's headers
   *     or body, and between two requests on one connection
   * @param shutdownGrace how long requests and streams in flight may run on after a stop signal
   *     (no new connection is accepted meanwhile); then the rest is cut
   */
  public record Timeouts(Duration connect, Duration firstByte, Duration streamIdle,
      Duration client, Duration shutdownGrace) {}

  /**
   * An upstream.
   *
   * @param type {@code openai}, {@code azure-openai} or {@code inspect}
   * @param apiVersion Azure's {@code api-version} query parameter
   * @param sendStoreFalse add {@code "store": false} to chat requests (default {@code true})
   */
  public record ProviderConfig(
      String name,
      String type,
      URI baseUrl,
      String apiKeyEnv,
      Path apiKeyFile,
      String apiVersion,
      boolean sendStoreFalse) {

    @Override
    public String toString() {
      return "ProviderConfig[" + name + ", " + type + ", " + baseUrl + "]";
    }

    /**
     * True if {@code name} may be an Azure deployment in a URL path: letters, digits, {@code .},
     * {@code _} and {@code -}, 1 to 64 chars, starting with a letter or digit, no {@code ..}.
     */
    public static boolean validAzureDeployment(String name) {
      return name != null && AZURE_DEPLOYMENT.matcher(name).matches() && !name.contains("..");
    }

    private static final java.util.regex.Pattern AZURE_DEPLOYMENT =
        java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  }

  /**
   * {@code unprotected_passthrough}: endpoints that carry data Veil cannot inspect (files, audio,
   * batches ...) are refused unless listed here, by the first segment of their path after {@code
   * /v1/} ({@code files} for {@code /v1/files/file-abc/content}). A listed endpoint is relayed to
   * {@code provider} as it is, neither scanned nor restored, and every use is an audit event.
   *
   * <h2>Warning</h2>
   * Whatever a listed endpoint carries leaves Veil unprotected: personal data and secrets in an
   * uploaded file reach the provider in clear. Off (empty) by default.
   *
   * @param endpoints the listed first path segments; empty when nothing passes
   * @param provider the provider that receives them; {@code null} when {@code endpoints} is empty
   */
  public record Passthrough(java.util.Set<String> endpoints, String provider) {
    public Passthrough {
      endpoints = java.util.Set.copyOf(endpoints);
    }

    /** Whether requests under {@code /v1/<endpoint>} are relayed unprotected. */
    public boolean allows(String endpoint) {
      return endpoints.contains(endpoint);
    }
  }

  /**
   * A model clients may ask for. The name {@code *} matches any model not listed otherwise.
   *
   * @param upstreamModel the model name sent upstream (Azure: the deployment name); {@code null}
   *     for a {@code *} entry without one, which sends the name the client asked for
   */
  public record ModelConfig(String name, String provider, String upstreamModel) {}

  /** The model entry for {@code name}: an exact match, else a {@code *} entry, if any. */
  public Optional<ModelConfig> model(String name) {
    ModelConfig wildcard = null;
    for (ModelConfig m : models) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
      if (m.name().equals("*")) {
        wildcard = m;
      }
    }
    return Optional.ofNullable(wildcard);
  }
}
