package dev.veil.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible upstream: OpenAI itself, or any server speaking its API (Ollama, vLLM,
 * llama.cpp, LiteLLM ...). Requests go to {@code <base_url>/chat/completions}, {@code
 * <base_url>/completions} and {@code <base_url>/embeddings} with {@code Authorization: Bearer <provider key>}.
 *
 * <p>The body is sent as the guards left it, with {@code model} set to the upstream model and,
 * for chat, {@code "store": false} unless the provider is configured otherwise or a policy allowed
 * storage for this request. Calls go through {@link UpstreamHttp} (HTTP/1.1, pooled keep-alive
 * connections) on the thread that serves the client.
 *
 * <p>Timeouts: connecting is bounded by the client's connect timeout; a non-streamed answer must
 * arrive completely within {@code first_byte}; a stream must start within {@code first_byte} and
 * may then be silent for at most {@code stream_idle} between two lines.
 *
 * <h2>Security</h2>
 * Upstream TLS is verified against the JDK's default trust store, host name included; plain {@code http} is accepted by the
 * configuration only for loopback hosts. The provider key is read once at start-up and sent only
 * upstream.
 */
public class OpenAiProvider implements Provider {
  static final ObjectMapper MAPPER = Jackson.MAPPER;
  private static final int MAX_ERROR_BODY = 64 * 1024;
  /** The largest non-streamed answer accepted (embeddings of a large batch are tens of MB). */
  private static final int MAX_ANSWER = 256 * 1024 * 1024;

  private final String name;
  private final URI baseUrl;
  /** Parsed once: {@link URI#create} costs about a microsecond a request. */
  private final Map<String, URI> operations = new java.util.concurrent.ConcurrentHashMap<>();
  private final String apiKey;
  private final boolean sendStoreFalse;
  private final UpstreamHttp http;
  private final VeilConfig.Timeouts timeouts;

