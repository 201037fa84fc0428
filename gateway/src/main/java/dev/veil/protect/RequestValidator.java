package dev.veil.protect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.util.Map;

/**
 * The one place that checks the shape of a request: the types of every field Veil acts on, whatever
 * the caller's policy scans. A mistake is refused with 400 {@code invalid_request} naming the field
 * in {@code param}, and the request is passed on with its model and stream flag ({@link
 * Request#withFieldsFromBody()}).
 *
 * <p>Guards after it can rely on the shape: the model is a non-empty string; every message is an
 * object with a string {@code role}, a {@code content} that is a string, an array of parts (objects
 * with a string {@code type}; text parts with a string text) or null; {@code refusal}, tool calls,
 * function calls, {@code prediction}, {@code logit_bias} and the documented number and boolean
 * fields have their documented types; an embeddings {@code input} is a string or an array of
 * strings or token ids; a legacy completion's {@code prompt} is a string or an array of strings. Other fields are not checked; they pass through as sent (and are scanned).
 * The {@link RequestProtector} treats a shape it does not expect as a failure to inspect, so a
 * request that skipped this guard fails closed.
 *
 * <h2>Security</h2>
 * Messages and {@code param} name only documented fields and indexes, never a value or a key the
 * client chose.
 */
public final class RequestValidator implements Guard {

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

  /** A shape mistake, at a documented field. */
  private static final class Mistake extends RuntimeException {
    final String param;

    Mistake(String param, String message) {
      super(message, null, false, false);
      this.param = param;
    }
  }

  /** Returns the error to answer with, or {@code null} if the request is well-formed. */
  static Response.Json check(Request.Endpoint endpoint, ObjectNode body) {
    try {
      require(body.get("model") != null && body.get("model").isTextual()
          && !body.get("model").asText().isEmpty(), "model", "must be a non-empty string");
      JsonNode stream = body.get("stream");
      require(stream == null || stream.isNull() || stream.isBoolean(), "stream",
          "must be a boolean");
      switch (endpoint) {
        case CHAT_COMPLETIONS -> chat(body);
        case EMBEDDINGS -> embeddings(body);
        case COMPLETIONS -> completions(body);
        case RESPONSES -> responses(body);
        case MODERATIONS -> moderations(body);
      }
      return null;
    } catch (Mistake m) {
      return Response.error(400, "invalid_request_error", "invalid_request", m.getMessage(),
          m.param);
    }
  }

  private static void require(boolean ok, String param, String reason) {
    if (!ok) {
      throw new Mistake(param, "'" + param + "' " + reason + ".");
    }
  }

