package dev.veil.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.SseEvent;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the chunks of an OpenAI chat completion stream into the non-streamed {@code
 * chat.completion} object they add up to (a legacy text completion's into its {@code
 * text_completion}; of a Responses stream, the response its last event carries), as they pass:
 * text deltas are appended, tool-call arguments joined by index, the last finish reason and usage kept. It holds the text, not the
 * events, so memory grows with the answer and not with the number of chunks.
 *
 * <p>Not thread-safe; a {@link dev.veil.guard.StreamTransformer} calls it from one thread at a time.
 */
final class ChatStreamAssembler {
  private static final ObjectMapper MAPPER = Jackson.MAPPER;
  private static final String[] HEAD = {"id", "created", "model", "system_fingerprint",
      "service_tier"};

  /** The events of a Responses stream that carry the whole response, one of them last. */
  private static final java.util.Set<String> TERMINAL = java.util.Set.of("response.completed",
      "response.incomplete", "response.failed");

  private final ObjectNode head = MAPPER.createObjectNode();
  /** A Responses stream's response, as its last event holds it; null for a chat stream. */
  private JsonNode response;
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private JsonNode usage;

  private static final class Choice {
    String role;
    final StringBuilder content = new StringBuilder();
    boolean hasContent;
    /** A legacy text completion's {@code text}. */
    final StringBuilder text = new StringBuilder();
    boolean hasText;
    final StringBuilder refusal = new StringBuilder();
    boolean hasRefusal;
    final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
    String finishReason;
  }

  private static final class ToolCall {
    String id;
    String type;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  /**
   * Adds one event of the stream.
   *
   * @throws IOException when the event is not an unnamed JSON object chunk, so that content
   *     which cannot be recorded faithfully stops the stream instead of being kept wrong
   */
  void add(SseEvent event) throws IOException {
    if (event.event() != null) {
      if (!event.event().startsWith("response.") && !event.event().equals("error")) {
        throw new IOException("a named event in a chat completion stream cannot be recorded");
      }
      if (TERMINAL.contains(event.event())) {
        JsonNode whole = MAPPER.readTree(event.data()).get("response");
        if (whole == null || !whole.isObject()) {
          throw new IOException("a Responses stream's last event holds no response");
        }
        response = whole;
      }
      return;
    }
    JsonNode chunk = MAPPER.readTree(event.data());
    if (chunk == null || !chunk.isObject()) {
      throw new IOException("a stream chunk is not a JSON object");
    }
    for (String field : HEAD) {
      JsonNode v = chunk.get(field);
      if (v != null && !v.isNull()) {
        head.set(field, v);
      }
    }
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject()) {
      usage = u;
    }
    for (JsonNode c : chunk.path("choices")) {
      Choice choice = choices.computeIfAbsent(c.path("index").asInt(0), i -> new Choice());
      if (c.path("text").isTextual()) {
        choice.text.append(c.get("text").asText());
        choice.hasText = true;
      }
      JsonNode delta = c.path("delta");
      if (delta.path("role").isTextual()) {
        choice.role = delta.get("role").asText();
      }
      if (delta.path("content").isTextual()) {
        choice.content.append(delta.get("content").asText());
        choice.hasContent = true;
      }
      if (delta.path("refusal").isTextual()) {
        choice.refusal.append(delta.get("refusal").asText());
        choice.hasRefusal = true;
      }
      for (JsonNode t : delta.path("tool_calls")) {
        ToolCall call = choice.toolCalls.computeIfAbsent(t.path("index").asInt(0),
            i -> new ToolCall());
        if (t.path("id").isTextual()) {
          call.id = t.get("id").asText();
        }
        if (t.path("type").isTextual()) {
          call.type = t.get("type").asText();
        }
        JsonNode f = t.path("function");
        if (f.path("name").isTextual()) {
          call.name = f.get("name").asText();
        }
        if (f.path("arguments").isTextual()) {
          call.arguments.append(f.get("arguments").asText());
        }
      }
      if (c.path("finish_reason").isTextual()) {
        choice.finishReason = c.get("finish_reason").asText();
      }
    }
  }

  /** The completion the chunks so far add up to, as JSON. */
  String toJson() {
    if (response != null) {
      return response.toString();
    }
    ObjectNode out = MAPPER.createObjectNode();
    if (head.has("id")) {
      out.set("id", head.get("id"));
    }
    boolean textCompletion = choices.values().stream().anyMatch(c -> c.hasText);
    out.put("object", textCompletion ? "text_completion" : "chat.completion");
    for (String field : HEAD) {
      if (!field.equals("id") && head.has(field)) {
        out.set(field, head.get(field));
      }
    }
    ArrayNode list = out.putArray("choices");
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      Choice c = e.getValue();
      ObjectNode choice = list.addObject();
      choice.put("index", e.getKey());
      if (textCompletion) {
        choice.put("text", c.text.toString());
        choice.put("finish_reason", c.finishReason);
        continue;
      }
      ObjectNode message = choice.putObject("message");
      message.put("role", c.role == null ? "assistant" : c.role);
      if (c.hasContent) {
        message.put("content", c.content.toString());
      } else {
        message.putNull("content");
      }
      if (c.hasRefusal) {
        message.put("refusal", c.refusal.toString());
      }
      if (!c.toolCalls.isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (ToolCall t : c.toolCalls.values()) {
          ObjectNode call = calls.addObject();
          if (t.id != null) {
            call.put("id", t.id);
          }
          call.put("type", t.type == null ? "function" : t.type);
          ObjectNode fn = call.putObject("function");
          if (t.name != null) {
            fn.put("name", t.name);
          }
          fn.put("arguments", t.arguments.toString());
        }
      }
      if (c.finishReason == null) {
        choice.putNull("finish_reason");
      } else {
        choice.put("finish_reason", c.finishReason);
      }
    }
    if (usage != null) {
      out.set("usage", usage);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ChatStreamAssembler[" + choices.size() + " choices]";
  }
}
