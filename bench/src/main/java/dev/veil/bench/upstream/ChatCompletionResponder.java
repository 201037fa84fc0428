package dev.veil.bench.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns an OpenAI chat-completions request ({@code /v1/chat/completions}) or Responses API request
 * ({@code /v1/responses}) into the answer a model would give, independent of the HTTP server that
 * carries it. A Responses stream is the event sequence OpenAI sends for one message: {@code
 * response.created}, {@code response.output_item.added}, {@code response.content_part.added}, the
 * {@code response.output_text.delta} events, their {@code .done} events and {@code
 * response.completed} with the usage.
 *
 * <p>The assistant echoes the last user message: a gateway that pseudonymises personal values on
 * the way out then has to restore them on the way back, so the whole round trip is exercised and
 * the load driver can check that the values came back. Token counts in {@code usage} are estimated
 * at four characters a token, like a real tokenizer on English text.
 */
public final class ChatCompletionResponder {

  static final byte[] DONE_EVENT = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UpstreamOptions options;
  private final AtomicLong ids = new AtomicLong();

  public ChatCompletionResponder(UpstreamOptions options) {
    this.options = options;
  }

  public UpstreamOptions options() {
    return options;
  }

  /**
   * The answer to one request; {@code events} is non-null for a stream, {@code body} otherwise.
   *
   * @param firstContent the index of the first event that carries text
   */
  public record Reply(int status, byte[] body, List<byte[]> events, int firstContent) {

    Reply(int status, byte[] body, List<byte[]> events) {
      this(status, body, events, 1);
    }

    public boolean streamed() {
      return events != null;
    }

    /** Whether a server waits {@code chunk_delay} before event {@code i}: between text chunks. */
    public boolean pausesBefore(int i, int chunks) {
      return i > firstContent && i < firstContent + chunks;
    }
  }

  /**
   * Answers a {@code POST} to {@code path}, or returns null for a path it does not serve (404).
   */
  public Reply reply(String path, byte[] requestBody) {
    return switch (path) {
      case "/v1/chat/completions" -> reply(requestBody);
      case "/v1/responses" -> responses(requestBody);
      default -> null;
    };
  }

  /** Answers a Responses API request: the last user text of {@code input}, echoed. */
  Reply responses(byte[] requestBody) {
    JsonNode request;
    try {
      request = JSON.readTree(requestBody);
    } catch (IOException e) {
      return error(400, "request body is not JSON");
    }
    JsonNode input = request == null ? null : request.get("input");
    if (input == null || !(input.isTextual() || input.isArray())) {
      return error(400, "input must be a string or an array");
    }
    int promptChars = request.path("instructions").asText("").length();
    String lastUser = input.isTextual() ? input.asText() : "";
    for (JsonNode item : input) {
      String text = textOf(item.path("content"));
      promptChars += text.length();
      if ("user".equals(item.path("role").asText())) {
        lastUser = text;
      }
    }
    String echo = lastUser;
    if (input.isTextual()) {
      promptChars += echo.length();
    }
    int prompt = (promptChars + 3) / 4;
    int completion = (echo.length() + 3) / 4;
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", prompt).putObject("input_tokens_details").put("cached_tokens", 0);
    usage.put("output_tokens", completion)
        .putObject("output_tokens_details").put("reasoning_tokens", 0);
    usage.put("total_tokens", prompt + completion);
    String id = "resp_fake" + ids.incrementAndGet();
    String model = request.path("model").asText("unknown");
    if (!request.path("stream").asBoolean(false)) {
      return new Reply(200, bytes(response(id, model, "completed", message(echo, true), usage)),
          null);
    }
    List<byte[]> events = new ArrayList<>(options.chunks() + 8);
    int[] sequence = {0};
    ObjectNode created = response(id, model, "in_progress", null, null);
    events.add(sse("response.created", sequence, e -> e.set("response", created)));
    events.add(sse("response.output_item.added", sequence, e -> e.put("output_index", 0)
        .set("item", message(null, false))));
    events.add(sse("response.content_part.added", sequence, e -> part(e).set("part",
        outputText(""))));
    for (String piece : split(echo, options.chunks())) {
      events.add(sse("response.output_text.delta", sequence, e -> part(e).put("delta", piece)
          .putArray("logprobs")));
    }
    events.add(sse("response.output_text.done", sequence, e -> part(e).put("text", echo)
        .putArray("logprobs")));
    events.add(sse("response.content_part.done", sequence, e -> part(e).set("part",
        outputText(echo))));
    events.add(sse("response.output_item.done", sequence, e -> e.put("output_index", 0)
        .set("item", message(echo, true))));
    ObjectNode completed = response(id, model, "completed", message(echo, true), usage);
    events.add(sse("response.completed", sequence, e -> e.set("response", completed)));
    return new Reply(200, null, events, 3);
  }

  private static ObjectNode part(ObjectNode event) {
    return event.put("item_id", "msg_fake").put("output_index", 0).put("content_index", 0);
  }

