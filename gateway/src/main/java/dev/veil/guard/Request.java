package dev.veil.guard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * An OpenAI-style API request on its way through the guards.
 *
 * <p>It enters the pipeline {@linkplain #received as received}, before its body is read: empty
 * body, no model. The guard that reads the body passes it on {@link #withBody with the body}, and
 * the guard that validates it {@link #withFieldsFromBody with the model and stream flag} taken
 * from the body; every guard after that sees all fields set.
 *
 * <p>The {@code body} is the request JSON as a Jackson tree; fields Veil does not act on are kept
 * exactly as the client sent them. The tree is owned by this request: a guard that changes it
 * should {@link ObjectNode#deepCopy() copy} it and pass a new request with {@link #withBody}, so
 * that earlier guards keep seeing what they passed on.
 *
 * @param endpoint which API the request is for
 * @param model the model name the client asked for (as in the body)
 * @param stream whether the client asked for a streamed answer
 * @param body the parsed JSON body; unknown fields preserved
 * @param headers the few client headers that matter upstream (lower-case names); never the
 *     {@code Authorization} header
 */
public record Request(
    Endpoint endpoint, String model, boolean stream, ObjectNode body, Map<String, String> headers) {

  /** The OpenAI API endpoints Veil serves. */
  public enum Endpoint {
    CHAT_COMPLETIONS("chat"),
    EMBEDDINGS("embeddings"),
    /** The legacy text completion, {@code /v1/completions}. */
    COMPLETIONS("completions"),
    /** The Responses API, {@code POST /v1/responses}. */
    RESPONSES("responses"),
    /** Moderation, {@code POST /v1/moderations}: protected like embeddings, never streamed. */
    MODERATIONS("moderations");

    private final String label;

    Endpoint(String label) {
      this.label = label;
    }

    /** A short label for metrics and records. */
    public String label() {
      return label;
    }
  }

  public Request {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /** A request whose body has not been read yet (see the class documentation). */
  public static Request received(Endpoint endpoint, Map<String, String> headers) {
    return new Request(endpoint, "", false, JsonNodeFactory.instance.objectNode(), headers);
  }

  /**
   * This request with the model and stream flag of its body; embeddings and moderations never
   * stream. The
   * caller has checked that {@code model} is a string and {@code stream} a boolean, if present.
   */
  public Request withFieldsFromBody() {
    boolean streams = endpoint != Endpoint.EMBEDDINGS && endpoint != Endpoint.MODERATIONS
        && body.path("stream").asBoolean(false);
    return new Request(endpoint, body.path("model").asText(), streams, body, headers);
  }

  /** This request with another body (the model and stream flag stay as they are). */
  public Request withBody(ObjectNode newBody) {
    return new Request(endpoint, model, stream, newBody, headers);
  }

  @Override
  public String toString() {
    return "Request[" + endpoint + ", model=" + model + ", stream=" + stream + "]";
  }
}