  public OpenAiProvider(VeilConfig.ProviderConfig config, String apiKey, UpstreamHttp http,
      VeilConfig.Timeouts timeouts) {
    this.name = config.name();
    this.baseUrl = config.baseUrl();
    this.apiKey = apiKey;
    this.sendStoreFalse = config.sendStoreFalse();
    this.http = http;
    this.timeouts = timeouts;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Response chat(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    byte[] body = serialise(request.body(), modelField(upstreamModel),
        sendStoreFalse && !Boolean.TRUE.equals(exchange.get(UPSTREAM_STORE)));
    URI uri = endpoint("chat/completions", upstreamModel);
    return request.stream() ? stream(uri, body) : call("POST", uri, body);
  }

  /**
   * The Responses API keeps every response upstream unless told not to, so {@code "store": false}
   * is sent as for chat. Upstream state is reachable only when the provider may keep it: a
   * request that continues a stored response ({@code previous_response_id}) or conversation
   * ({@code conversation}) is refused unless the policy says {@code upstream_store: allow}.
   */
  @Override
  public Response responses(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    boolean mayStore = Boolean.TRUE.equals(exchange.get(UPSTREAM_STORE));
    for (String stateful : new String[] {"previous_response_id", "conversation"}) {
      JsonNode v = request.body().get(stateful);
      if (!mayStore && v != null && !v.isNull()) {
        return Response.error(400, "invalid_request_error", "veil_upstream_store_denied",
            "'" + stateful + "' refers to state kept by the provider, which this API key's policy"
                + " does not allow (upstream_store: deny, the default). Send the whole"
                + " conversation in 'input', or ask the operator to set upstream_store: allow in"
                + " the policy.", stateful);
      }
    }
    byte[] body = serialise(request.body(), modelField(upstreamModel),
        sendStoreFalse && !mayStore);
    URI uri = endpoint("responses", upstreamModel);
    if (!request.stream()) {
      return call("POST", uri, body);
    }
    Response r = stream(uri, body);
    return r instanceof Response.Streaming s
        ? Response.Streaming.of(new ResponsesSseSource(s.source())) : r;
  }

  /** Legacy completions have no {@code store} field: the body goes as the guards left it. */
  @Override
  public Response completions(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    byte[] body = serialise(request.body(), modelField(upstreamModel), false);
    URI uri = endpoint("completions", upstreamModel);
    return request.stream() ? stream(uri, body) : call("POST", uri, body);
  }

  @Override
  public Response embeddings(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    return call("POST", endpoint("embeddings", upstreamModel),
        serialise(request.body(), modelField(upstreamModel), false));
  }

  @Override
  public Response moderations(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    return call("POST", endpoint("moderations", upstreamModel),
        serialise(request.body(), modelField(upstreamModel), false));
  }

  @Override
  public List<String> models() throws UpstreamException {
    Response r = call("GET", modelsEndpoint(), null);
    if (!(r instanceof Response.Json json) || json.status() != 200) {
      throw new UpstreamException(UpstreamException.Kind.ERROR,
          "provider " + name + " did not list its models", r.status());
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode m : json.body().path("data")) {
      if (m.path("id").isTextual()) {
        ids.add(m.get("id").asText());
      }
    }
    return ids;
  }

  @Override
  public UpstreamHttp.Call relay(String method, String path, String rawQuery,
      List<String> headers, byte[] body) throws UpstreamException {
    URI uri = URI.create(baseUrl + "/" + path + (rawQuery == null ? "" : "?" + rawQuery));
    List<String> h = new ArrayList<>(headers);
    if (apiKey != null) {
      h.addAll(credentials(apiKey));
    }
    try {
      return http.send(method, uri, h, body, timeouts.firstByte());
    } catch (SocketTimeoutException e) {
      throw noAnswer();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** The URL that lists the upstream's models. */
  protected URI modelsEndpoint() {
    return URI.create(baseUrl + "/models");
  }

  /**
   * The {@code model} field sent upstream, or {@code null} to leave it out (Azure, where the
   * deployment is in the URL).
   */
  protected String modelField(String upstreamModel) {
    return upstreamModel;
  }

  /** The URL of an operation ({@code chat/completions} or {@code embeddings}). */
  protected URI endpoint(String operation, String upstreamModel) {
    return operations.computeIfAbsent(operation, op -> URI.create(baseUrl + "/" + op));
  }

  /** The header that carries the provider's credentials, and its value. */
  protected List<String> credentials(String key) {
    return List.of("Authorization", "Bearer " + key);
  }

  /**
   * The request body as sent upstream: every field as the guards left it, {@code model} replaced
   * (or left out) and {@code store} set to false if asked. Written from a shallow copy (the same
   * children in a new top-level object), so the request's tree is not changed, and in one call,
   * so Jackson sets up its serialiser context once rather than once per field.
   */
  private static byte[] serialise(ObjectNode body, String model, boolean storeFalse)
      throws UpstreamException {
    ObjectNode out = body.objectNode();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String name = e.getKey();
      if (!name.equals("model") && !(storeFalse && name.equals("store"))) {
        out.set(name, e.getValue());
      }
    }
    if (model != null) {
      out.put("model", model);
    }
    if (storeFalse) {
      out.put("store", false);
    }
    try {
      return MAPPER.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
          "cannot serialise the request", e);
    }
  }

  private List<String> headers(boolean hasBody, boolean stream) {
    List<String> h = new ArrayList<>(6);
    if (hasBody) {
      h.add("Content-Type");
      h.add("application/json");
    }
    h.add("Accept");
    h.add(stream ? "text/event-stream" : "application/json");
    if (apiKey != null) {
      h.addAll(credentials(apiKey));
    }
    return h;
  }

  private UpstreamException noAnswer() {
    return new UpstreamException(UpstreamException.Kind.TIMEOUT,
        "no answer from provider " + name + " within " + timeouts.firstByte().toSeconds() + "s");
  }

  /** Sends a request and reads the whole answer, all within {@code first_byte}. */
  private Response call(String method, URI uri, byte[] body)
      throws UpstreamException {
    long deadline = System.nanoTime() + timeouts.firstByte().toNanos();
    try (UpstreamHttp.Call call = http.send(method, uri, headers(body != null, false), body,
        timeouts.firstByte())) {
      byte[] answer = call.readAll(MAX_ANSWER, deadline);
      return answer(call.status(), answer);
    } catch (SocketTimeoutException e) {
      throw noAnswer();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private Response stream(URI uri, byte[] body) throws UpstreamException {
    UpstreamHttp.Call call;
    try {
      call = http.send("POST", uri, headers(true, true), body, timeouts.firstByte());
    } catch (SocketTimeoutException e) {
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "provider " + name + " did not start the stream within "
              + timeouts.firstByte().toSeconds() + "s");
    } catch (IOException e) {
      throw failure(e);
    }
    if (call.status() == 200) {
      try {
        return Response.Streaming.of(new LineSseSource(call, timeouts.streamIdle()));
      } catch (IOException e) {
        call.abort();
        throw failure(e);
      }
    }
    try (call) {
      byte[] answer = call.readAll(MAX_ERROR_BODY,
          System.nanoTime() + timeouts.firstByte().toNanos());
      return answer(call.status(), answer);
    } catch (SocketTimeoutException e) {
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "provider " + name + " did not finish its error answer in time");
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private Response answer(int status, byte[] body) throws UpstreamException {
    if (status == 200) {
      if (body.length == 0 || body[0] != '{') {
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
            "provider " + name + " answered with something that is not a JSON object");
      }
      return Response.Json.ofBytes(200, body);
    }
    boolean clientError = status == 400 || status == 404 || status == 409 || status == 413
        || status == 422 || status == 429;
    if (clientError && body.length > 0 && body.length <= MAX_ERROR_BODY && body[0] == '{') {
      try {
        ObjectNode node = (ObjectNode) MAPPER.readTree(body);
        if (node.has("error")) {
          return Response.Json.ofBytes(status, body);
        }
      } catch (IOException | ClassCastException e) {
        // Falls through to the generic upstream error below.
      }
    }
    throw new UpstreamException(UpstreamException.Kind.ERROR,
        "provider " + name + " answered with HTTP " + status, status);
  }

  private UpstreamException failure(IOException cause) {
    if (cause instanceof UpstreamException u) {
      return u;
    }
    if (cause instanceof ConnectException || cause instanceof java.net.UnknownHostException) {
      return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
          "cannot connect to provider " + name, cause);
    }
    return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
        "the call to provider " + name + " failed (" + cause.getClass().getSimpleName() + ")",
        cause);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
