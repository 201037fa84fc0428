package dev.veil.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OpenAI-compatible upstream: OpenAI itself, or any server speaking its API (Ollama, vLLM,
 * llama.cpp, LiteLLM ...). Requests go to {@code <base_url>/chat/completions} and {@code
 * <base_url>/embeddings} with {@code Authorization: Bearer <provider key>}.
 *
 * <p>The body is sent as the guards left it, with {@code model} set to the upstream model and,
 * for chat, {@code "store": false} unless the provider is configured otherwise or a policy allowed
 * storage for this request.
 *
 * <p>Timeouts: connecting is bounded by the client's connect timeout; a non-streamed answer must
 * arrive completely within {@code first_byte}; a stream must start within {@code first_byte} and
 * may then be silent for at most {@code stream_idle} between two lines.
 *
 * <h2>Security</h2>
 * Upstream TLS is verified by the JDK's default trust store; plain {@code http} is accepted by the
 * configuration only for loopback hosts. The provider key is read once at start-up and sent only
 * upstream.
 */
public class OpenAiProvider implements Provider {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String name;
  private final URI baseUrl;
  private final String apiKey;
  private final boolean sendStoreFalse;
  private final HttpClient http;
  private final VeilConfig.Timeouts timeouts;

  public OpenAiProvider(VeilConfig.ProviderConfig config, String apiKey, HttpClient http,
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
    ObjectNode body = request.body().deepCopy();
    prepareBody(body, upstreamModel);
    if (sendStoreFalse && !exchange.upstreamStoreAllowed()) {
      body.put("store", false);
    }
    HttpRequest http = build(endpoint("chat/completions", upstreamModel), body, request.stream());
    return request.stream() ? stream(http) : call(http);
  }

  @Override
  public Response embeddings(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    ObjectNode body = request.body().deepCopy();
    prepareBody(body, upstreamModel);
    return call(build(endpoint("embeddings", upstreamModel), body, false));
  }

  @Override
  public java.util.List<String> models() throws UpstreamException {
    HttpRequest.Builder b = HttpRequest.newBuilder(modelsEndpoint())
        .version(versionFor(modelsEndpoint()))
        .timeout(timeouts.firstByte())
        .header("Accept", "application/json")
        .GET();
    if (apiKey != null) {
      authorize(b, apiKey);
    }
    Response r = call(b.build());
    if (!(r instanceof Response.Json json) || json.status() != 200) {
      throw new UpstreamException(UpstreamException.Kind.ERROR,
          "provider " + name + " did not list its models");
    }
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode m : json.body().path("data")) {
      if (m.path("id").isTextual()) {
        ids.add(m.get("id").asText());
      }
    }
    return ids;
  }

  /** The URL that lists the upstream's models. */
  protected URI modelsEndpoint() {
    return URI.create(baseUrl + "/models");
  }

  /** Sets the model field; Azure overrides this because the deployment is in the URL. */
  protected void prepareBody(ObjectNode body, String upstreamModel) {
    body.put("model", upstreamModel);
  }

  /** The URL of an operation ({@code chat/completions} or {@code embeddings}). */
  protected URI endpoint(String operation, String upstreamModel) {
    return URI.create(baseUrl + "/" + operation);
  }

  /** Adds the provider's credentials to an upstream request. */
  protected void authorize(HttpRequest.Builder builder, String key) {
    builder.header("Authorization", "Bearer " + key);
  }

  private HttpRequest build(URI uri, ObjectNode body, boolean stream) throws UpstreamException {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
          "cannot serialise the request", e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .version(versionFor(uri))
        .timeout(timeouts.firstByte())
        .header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (apiKey != null) {
      authorize(b, apiKey);
    }
    return b.build();
  }

  /**
   * HTTP/2 where TLS can negotiate it; HTTP/1.1 on plain (loopback) connections, where the
   * client's h2c upgrade attempt would otherwise cost a new connection per request.
   */
  static HttpClient.Version versionFor(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme())
        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
  }

  private Response call(HttpRequest request) throws UpstreamException {
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = future.get(timeouts.firstByte().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "no answer from provider " + name + " within " + timeouts.firstByte().toSeconds()
              + "s");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
    return answer(response.statusCode(), response.body());
  }

  private Response stream(HttpRequest request) throws UpstreamException {
    LineSseSource source = new LineSseSource(timeouts.streamIdle());
    CompletableFuture<Integer> headers = new CompletableFuture<>();
    HttpResponse.BodyHandler<byte[]> handler = info -> {
      headers.complete(info.statusCode());
      if (info.statusCode() == 200) {
        return HttpResponse.BodySubscribers.fromLineSubscriber(
            source, s -> (byte[]) null, StandardCharsets.UTF_8, null);
      }
      return HttpResponse.BodySubscribers.ofByteArray();
    };
    CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, handler);
    int status;
    try {
      CompletableFuture.anyOf(headers, future)
          .get(timeouts.firstByte().toNanos(), TimeUnit.NANOSECONDS);
      status = headers.isDone() ? headers.join() : future.join().statusCode();
    } catch (TimeoutException e) {
      future.cancel(true);
      source.close();
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "provider " + name + " did not start the stream within "
              + timeouts.firstByte().toSeconds() + "s");
    } catch (InterruptedException e) {
      future.cancel(true);
      source.close();
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      source.close();
      throw failure(e.getCause());
    }
    if (status == 200) {
      return Response.Streaming.of(source);
    }
    try {
      HttpResponse<byte[]> response =
          future.get(timeouts.firstByte().toNanos(), TimeUnit.NANOSECONDS);
      return answer(status, response.body());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "provider " + name + " did not finish its error answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      throw failure(e.getCause());
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
        "provider " + name + " answered with HTTP " + status);
  }

  private UpstreamException failure(Throwable cause) {
    if (cause instanceof UpstreamException u) {
      return u;
    }
    if (cause instanceof HttpTimeoutException) {
      return new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "provider " + name + " did not answer in time", cause);
    }
    if (cause instanceof ConnectException) {
      return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
          "cannot connect to provider " + name, cause);
    }
    return new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
        "the call to provider " + name + " failed (" + cause.getClass().getSimpleName() + ")",
        cause);
  }

  /** An HTTP client suitable for providers: HTTP/2 when offered, verified TLS, no redirects. */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
