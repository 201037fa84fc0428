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
 * Turns an OpenAI chat-completions request into the answer a model would give, independent of the
 * HTTP server that carries it.
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

  /** The answer to one request; {@code events} is non-null for a stream, {@code body} otherwise. */
  public record Reply(int status, byte[] body, List<byte[]> events) {

    public boolean streamed() {
      return events != null;
    }
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
        if ("text".equals(part.path("type").asText())) {
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
