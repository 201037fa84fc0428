package dev.veil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.auth.ApiKeyGuard;
import dev.veil.auth.ApiKeys;
import dev.veil.config.VeilConfig;
import dev.veil.consent.EndUsers;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.SseSource;
import dev.veil.guard.StreamRefusal;
import dev.veil.json.Jackson;
import dev.veil.provider.Provider;
import dev.veil.provider.UpstreamException;
import dev.veil.provider.Upstreams;
import dev.veil.records.RequestRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoints, as the Jetty handler of the API listener. It only parses,
 * relays and writes: each request is handed to the {@link Pipeline} as it arrives (its key and
 * unread body on the exchange), and the answer is written back: JSON in one piece with its length,
 * streams event by event (see {@link #relay}). Everything between (authentication, body limits,
 * validation, routing, protection) is a guard. Other methods get a 405 with {@code Allow}.
 * Stored responses ({@code /v1/responses/{id}}) go to {@link StoredResponses}, and every other
 * path to {@link Passthrough}, which refuses it (403 or 404, naming the switch that would relay
 * it) unless it is listed as an unprotected pass-through. As the answer goes out, the {@link
 * RequestRecorder}
 * gets what was seen on the wire; with durable records (the default) a JSON answer is sent, and a
 * stream's {@code [DONE]}, only once that record is committed (see {@link #finish}).
 *
 * <h2>Security</h2>
 * Nothing here logs a body, a header value or a key. Log lines carry the request id, the status
 * and exception class names only.
 */
final class ApiHandlers extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandlers.class);
  private static final ObjectMapper MAPPER = Jackson.MAPPER;
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NL = {'\n'};
  private static final int STREAM_BUFFER = 16 * 1024;

  private final ApiKeys keys;
  private final Passthrough passthrough;
  private final StoredResponses storedResponses;
  private final Pipeline pipeline;
  private final Upstreams upstreams;
  private final RequestRecorder recorder;
  private final MeterRegistry meters;
  private final ExchangeMeters exchangeMeters;
  private final Clock clock;
  /** Status classes of the request timer: 2xx to 5xx, anything else "other". */
  private static final String[] STATUS_LABELS = {"other", "2xx", "3xx", "4xx", "5xx"};

  /**
   * The request timer of each endpoint and status class ({@link #statusClass}), registered on
   * first use. A race registers the same timer twice, and the registry returns the one it has.
   */
  private final Timer[][] timers =
      new Timer[Request.Endpoint.values().length][STATUS_LABELS.length];

  ApiHandlers(ApiKeys keys, VeilConfig config, Pipeline pipeline, Upstreams upstreams,
      RequestRecorder recorder, MeterRegistry meters, Clock clock, String endUserHeader,
      Passthrough passthrough, StoredResponses storedResponses) {
    this.keys = keys;
    this.passthrough = passthrough;
    this.storedResponses = storedResponses;
    this.endUserHeader = endUserHeader.toLowerCase(java.util.Locale.ROOT);
    VeilConfig.Timeouts t = config.timeouts();
    Duration longestWait = t.firstByte().compareTo(t.streamIdle()) > 0 ? t.firstByte() : t.streamIdle();
    this.clientIdleMillis = t.client().toMillis();
    this.waitingIdleMillis = longestWait.plusSeconds(30).toMillis();
    this.pipeline = pipeline;
    this.upstreams = upstreams;
    this.recorder = recorder;
    this.meters = meters;
    this.exchangeMeters = new ExchangeMeters(meters);
    this.clock = clock;
  }

  /** The header that names the end user for rate limits, passed on to the guards (lower case). */
  private final String endUserHeader;
  /** How long a client may be silent while it sends (the listener's idle timeout). */
  private final long clientIdleMillis;
  /** How long the client connection may be silent while Veil waits for an upstream. */
  private final long waitingIdleMillis;

  /**
   * Sets the connection's idle timeout: the client's while it sends a request, longer while the
   * answer is awaited from upstream, so that a slow model does not get its client cut off.
   */
  private static void idleTimeout(Http http, long millis) {
    http.req().getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(millis);
  }

  /** What is seen of a request on the wire, for its metadata record and metrics. */
  private static final class Outcome {
    final String id;
    final long startNanos = System.nanoTime();
    final java.time.Instant startedAt;
    int status;
    boolean streamed;
    /** The endpoint whose record is still to be written, or null (written, or none is kept). */
    Request.Endpoint unrecorded;
    long bytesIn;
    long bytesOut;
    Integer promptTokens;
    Integer completionTokens;
    Integer totalTokens;
    final Exchange exchange;

    Outcome(Clock clock) {
      startedAt = clock.instant();
      id = newRequestId(clock);
      exchange = new Exchange(id, clock, startNanos);
    }
  }

  /** One HTTP exchange with the client. */
  private record Http(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response res) {
    String header(String name) {
      return req.getHeaders().get(name);
    }

    void header(String name, String value) {
      res.getHeaders().put(name, value);
    }

    /** Sends a whole body with its length, which ends the response. */
    void send(int status, String contentType, byte[] body) throws IOException {
      res.setStatus(status);
      res.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      res.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      Content.Sink.write(res, true, ByteBuffer.wrap(body));
    }
  }

  @Override
  public boolean handle(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response res,
      Callback callback) {
    Http http = new Http(req, res);
    try {
      String path = req.getHttpURI().getPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String method = req.getMethod();
      switch (path) {
        case "/v1/chat/completions" -> route(http, method, "POST",
            () -> handle(http, Request.Endpoint.CHAT_COMPLETIONS));
        case "/v1/completions" -> route(http, method, "POST",
            () -> handle(http, Request.Endpoint.COMPLETIONS));
        case "/v1/responses" -> route(http, method, "POST",
            () -> handle(http, Request.Endpoint.RESPONSES));
        case "/v1/embeddings" -> route(http, method, "POST",
            () -> handle(http, Request.Endpoint.EMBEDDINGS));
        case "/v1/moderations" -> route(http, method, "POST",
            () -> handle(http, Request.Endpoint.MODERATIONS));
        case "/v1/models" -> route(http, method, "GET", () -> models(http));
        default -> {
          if (StoredResponses.serves(path)) {
            storedResponses.handle(req, res, path);
          } else {
            passthrough.handle(req, res, path);
          }
        }
      }
      idleTimeout(http, clientIdleMillis);
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    } catch (RuntimeException | Error e) {
      LOG.error("a request failed: {}", e.getClass().getName());
      if (!res.isCommitted()) {
        try {
          sendError(http, ApiErrors.internal());
          callback.succeeded();
          return true;
        } catch (IOException | RuntimeException ignored) {
          // The failure below is reported instead.
        }
      }
      callback.failed(e);
    }
    return true;
  }

  /** A route's action; may fail only with a broken client connection. */
  @FunctionalInterface
  private interface Action {
    void run() throws IOException;
  }

  private static void route(Http http, String method, String allowed, Action action)
      throws IOException {
    if (method.equals(allowed)) {
      action.run();
    } else {
      http.header("Allow", allowed);
      sendError(http, ApiErrors.methodNotAllowed());
    }
  }

  private static void sendError(Http http, Response.Json error) throws IOException {
    http.send(error.status(), "application/json", error.bytes());
  }

  private void models(Http ctx) throws IOException {
    Outcome o = new Outcome(clock);
    ctx.header("X-Request-Id", o.id);
    ApiKeys.Outcome auth = keys.authenticate(ctx.header("Authorization"));
    if (auth.principal() == null) {
      writeJson(ctx, ApiKeyGuard.unauthorized(auth.failure()), o);
      return;
    }
    idleTimeout(ctx, waitingIdleMillis);
    ObjectNode body = MAPPER.createObjectNode();
    body.put("object", "list");
    var data = body.putArray("data");
    long created = clock.instant().getEpochSecond();
    java.util.Map<String, String> owners = new java.util.LinkedHashMap<>();
    for (String name : upstreams.modelNames()) {
      owners.put(name, upstreams.route(name).map(r -> r.provider().name()).orElse("veil"));
    }
    upstreams.wildcardProvider().ifPresent(p -> {
      try {
        p.models().forEach(id -> owners.putIfAbsent(id, p.name()));
      } catch (UpstreamException e) {
        LOG.warn("request {}: provider {} did not list its models ({})", o.id, p.name(),
            e.kind());
      }
    });
    owners.forEach((name, owner) -> {
      if (auth.principal().mayUse(name)) {
        ObjectNode m = data.addObject();
        m.put("id", name);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", owner);
      }
    });
    writeJson(ctx, new Response.Json(200, body), o);
  }

  private void handle(Http ctx, Request.Endpoint endpoint) throws IOException {
    Outcome o = new Outcome(clock);
    o.unrecorded = endpoint;
    ctx.header("X-Request-Id", o.id);
    try {
      Response response = prepareAndRun(ctx, endpoint, o);
      if (response instanceof Response.Streaming s) {
        o.streamed = true;
        relay(ctx, s, o);
      } else {
        writeJson(ctx, (Response.Json) response, o);
      }
    } catch (IOException e) {
      o.status = o.status == 0 ? 499 : o.status;
      LOG.debug("request {} ended early: {}", o.id, e.getClass().getName());
    } catch (RuntimeException e) {
      LOG.error("request {} failed: {}", o.id, e.getClass().getName());
      if (!ctx.res().isCommitted()) {
        writeJson(ctx, ApiErrors.internal(), o);
      } else {
        o.status = 500;
      }
    } finally {
      finish(o);
    }
  }

  /** Hands the request to the guards as it arrives: key and body unread, end user header. */
  private Response prepareAndRun(Http ctx, Request.Endpoint endpoint, Outcome o) {
    Exchange exchange = o.exchange;
    exchange.put(ApiKeyGuard.CREDENTIAL, ctx.header("Authorization"));
    exchange.put(BodyGuard.INCOMING, new BodyGuard.Incoming(ctx.header("Content-Type"),
        ctx.header("Content-Encoding"), org.eclipse.jetty.server.Request.asInputStream(ctx.req()),
        ctx.req().getLength(), bytes -> {
          idleTimeout(ctx, waitingIdleMillis);
          o.bytesIn = bytes;
        }));
    Map<String, String> headers = new java.util.HashMap<>(2);
    String endUser = ctx.header(EndUsers.HEADER);
    if (endUser != null) {
      headers.put(EndUsers.HEADER.toLowerCase(java.util.Locale.ROOT), endUser);
    }
    String limitedUser = ctx.header(endUserHeader);
    if (limitedUser != null) {
      headers.put(endUserHeader, limitedUser);
    }
    Request request = Request.received(endpoint, headers);
    Response response = pipeline.execute(request, exchange);
    exchange.responseHeaders().forEach(ctx::header);
    return response;
  }

  private void writeJson(Http ctx, Response.Json response, Outcome o) throws IOException {
    byte[] bytes = response.bytes();
    o.status = response.status();
    o.bytesOut = bytes.length;
    if (response.status() == 200 && !o.streamed) {
      readUsage(response, bytes, o);
    }
    if (!finish(o) && !response.isError()) {
      response = unrecorded();
      bytes = response.bytes();
    }
    ctx.send(response.status(), "application/json", bytes);
  }

  private static void readUsage(Response.Json response, byte[] bytes, Outcome o) {
    int at = indexOf(bytes, USAGE);
    if (at < 0) {
      return;
    }
    try {
      usage(response.field("usage"), o);
    } catch (RuntimeException e) {
      LOG.debug("request {}: unreadable usage ({})", o.id, e.getClass().getName());
    }
  }

  private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = hay.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void usage(JsonNode usage, Outcome o) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    String prompt = usage.has("input_tokens") ? "input_tokens" : "prompt_tokens";
    String completion = usage.has("output_tokens") ? "output_tokens" : "completion_tokens";
    if (usage.path(prompt).isInt()) {
      o.promptTokens = usage.get(prompt).asInt();
    }
    if (usage.path(completion).isInt()) {
      o.completionTokens = usage.get(completion).asInt();
    }
    if (usage.path("total_tokens").isInt()) {
      o.totalTokens = usage.get("total_tokens").asInt();
    }
  }

  /**
   * Sends a stream to the client event by event. At {@code [DONE]} the transformer's {@code onEnd}
   * output is sent, then {@code [DONE]}, and the source is closed; {@link SseEvent#END} (a
   * Responses stream that ended complete) ends it the same way without writing a marker. Written events are flushed as
   * soon as the source has no further event ready, so events that arrived together leave in one
   * write and none waits for a later one. A client that goes away (a write fails) closes the
   * source, which cancels the upstream call. An upstream that breaks, goes idle or ends without
   * {@code [DONE]}, and a transformer that throws, end the stream with an error event.
   */
  private void relay(Http ctx, Response.Streaming s, Outcome o) throws IOException {
    o.status = s.status();
    var res = ctx.res();
    res.setStatus(s.status());
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    res.getHeaders().put("X-Accel-Buffering", "no");
    try (SseSource source = s.source(); OutputStream out = new BufferedOutputStream(
        Content.Sink.asOutputStream(res), STREAM_BUFFER)) {
      try {
        boolean unflushed = true;
        while (true) {
          if (unflushed && !source.ready()) {
            out.flush();
            unflushed = false;
          }
          SseEvent event;
          try {
            event = source.next();
          } catch (UpstreamException e) {
            o.status = e.kind().status();
            o.exchange.put(Provider.FAILURE, e.kind().code());
            LOG.warn("request {}: upstream stream failed ({})", o.id, e.kind());
            writeError(out, "upstream_error", e.kind().code(),
                "The upstream stream failed: " + e.getMessage() + ".", o);
            return;
          }
          List<SseEvent> emit;
          try {
            if (event == null) {
              o.status = 502;
              writeError(out, "upstream_error", "upstream_stream_incomplete",
                  "The upstream stream ended before it was complete.", o);
              return;
            } else if (event.isDone() || event.isEnd()) {
              emit = new java.util.ArrayList<>(s.transformer().onEnd());
              emit.add(event);
            } else {
              if (event.data().indexOf("\"usage\"") >= 0) {
                streamUsage(event, o);
              }
              emit = s.transformer().onEvent(event);
            }
          } catch (StreamRefusal refusal) {
            o.status = refusal.status();
            writeError(out, refusal.type(), refusal.code(), refusal.getMessage(), o);
            return;
          } catch (Exception e) {
            o.status = 500;
            LOG.warn("request {}: stream transformer failed with {}", o.id, e.getClass().getName());
            writeError(out, "server_error", "veil_inspection_failed",
                "The response stream could not be inspected; it was stopped.", o);
            return;
          }
          for (SseEvent e : emit) {
            if (e.isDone() || e.isEnd()) {
              ByteArrayOutputStream done = new ByteArrayOutputStream(16);
              if (e.isDone()) {
                write(done, e, o);
              }
              if (!finish(o)) {
                o.status = 503;
                Response.Json error = unrecorded();
                write(out, SseEvent.data(new String(error.bytes(), StandardCharsets.UTF_8)), o);
                out.flush();
                return;
              }
              done.writeTo(out);
            } else {
              write(out, e, o);
            }
            unflushed = true;
          }
          if (event.isDone() || event.isEnd()) {
            return;
          }
        }
      } finally {
        // Queued before the response ends, so the record exists once the client has the end.
        finish(o);
      }
    }
  }

  private static void streamUsage(SseEvent event, Outcome o) {
    try {
      JsonNode tree = MAPPER.readTree(event.data());
      usage(tree.get("response") instanceof ObjectNode r ? r.get("usage") : tree.get("usage"), o);
    } catch (IOException e) {
      LOG.debug("request {}: unreadable usage chunk", o.id);
    }
  }

  private static void write(OutputStream out, SseEvent e, Outcome o) throws IOException {
    if (e.event() != null) {
      byte[] name = e.event().getBytes(StandardCharsets.UTF_8);
      out.write(EVENT);
      out.write(name);
      out.write(NL);
      o.bytesOut += EVENT.length + name.length + 1;
    }
    String data = e.data();
    int start = 0;
    while (true) {
      int nl = data.indexOf('\n', start);
      byte[] line = (nl < 0 ? data.substring(start) : data.substring(start, nl))
          .getBytes(StandardCharsets.UTF_8);
      out.write(DATA);
      out.write(line);
      out.write(NL);
      o.bytesOut += DATA.length + line.length + 1;
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    out.write(NL);
    o.bytesOut += 1;
  }

  private static void writeError(OutputStream out, String type, String code, String message,
      Outcome o) throws IOException {
    Response.Json error = Response.error(o.status, type, code, message, null);
    write(out, SseEvent.data(new String(error.bytes(), StandardCharsets.UTF_8)), o);
    out.flush();
  }

  /**
   * Submits the request's metadata record and times it, once, and waits until the recorder has
   * it: committed when records are durable (so it survives {@code kill -9}), else queued. A JSON
   * answer does this just before its bytes go out and a stream just before its {@code [DONE]}, so
   * the client never has a complete answer whose record could still be lost.
   *
   * @return false when the record could not be made durable within {@link #RECORD_WAIT} (the
   *     caller then withholds a successful answer)
   */
  private boolean finish(Outcome o) {
    Request.Endpoint endpoint = o.unrecorded;
    if (endpoint == null) {
      return true;
    }
    o.unrecorded = null;
    long nanos = System.nanoTime() - o.startNanos;
    CompletableFuture<Void> recorded = recorder.record(o.exchange,
        new RequestRecorder.Delivery(endpoint, o.startedAt, o.status, o.streamed, nanos / 1000,
            o.promptTokens, o.completionTokens, o.totalTokens, o.bytesIn, o.bytesOut));
    timer(endpoint, o.status).record(nanos, TimeUnit.NANOSECONDS);
    exchangeMeters.count(o.exchange);
    try {
      recorded.get(RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      LOG.warn("request {}: its metadata record could not be written ({})", o.id,
          e.getCause().getClass().getName());
    } catch (TimeoutException e) {
      LOG.warn("request {}: its metadata record was not committed within {} ms", o.id,
          RECORD_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** How long an answer waits for its metadata record to be committed. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(5);

  /** The answer that replaces a successful one whose record could not be made durable. */
  private static Response.Json unrecorded() {
    return Response.error(503, "server_error", "veil_store_unavailable",
        "The answer could not be recorded, so it was withheld (request_records.durable in"
            + " veil.yaml); retry later.", null);
  }

  private Timer timer(Request.Endpoint endpoint, int status) {
    int k = statusClass(status);
    Timer t = timers[endpoint.ordinal()][k];
    if (t == null) {
      t = Timer.builder("veil.requests")
          .description("API requests by endpoint and status class")
          .tag("endpoint", endpoint.label())
          .tag("status", STATUS_LABELS[k])
          .publishPercentileHistogram()
          .register(meters);
      timers[endpoint.ordinal()][k] = t;
    }
    return t;
  }

  private static int statusClass(int status) {
    return status >= 200 && status < 600 ? status / 100 - 1 : 0;
  }

  /**
   * {@code req_}, the current time in milliseconds as 11 hex digits, then 84 random bits as 21 hex
   * digits: 36 characters that sort by time, so that the metadata table's primary-key index grows
   * at its end instead of dirtying a random page for every row.
   */
  static String newRequestId(Clock clock) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] id = new char[36];
    "req_".getChars(0, 4, id, 0);
    hex(clock.millis(), id, 4, 11);
    hex(r.nextLong(), id, 15, 16);
    hex(r.nextLong(), id, 31, 5);
    return new String(id);
  }

  /** Writes the low {@code digits} hex digits of {@code v} into {@code out} at {@code at}. */
  private static void hex(long v, char[] out, int at, int digits) {
    for (int k = digits - 1; k >= 0; k--) {
      out[at + k] = Character.forDigit((int) (v & 0xf), 16);
      v >>>= 4;
    }
  }
}
