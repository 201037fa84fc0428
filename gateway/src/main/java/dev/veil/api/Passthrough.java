package dev.veil.api;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditOutcome;
import dev.veil.auth.ApiKeyGuard;
import dev.veil.auth.ApiKeys;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Response;
import dev.veil.provider.Provider;
import dev.veil.provider.UpstreamException;
import dev.veil.provider.UpstreamHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/...} paths that Veil does not protect: files, uploads, batches, audio, images,
 * fine-tuning, vector stores, realtime, assistants, threads and any path it does not know.
 *
 * <p>By default each is refused with an OpenAI-style error that names the endpoint and the switch
 * that would let it through ({@code unprotected_passthrough.endpoints} in {@code veil.yaml}): 403
 * {@code veil_endpoint_not_inspected} for an OpenAI endpoint Veil knows it cannot inspect, 404
 * {@code unknown_url} for any other. An endpoint listed there is relayed, after the API key is
 * checked, to the configured provider as it is: body and answer byte for byte, neither scanned nor
 * restored. This is deliberately not a guard of the pipeline: the guards act on OpenAI JSON they
 * understand, and none of them applies to bytes Veil cannot read.
 *
 * <h2>Security</h2>
 * Fail closed: a relay happens only once its {@code unprotected.passthrough} audit event is
 * committed (503 {@code veil_audit_unavailable} otherwise). The event names the key, the method,
 * the endpoint (first path segment only: later segments are ids chosen by the provider), the
 * provider and the request id ({@code X-Request-Id}), never a body, a query or a header value. Only the path's plain segments and a plain
 * query are relayed; the client's {@code Authorization} never leaves (the provider's key is added),
 * and of its other headers only {@code Content-Type}, {@code Accept} and {@code OpenAI-Beta} do.
 */
final class Passthrough {
  private static final Logger LOG = LoggerFactory.getLogger(Passthrough.class);

