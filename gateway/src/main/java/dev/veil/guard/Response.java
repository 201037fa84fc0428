package dev.veil.guard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * What the pipeline answers: either a complete JSON response or a stream of server-sent events.
 *
 * <p>Both forms are immutable; guards derive changed copies ({@link Json#withBody}, {@link
 * Streaming#transform}).
 */
public sealed interface Response permits Response.Json, Response.Streaming {

  /** The HTTP status sent to the client. */
  int status();

  /** Whether this response is an error (status 400 or above). */
  default boolean isError() {
    return status() >= 400;
  }

  /**
   * An OpenAI-style error response: {@code {"error":{"message","type","param","code"}}}.
   *
   * <h2>Security</h2>
   * {@code message} is sent to the client and may be logged: never put request content or a
   * detected value in it.
   */
  static Json error(int status, String type, String code, String message, String param) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("message", message);
    error.put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("error", error);
    return new Json(status, root);
  }

  /**
   * A complete JSON response. It holds either the upstream bytes as received (sent on unchanged
   * when no guard touched them) or a tree that a guard built.
   */
  final class Json implements Response {
    private static final ObjectMapper MAPPER = Jackson.MAPPER;

    private final int status;
    private final byte[] raw;
    private final ObjectNode tree;

    /** A response from a tree. */
    public Json(int status, ObjectNode body) {
      this.status = status;
      this.raw = null;
      this.tree = Objects.requireNonNull(body, "body");
    }

    private Json(int status, byte[] raw) {
      this.status = status;
      this.raw = raw;
      this.tree = null;
    }

    /**
     * A response from bytes that are already a serialised JSON object (for example an upstream
     * answer). The bytes are not copied: the caller must not change them afterwards.
     */
    public static Json ofBytes(int status, byte[] json) {
      return new Json(status, Objects.requireNonNull(json, "json"));
    }

    @Override
    public int status() {
      return status;
    }

    /**
     * The body as a fresh tree that the caller may change; pass it back with {@link #withBody}.
     *
     * @throws UncheckedIOException if upstream bytes are not a JSON object
     */
    public ObjectNode body() {
      if (tree != null) {
        return tree.deepCopy();
      }
      try {
        JsonNode node = MAPPER.readTree(raw);
        if (node instanceof ObjectNode object) {
          return object;
        }
        throw new IOException("response body is not a JSON object");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * One top-level field of the body, for reading only, or {@code null} if there is none or the
     * body is not a JSON object. Cheaper than {@link #body()}: nothing is copied, and upstream
     * bytes are only tokenised, with a tree built for that field alone.
     */
    public JsonNode field(String name) {
      if (tree != null) {
        return tree.get(name);
      }
      try (JsonParser p = MAPPER.createParser(raw)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          boolean wanted = name.equals(p.currentName());
          p.nextToken();
          if (wanted) {
            return MAPPER.readTree(p);
          }
          p.skipChildren();
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    }

    /** This response with another body. */
    public Json withBody(ObjectNode body) {
      return new Json(status, body);
    }

    /** The bytes to send: the original ones if nothing changed, else the serialised tree. */
    public byte[] bytes() {
      if (raw != null) {
        return raw;
      }
      try {
        return MAPPER.writeValueAsBytes(tree);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return "Response.Json[" + status + "]";
    }
  }

  /**
   * A streamed response: events come from {@code source} and pass through {@code transformer}
   * one at a time as they arrive.
   */
  record Streaming(int status, SseSource source, StreamTransformer transformer)
      implements Response {

    public Streaming {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(transformer, "transformer");
    }

    /** A stream from {@code source} with no transformation. */
    public static Streaming of(SseSource source) {
      return new Streaming(200, source, StreamTransformer.IDENTITY);
    }

    /**
     * This stream with {@code next} applied after the transformations already in place. A guard
     * calls this on the response it got from {@code proceed}, so guards nearer the provider
     * transform first.
     */
    public Streaming transform(StreamTransformer next) {
      return new Streaming(status, source, transformer.andThen(next));
    }

    @Override
    public String toString() {
      return "Response.Streaming[" + status + "]";
    }
  }
}