  private static void chat(ObjectNode body) {
    JsonNode messages = body.get("messages");
    require(messages != null && messages.isArray() && !messages.isEmpty(), "messages",
        "must be a non-empty array");
    for (int i = 0; i < messages.size(); i++) {
      String at = "messages[" + i + "]";
      JsonNode m = messages.get(i);
      require(m.isObject(), at, "must be an object");
      require(m.path("role").isTextual(), at + ".role", "must be a string");
      JsonNode content = m.get("content");
      if (content != null && !content.isNull() && !content.isTextual()) {
        require(content.isArray(), at + ".content", "must be a string, an array or null");
        for (JsonNode part : content) {
          if (!part.isObject() || !part.path("type").isTextual()) {
            throw new Mistake(at + ".content", "'" + at + ".content' parts must be objects with"
                + " a string 'type'.");
          }
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      JsonNode v = field.getValue();
      switch (field.getKey()) {
        case "messages" -> {
          for (int i = 0; i < messages.size(); i++) {
            message((ObjectNode) messages.get(i), "messages[" + i + "]");
          }
        }
        case "prediction" -> prediction(v);
        case "logit_bias" -> logitBias(v);
        default -> {
          if (RequestProtector.NUMBERS.contains(field.getKey())) {
            require(v.isNumber() || v.isNull(), field.getKey(), "must be a number");
          } else if (RequestProtector.BOOLEANS.contains(field.getKey())) {
            require(v.isBoolean() || v.isNull(), field.getKey(), "must be a boolean");
          }
        }
      }
    }
  }

  private static void message(ObjectNode m, String at) {
    for (Map.Entry<String, JsonNode> field : m.properties()) {
      JsonNode v = field.getValue();
      switch (field.getKey()) {
        case "content" -> content(v, at);
        case "refusal" -> require(v.isTextual() || v.isNull(), at + ".refusal",
            "must be a string or null");
        case "tool_calls" -> toolCalls(v, at + ".tool_calls");
        case "function_call" -> function(v, at + ".function_call");
        default -> { }
      }
    }
  }

  private static void content(JsonNode c, String at) {
    if (c == null || c.isNull() || c.isTextual()) {
      return;
    }
    require(c instanceof ArrayNode, at + ".content", "must be a string, an array of parts or null");
    for (int k = 0; k < c.size(); k++) {
      String pat = at + ".content[" + k + "]";
      JsonNode p = c.get(k);
      require(p.isObject(), pat, "must be an object");
      require(p.path("type").isTextual(), pat + ".type", "must be a string");
      String t = p.get("type").textValue();
      if (t.equals("text") || t.equals("refusal")) {
        require(p.path(t).isTextual(), pat + "." + t, "must be a string");
      }
    }
  }

  private static void prediction(JsonNode prediction) {
    if (prediction.isNull()) {
      return;
    }
    require(prediction.isObject(), "prediction", "must be an object");
    content(prediction.get("content"), "prediction");
  }

  /** {@code logit_bias} maps token ids to numbers. */
  private static void logitBias(JsonNode v) {
    require(v.isNull() || v.isObject(), "logit_bias", "must be an object");
    require(isLogitBias(v), "logit_bias", "must map token ids to numbers");
  }

  /** True if {@code v} is null or maps token ids to numbers: a {@code logit_bias} holds no text. */
  static boolean isLogitBias(JsonNode v) {
    if (v.isNull()) {
      return true;
    }
    if (!v.isObject()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!isDigits(e.getKey()) || !e.getValue().isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void toolCalls(JsonNode calls, String at) {
    if (calls.isNull()) {
      return;
    }
    require(calls.isArray(), at, "must be an array");
    for (int k = 0; k < calls.size(); k++) {
      String cat = at + "[" + k + "]";
      require(calls.get(k).isObject(), cat, "must be an object");
      JsonNode function = calls.get(k).get("function");
      if (function != null) {
        function(function, cat + ".function");
      }
    }
  }

  /** A {@code function} of a tool call or a legacy {@code function_call}: name and arguments. */
  private static void function(JsonNode function, String at) {
    if (function.isNull()) {
      return;
    }
    require(function.isObject(), at, "must be an object");
    for (Map.Entry<String, JsonNode> field : function.properties()) {
      JsonNode v = field.getValue();
      switch (field.getKey()) {
        case "arguments" -> require(v.isTextual() || v.isNull(), at + ".arguments",
            "must be a string");
        case "name" -> require(v.isTextual() || v.isNull(), at + ".name", "must be a string");
        default -> { }
      }
    }
  }

  /**
   * A legacy completion: {@code prompt} is a string or an array of strings, {@code suffix} a
   * string, and the number and boolean fields have their types.
   */
  private static void completions(ObjectNode body) {
    JsonNode prompt = body.get("prompt");
    require(prompt != null && (prompt.isTextual() || prompt.isArray()), "prompt",
        "must be a string or an array of strings");
    for (int k = 0; k < prompt.size(); k++) {
      require(prompt.get(k).isTextual(), "prompt[" + k + "]",
          "must be a string (token ids cannot be inspected)");
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      JsonNode v = field.getValue();
      String name = field.getKey();
      if (name.equals("suffix")) {
        require(v.isTextual() || v.isNull(), name, "must be a string");
      } else if (name.equals("logit_bias")) {
        logitBias(v);
      } else if (RequestProtector.COMPLETION_NUMBERS.contains(name)) {
        require(v.isNumber() || v.isNull(), name, "must be a number");
      } else if (RequestProtector.COMPLETION_BOOLEANS.contains(name)) {
        require(v.isBoolean() || v.isNull(), name, "must be a boolean");
      }
    }
  }

  /**
   * A Responses API request: {@code input} is a string or an array of items of the kinds Veil
   * inspects ({@link RequestProtector#RESPONSES_ITEMS}), messages with a string role and content
   * that is a string or parts of the known kinds; call arguments, custom tool input and outputs
   * are strings (outputs may be parts); {@code instructions} and {@code previous_response_id} are
   * strings; and the number and boolean fields have their types.
   */
  private static void responses(ObjectNode body) {
    JsonNode input = body.get("input");
    require(input == null || input.isNull() || input.isTextual() || input.isArray(), "input",
        "must be a string or an array of items");
    if (input != null && input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        responseItem(input.get(i), "input[" + i + "]");
      }
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      JsonNode v = field.getValue();
      String name = field.getKey();
      if (name.equals("instructions") || name.equals("previous_response_id")) {
        require(v.isTextual() || v.isNull(), name, "must be a string");
      } else if (RequestProtector.RESPONSES_NUMBERS.contains(name)) {
        require(v.isNumber() || v.isNull(), name, "must be a number");
      } else if (RequestProtector.RESPONSES_BOOLEANS.contains(name)) {
        require(v.isBoolean() || v.isNull(), name, "must be a boolean");
      }
    }
  }

  private static void responseItem(JsonNode item, String at) {
    require(item.isObject(), at, "must be an object");
    JsonNode type = item.get("type");
    require(type == null || (type.isTextual()
        && RequestProtector.RESPONSES_ITEMS.contains(type.textValue())), at + ".type",
        "is not an input item type Veil can inspect (message, function_call,"
            + " function_call_output, custom_tool_call, custom_tool_call_output, reasoning,"
            + " item_reference)");
    String t = type == null ? "message" : type.textValue();
    switch (t) {
      case "message" -> {
        require(item.path("role").isTextual(), at + ".role", "must be a string");
        JsonNode content = item.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
          require(content.isArray(), at + ".content", "must be a string or an array of parts");
          responseParts(content, at + ".content");
        }
      }
      case "function_call" -> require(item.path("arguments").isTextual(), at + ".arguments",
          "must be a string");
      case "custom_tool_call" -> require(item.path("input").isTextual(), at + ".input",
          "must be a string");
      case "function_call_output", "custom_tool_call_output" -> {
        JsonNode output = item.get("output");
        require(output != null && (output.isTextual() || output.isArray()), at + ".output",
            "must be a string or an array of parts");
        if (output.isArray()) {
          responseParts(output, at + ".output");
        }
      }
      default -> { }
    }
  }

  private static void responseParts(JsonNode parts, String at) {
    for (int k = 0; k < parts.size(); k++) {
      String pat = at + "[" + k + "]";
      JsonNode p = parts.get(k);
      require(p.isObject(), pat, "must be an object");
      JsonNode type = p.get("type");
      require(type != null && type.isTextual()
          && RequestProtector.RESPONSES_PARTS.contains(type.textValue()), pat + ".type",
          "is not a content part type Veil can inspect (input_text, output_text, refusal,"
              + " input_image, input_file, input_audio)");
      String t = type.textValue();
      if (t.equals("refusal")) {
        require(p.path("refusal").isTextual(), pat + ".refusal", "must be a string");
      } else if (t.equals("input_text") || t.equals("output_text")) {
        require(p.path("text").isTextual(), pat + ".text", "must be a string");
      }
    }
  }

  /**
   * A moderation's {@code input} is a string, strings, or multimodal parts (objects with a string
   * {@code type}; a {@code text} part has a string {@code text}).
   */
  private static void moderations(ObjectNode body) {
    JsonNode input = body.get("input");
    require(input != null && (input.isTextual() || input.isArray()), "input",
        "must be a string or an array");
    for (int k = 0; k < input.size(); k++) {
      JsonNode item = input.get(k);
      String at = "input[" + k + "]";
      if (item.isObject()) {
        require(item.path("type").isTextual(), at + ".type", "must be a string");
        require(!item.path("type").asText().equals("text") || item.path("text").isTextual(),
            at + ".text", "must be a string");
      } else {
        require(item.isTextual(), at, "must be a string or a part");
      }
    }
  }

  private static void embeddings(ObjectNode body) {
    JsonNode input = body.get("input");
    require(input != null && (input.isTextual() || input.isArray()), "input",
        "must be a string or an array");
    for (int k = 0; k < input.size(); k++) {
      JsonNode item = input.get(k);
      boolean tokenIds = item.isNumber()
          || (item.isArray() && !item.isEmpty() && item.get(0).isNumber());
      require(item.isTextual() || tokenIds, "input[" + k + "]", "must be a string");
    }
    JsonNode dimensions = body.get("dimensions");
    require(dimensions == null || dimensions.isNumber() || dimensions.isNull(), "dimensions",
        "must be a number");
  }
}
