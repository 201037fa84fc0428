package dev.veil.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * An OpenAI-style API request after parsing and authentication.
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
    EMBEDDINGS("embeddings");

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

  /** This request with another body (the model and stream flag stay as they are). */
  public Request withBody(ObjectNode newBody) {
    return new Request(endpoint, model, stream, newBody, headers);
  }

  @Override
  public String toString() {
    return "Request[" + endpoint + ", model=" + model + ", stream=" + stream + "]";
  }
}
