package dev.veil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;

/**
 * Checks the types of the request fields Veil acts on, and passes the request on with its model
 * and stream flag ({@link Request#withFieldsFromBody()}). Guards after it can rely on them: the
 * model is a non-empty string, every message is an object with a string {@code role} and a
 * {@code content} that is a string, an array or null. Other fields are not checked here; they
 * pass through as sent.
 */
final class RequestValidator implements Guard {

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    Response.Json invalid = check(request.endpoint(), request.body());
    return invalid != null ? invalid : chain.proceed(request.withFieldsFromBody());
  }

  /** Returns the error to answer with, or {@code null} if the request is well-formed. */
  static Response.Json check(Request.Endpoint endpoint, ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isEmpty()) {
      return ApiErrors.invalid("'model' must be a non-empty string.", "model");
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      return ApiErrors.invalid("'stream' must be a boolean.", "stream");
    }
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> checkChat(body);
      case EMBEDDINGS -> checkEmbeddings(body);
    };
  }

  private static Response.Json checkChat(ObjectNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return ApiErrors.invalid("'messages' must be a non-empty array.", "messages");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String param = "messages[" + i + "]";
      if (!m.isObject()) {
        return ApiErrors.invalid("'" + param + "' must be an object.", param);
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual()) {
        return ApiErrors.invalid("'" + param + ".role' must be a string.", param + ".role");
      }
      JsonNode content = m.get("content");
      if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
        return ApiErrors.invalid("'" + param + ".content' must be a string, an array or null.",
            param + ".content");
      }
      if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          if (!part.isObject() || !part.path("type").isTextual()) {
            return ApiErrors.invalid("'" + param + ".content' parts must be objects with a"
                + " string 'type'.", param + ".content");
          }
        }
      }
    }
    return null;
  }

  private static Response.Json checkEmbeddings(ObjectNode body) {
    JsonNode input = body.get("input");
    if (input == null || !(input.isTextual() || input.isArray())) {
      return ApiErrors.invalid("'input' must be a string or an array.", "input");
    }
    return null;
  }
}
