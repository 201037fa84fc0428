package dev.veil.provider;

import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;

/**
 * An upstream that serves OpenAI-style requests.
 *
 * <p>An implementation gets the request as the last guard passed it on and the model name to use
 * upstream. It must keep every body field it does not itself need to change, must never forward
 * the client's {@code Authorization} header (Veil's key), and returns either the upstream JSON
 * untouched ({@link Response.Json#ofBytes}) or, for {@code stream: true}, a {@link
 * Response.Streaming} whose source yields each event as soon as it arrives. Closing that source
 * cancels the upstream call.
 *
 * <p>Error statuses from upstream that describe the request (400, 404, 409, 422, 429) are returned
 * as responses with the upstream's status and body; failures of the upstream itself are thrown as
 * {@link UpstreamException}.
 */
public interface Provider {

  /**
   * Whether the provider may keep the request (OpenAI {@code store}): absent or {@code false}
   * unless the recording guard found a policy that allows it, in which case the client's own
   * {@code store} field is sent as is.
   */
  Exchange.Key<Boolean> UPSTREAM_STORE = Exchange.Key.of("provider.upstream-store",
      Boolean.class);

  /**
   * Set by the upstream call when the answer shows the protected request itself (the {@code
   * inspect} provider), so that no guard restores it.
   */
  Exchange.Key<Boolean> INSPECTION = Exchange.Key.of("provider.inspection", Boolean.class);

  /** The name of the provider that served the request, set once the upstream call begins. */
  Exchange.Key<String> SERVED_BY = Exchange.Key.of("provider.served-by", String.class);

  /**
   * What went wrong upstream, if anything: {@code upstream_timeout}, {@code
   * upstream_unavailable}, {@code upstream_error} ({@link UpstreamException.Kind#code}), or
   * {@code refused_4xx} / {@code refused_5xx} for an error status passed on to the client.
   */
  Exchange.Key<String> FAILURE = Exchange.Key.of("provider.failure", String.class);

  /** The name given in the configuration. */
  String name();

  /**
   * Whether this provider answers with the protected request itself (the {@code inspect}
   * provider), whose answer must not be restored.
   */
  default boolean showsProtectedRequest() {
    return false;
  }

  /**
   * Whether {@code upstreamModel} may be sent to this provider. A provider that puts the model in
   * its URL (Azure's deployment) refuses names that could change the path; a client's model name
   * reaches a provider through a {@code "*"} route unchanged.
   */
  default boolean acceptsModel(String upstreamModel) {
    return true;
  }

  /** Sends a chat completion request, streamed if {@link Request#stream()}. */
  Response chat(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException;

  /** Sends a legacy text completion request, streamed if {@link Request#stream()}. */
  Response completions(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException;

  /**
   * Sends a Responses API request, streamed if {@link Request#stream()}. A streamed answer ends
   * with {@link dev.veil.guard.SseEvent#END} once its last event ({@code response.completed},
   * {@code response.incomplete}, {@code response.failed} or {@code error}) has arrived.
   */
  default Response responses(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    return Response.error(400, "invalid_request_error", "veil_endpoint_not_supported",
        "The provider of this model does not serve the Responses API through Veil; use"
            + " /v1/chat/completions.", null);
  }

  /** Sends a moderation request; its answer holds category scores, no text. */
  default Response moderations(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    return Response.error(400, "invalid_request_error", "veil_endpoint_not_supported",
        "The provider of this model does not serve /v1/moderations through Veil.", null);
  }

  /** Sends an embeddings request. */
  Response embeddings(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException;

  /**
   * Relays a request Veil does not inspect ({@code unprotected_passthrough}) to {@code
   * <base_url>/<path>}, with the provider's credentials and nothing else of the client's but
   * {@code headers}. The caller reads the answer from the returned call and closes it.
   *
   * @param path the request path after {@code /v1/}, already checked to hold only plain segments
   * @param rawQuery the query string as the client sent it, or {@code null}
   * @param headers name/value pairs to forward (never {@code Authorization})
   * @param body the body, or {@code null} for none
   * @throws UpstreamException if the provider cannot relay (only {@code openai}-type providers
   *     can) or the call failed before its answer's head arrived
   */
  default UpstreamHttp.Call relay(String method, String path, String rawQuery,
      java.util.List<String> headers, byte[] body) throws UpstreamException {
    throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
        "provider " + name() + " cannot relay unprotected requests");
  }

  /**
   * The ids of the models the upstream offers (its {@code GET /models}). Veil lists them in
   * {@code /v1/models} when a {@code "*"} model route sends every name to this provider.
   */
  java.util.List<String> models() throws UpstreamException;
}