  /** OpenAI endpoints that carry data Veil cannot inspect: refused with 403, not 404. */
  static final Set<String> KNOWN_UNINSPECTED = Set.of("files", "uploads", "batches", "audio",
      "images", "fine_tuning", "vector_stores", "realtime", "assistants", "threads", "responses",
      "containers", "conversations", "evals", "videos");

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~:-]{1,256}");
  private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~%&=+:,*-]{0,2048}");
  private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE");
  private static final List<String> FORWARDED = List.of("Content-Type", "Accept", "OpenAI-Beta");
  private static final Duration AUDIT_WAIT = Duration.ofSeconds(5);
  private static final int COPY_BUFFER = 16 * 1024;

  private final VeilConfig.Passthrough config;
  private final Provider provider;
  private final ApiKeys keys;
  private final Function<AuditEvent, CompletableFuture<Long>> audit;
  private final Clock clock;
  private final int maxBodyBytes;
  private final Duration streamIdle;

  Passthrough(VeilConfig config, Provider provider, ApiKeys keys,
      Function<AuditEvent, CompletableFuture<Long>> audit, Clock clock) {
    this.config = config.passthrough();
    this.provider = provider;
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
    this.maxBodyBytes = config.limits().maxBodyBytes();
    this.streamIdle = config.timeouts().streamIdle();
  }

  /** The endpoint of a path: its first segment after {@code /v1/}, or null if it has none. */
  static String endpointOf(String path) {
    if (!path.startsWith("/v1/") || path.length() == 4) {
      return null;
    }
    int slash = path.indexOf('/', 4);
    return slash < 0 ? path.substring(4) : path.substring(4, slash);
  }

  /** The refusal of an endpoint that is not listed (see the class documentation). */
  static Response.Json refusal(String method, String endpoint) {
    String how = " To relay it unprotected (not scanned, not restored, every use audit-logged),"
        + " list '" + endpoint + "' under unprotected_passthrough.endpoints in veil.yaml.";
    if (KNOWN_UNINSPECTED.contains(endpoint)) {
      return Response.error(403, "invalid_request_error", "veil_endpoint_not_inspected",
          "Veil cannot inspect " + method + " /v1/" + endpoint + ", so it refused the request;"
              + " nothing was sent upstream." + how, null);
    }
    return Response.error(404, "invalid_request_error", "unknown_url",
        "Unknown request URL under /v1/" + endpoint + ": Veil serves /v1/chat/completions,"
            + " /v1/completions, /v1/responses, /v1/embeddings, /v1/moderations and /v1/models; nothing was sent upstream." + how, null);
  }

  /**
   * Answers a request on {@code path}, which no protected endpoint serves: refused, or relayed
   * when its endpoint is listed.
   */
  void handle(Request req, org.eclipse.jetty.server.Response res, String path)
      throws IOException {
    String method = req.getMethod();
    String endpoint = endpointOf(path);
    String requestId = ApiHandlers.newRequestId(clock);
    res.getHeaders().put("X-Request-Id", requestId);
    if (endpoint == null) {
      send(res, ApiErrors.notFound());
      return;
    }
    if (!config.allows(endpoint)) {
      send(res, refusal(method, endpoint));
      return;
    }
    ApiKeys.Outcome auth = keys.authenticate(req.getHeaders().get("Authorization"));
    if (auth.principal() == null) {
      send(res, ApiKeyGuard.unauthorized(auth.failure()));
      return;
    }
    if (!METHODS.contains(method)) {
      res.getHeaders().put("Allow", "GET, POST, DELETE");
      send(res, Response.error(405, "invalid_request_error", "method_not_allowed",
          "This method is not allowed on this URL.", null));
      return;
    }
    String rawQuery = req.getHttpURI().getQuery();
    if (!plainPath(path) || !plainQuery(rawQuery)) {
      send(res, ApiErrors.invalid("The URL holds characters Veil does not relay.", null));
      return;
    }
    byte[] body = readBody(req);
    if (body == null) {
      send(res, ApiErrors.tooLarge(maxBodyBytes));
      return;
    }
    if (!audited(AuditAction.UNPROTECTED_PASSTHROUGH, auth.principal().keyId(), method,
        endpoint, requestId, provider)) {
      send(res, auditUnavailable());
      return;
    }
    relay(req, res, provider, method, path.substring(4), rawQuery,
        body.length == 0 && !method.equals("POST") ? null : body);
  }

  /** The 503 of a relay whose audit event could not be committed: nothing was sent. */
  static Response.Json auditUnavailable() {
    return Response.error(503, "server_error", "veil_audit_unavailable",
        "The relay could not be audit-logged, so nothing was sent upstream; retry later.", null);
  }

  /**
   * Relays a request to {@code provider} as it is and copies the answer back as it arrives: of the
   * client's headers only {@link #FORWARDED} ones go, with the provider's credentials.
   *
   * @param upstreamPath the path after {@code /v1/}, already checked to be plain
   */
  void relay(Request req, org.eclipse.jetty.server.Response res, Provider provider,
      String method, String upstreamPath, String rawQuery, byte[] body) throws IOException {
    List<String> headers = new ArrayList<>(6);
    for (String name : FORWARDED) {
      String value = req.getHeaders().get(name);
      if (value != null) {
        headers.add(name);
        headers.add(value);
      }
    }
    UpstreamHttp.Call call;
    try {
      call = provider.relay(method, upstreamPath, rawQuery, headers, body);
    } catch (UpstreamException e) {
      LOG.warn("relay to provider {} failed: {}", provider.name(), e.kind().code());
      send(res, upstreamFailure(e));
      return;
    }
    try (call) {
      call.readTimeout(streamIdle);
      res.setStatus(call.status());
      res.getHeaders().put(HttpHeader.CONTENT_TYPE,
          call.contentType() == null ? "application/octet-stream" : call.contentType());
      res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      copy(call.body(), Content.Sink.asOutputStream(res));
    } catch (IOException e) {
      call.abort();
      throw e;
    }
  }

  static Response.Json upstreamFailure(UpstreamException e) {
    return Response.error(e.kind().status(), "upstream_error", e.kind().code(), e.getMessage(),
        null);
  }

  /** Whether a query may be relayed: absent, or plain characters only. */
  static boolean plainQuery(String rawQuery) {
    return rawQuery == null || QUERY.matcher(rawQuery).matches();
  }

  /** Whether every segment of {@code path} after {@code /v1/} is plain (no dot segments). */
  static boolean plainPath(String path) {
    for (String segment : path.substring(4).split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** The whole body, or null when it is larger than {@code limits.max_body_bytes}. */
  private byte[] readBody(Request req) throws IOException {
    if (req.getLength() > maxBodyBytes) {
      return null;
    }
    try (InputStream in = Request.asInputStream(req)) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      return body.length > maxBodyBytes ? null : body;
    }
  }

  /**
   * Records a relay as {@code action} and waits until the event is committed; false when it could
   * not be.
   */
  boolean audited(AuditAction action, String keyId, String method, String endpoint,
      String requestId, Provider provider) {
    AuditEvent event = new AuditEvent(clock.instant(), "apikey:" + keyId,
        action, "endpoint:/v1/" + endpoint, "",
        AuditOutcome.SUCCESS, Map.of("method", method, "provider", provider.name(),
            "request_id", requestId));
    try {
      audit.apply(event).get(AUDIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("a relay was refused: its audit event failed ({})",
          e.getClass().getName());
    }
    return false;
  }

  /** Copies the answer, flushing what has arrived so that a streamed answer is not held back. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    try (out) {
      byte[] buffer = new byte[COPY_BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }

  static void send(org.eclipse.jetty.server.Response res, Response.Json error)
      throws IOException {
    byte[] bytes = error.bytes();
    res.setStatus(error.status());
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    res.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    Content.Sink.write(res, true, ByteBuffer.wrap(bytes));
  }
}