  private static ObjectNode outputText(String text) {
    ObjectNode p = JSON.createObjectNode().put("type", "output_text").put("text", text);
    p.putArray("annotations");
    return p;
  }

  /** An assistant message item; its content is empty when {@code text} is null. */
  private static ObjectNode message(String text, boolean done) {
    ObjectNode m = JSON.createObjectNode().put("id", "msg_fake").put("type", "message")
        .put("status", done ? "completed" : "in_progress").put("role", "assistant");
    var content = m.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    return m;
  }

  private static ObjectNode response(String id, String model, String status, ObjectNode item,
      ObjectNode usage) {
    ObjectNode r = JSON.createObjectNode().put("id", id).put("object", "response")
        .put("created_at", System.currentTimeMillis() / 1000).put("status", status)
        .put("model", model);
    var output = r.putArray("output");
    if (item != null) {
      output.add(item);
    }
    r.put("store", false);
    if (usage != null) {
      r.set("usage", usage);
    } else {
      r.putNull("usage");
    }
    return r;
  }

  private static byte[] sse(String type, int[] sequence,
      java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode e = JSON.createObjectNode().put("type", type);
    fill.accept(e);
    e.put("sequence_number", sequence[0]++);
    byte[] json = bytes(e);
    byte[] head = ("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(json, 0, out, head.length, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  /** Answers {@code requestBody}; malformed requests get a 400 with an OpenAI-style error. */
  public Reply reply(byte[] requestBody) {
    JsonNode request;
    try {
      request = JSON.readTree(requestBody);
    } catch (IOException e) {
      return error(400, "request body is not JSON");
    }
    if (request == null || !request.path("messages").isArray() || request.path("messages").isEmpty()) {
      return error(400, "messages must be a non-empty array");
    }
    String model = request.path("model").asText("unknown");
    int promptChars = 0;
    String echo = "";
    for (JsonNode message : request.path("messages")) {
      String text = textOf(message.path("content"));
      promptChars += text.length();
      if ("user".equals(message.path("role").asText())) {
        echo = text;
      }
    }
    ObjectNode usage = usage(promptChars, echo.length());
    String id = "chatcmpl-fake" + ids.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    if (request.path("stream").asBoolean(false)) {
      boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
      return new Reply(200, null, streamEvents(id, created, model, echo, includeUsage ? usage : null));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", echo).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    body.set("usage", usage);
    body.put("system_fingerprint", "fp_veil_bench");
    return new Reply(200, bytes(body), null);
  }

  private List<byte[]> streamEvents(String id, long created, String model, String echo, ObjectNode usage) {
    List<byte[]> events = new ArrayList<>(options.chunks() + 4);
    ObjectNode first = chunk(id, created, model);
    ((ObjectNode) first.get("choices").get(0).get("delta")).put("role", "assistant").put("content", "");
    events.add(event(first));
    for (String piece : split(echo, options.chunks())) {
      ObjectNode content = chunk(id, created, model);
      ((ObjectNode) content.get("choices").get(0).get("delta")).put("content", piece);
      events.add(event(content));
    }
    ObjectNode last = chunk(id, created, model);
    ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
    events.add(event(last));
    if (usage != null) {
      ObjectNode usageChunk = JSON.createObjectNode();
      usageChunk.put("id", id).put("object", "chat.completion.chunk").put("created", created);
      usageChunk.put("model", model).putArray("choices");
      usageChunk.set("usage", usage);
      events.add(event(usageChunk));
    }
    events.add(DONE_EVENT);
    return events;
  }

  private static ObjectNode chunk(String id, long created, String model) {
    ObjectNode chunk = JSON.createObjectNode();
    chunk.put("id", id).put("object", "chat.completion.chunk").put("created", created);
    chunk.put("model", model).put("system_fingerprint", "fp_veil_bench");
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return chunk;
  }

  /** Splits into {@code parts} pieces of near-equal length, never between a surrogate pair. */
  static List<String> split(String text, int parts) {
    List<String> pieces = new ArrayList<>(parts);
    int start = 0;
    for (int i = 1; i <= parts; i++) {
      int end = (int) ((long) text.length() * i / parts);
      if (end > start && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      end = Math.max(end, start);
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  private static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        String type = part.path("type").asText();
        if ("text".equals(type) || "input_text".equals(type)) {
          text.append(part.path("text").asText());
        }
      }
      return text.toString();
    }
    return "";
  }

  private static ObjectNode usage(int promptChars, int completionChars) {
    int prompt = (promptChars + 3) / 4;
    int completion = (completionChars + 3) / 4;
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", prompt).put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return usage;
  }

  private static Reply error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message).put("type", "invalid_request_error").putNull("param").putNull("code");
    return new Reply(status, bytes(body), null);
  }

  private static byte[] event(ObjectNode chunk) {
    byte[] json = bytes(chunk);
    byte[] event = new byte[json.length + 8];
    System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
    System.arraycopy(json, 0, event, 6, json.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
