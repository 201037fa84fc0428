package dev.veil.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.SseSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The built-in provider used when none is configured: it sends nothing anywhere and answers a
 * chat request with exactly the {@code messages} that would have been sent upstream (after every
 * guard), as the assistant's content in JSON. Streaming requests get the same text as a stream of
 * chunks. It is the safe way to see what the policies do.
 *
 * <p>A legacy completion gets its protected {@code prompt} (and {@code suffix}) as its text, and a
 * Responses API request its protected {@code instructions} and {@code input} as the text of its
 * one message, streamed as the Responses event sequence when asked.
 *
 * <p>An embeddings request gets an embeddings-shaped answer with one empty vector per input and,
 * in the extra top-level field {@value #INPUT_FIELD}, the {@code input} exactly as it would have
 * been sent upstream.
 *
 * <p>In {@code GET /v1/models}, behind a {@code "*"} route, it lists one model: its own name,
 * which that route accepts like any other.
 */
public final class InspectProvider implements Provider {
  /** The field of an embeddings answer that holds the protected input. */
  public static final String INPUT_FIELD = "input";
  private static final int CHUNK_CHARS = 48;
  private final String name;

  public InspectProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean showsProtectedRequest() {
    return true;
  }

  @Override
  public Response chat(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    JsonNode messages = request.body().get("messages");
    String content;
    try {
      content = OpenAiProvider.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(messages);
    } catch (JsonProcessingException e) {
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "cannot render messages",
          e);
    }
    String id = "chatcmpl-inspect-" + exchange.requestId();
    long created = exchange.clock().instant().getEpochSecond();
    if (!request.stream()) {
      ObjectNode body = OpenAiProvider.MAPPER.createObjectNode();
      body.put("id", id);
      body.put("object", "chat.completion");
      body.put("created", created);
      body.put("model", upstreamModel);
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", content);
      choice.put("finish_reason", "stop");
      ObjectNode usage = body.putObject("usage");
      usage.put("prompt_tokens", 0);
      usage.put("completion_tokens", 0);
      usage.put("total_tokens", 0);
      return new Response.Json(200, body);
    }
    Deque<SseEvent> events = new ArrayDeque<>();
    events.add(chunk(id, created, upstreamModel, "role", "assistant", null));
    int start = 0;
    while (start < content.length()) {
      int end = Math.min(content.length(), start + CHUNK_CHARS);
      if (end < content.length() && Character.isHighSurrogate(content.charAt(end - 1))) {
        end--;
      }
      events.add(chunk(id, created, upstreamModel, "content", content.substring(start, end),
          null));
      start = end;
    }
    events.add(chunk(id, created, upstreamModel, null, null, "stop"));
    events.add(SseEvent.DONE);
    return stream(events);
  }

  /** A stream of events made in advance. */
  private static Response.Streaming stream(Deque<SseEvent> events) {
    return Response.Streaming.of(new SseSource() {
      @Override
      public SseEvent next() {
        return events.pollFirst();
      }

      @Override
      public void close() {
        events.clear();
      }
    });
  }

  private static SseEvent chunk(String id, long created, String model, String field,
      String value, String finish) {
    ObjectNode c = OpenAiProvider.MAPPER.createObjectNode();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", created);
    c.put("model", model);
    ArrayNode choices = c.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (field != null) {
      delta.put(field, value);
    }
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return SseEvent.data(c.toString());
  }

  /**
   * A legacy completion's answer is its protected {@code prompt} (and {@code suffix}), rendered as
   * JSON, as one text or, streamed, in text chunks.
   */
  @Override
  public Response completions(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    ObjectNode shown = OpenAiProvider.MAPPER.createObjectNode();
    shown.set("prompt", request.body().get("prompt"));
    if (request.body().has("suffix")) {
      shown.set("suffix", request.body().get("suffix"));
    }
    String text;
    try {
      text = OpenAiProvider.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(shown);
    } catch (JsonProcessingException e) {
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "cannot render the prompt",
          e);
    }
    ObjectNode head = OpenAiProvider.MAPPER.createObjectNode();
    head.put("id", "cmpl-inspect-" + exchange.requestId());
    head.put("object", "text_completion");
    head.put("created", exchange.clock().instant().getEpochSecond());
    head.put("model", upstreamModel);
    if (!request.stream()) {
      ObjectNode choice = head.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("text", text);
      choice.put("finish_reason", "stop");
      return new Response.Json(200, head);
    }
    Deque<SseEvent> events = new ArrayDeque<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + CHUNK_CHARS);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      ObjectNode c = head.deepCopy();
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("text", text.substring(start, end));
      if (end == text.length()) {
        choice.put("finish_reason", "stop");
      } else {
        choice.putNull("finish_reason");
      }
      events.add(SseEvent.data(c.toString()));
      start = end;
    }
    events.add(SseEvent.DONE);
    return stream(events);
  }

  /**
   * A Responses API answer whose one message is the protected {@code instructions} and {@code
   * input}, rendered as JSON; streamed, the Responses event sequence with that text in deltas,
   * ended by {@link SseEvent#END} as a complete upstream stream is.
   */
  @Override
  public Response responses(Request request, String upstreamModel, Exchange exchange)
      throws UpstreamException {
    ObjectNode shown = OpenAiProvider.MAPPER.createObjectNode();
    shown.set("instructions", request.body().get("instructions"));
    shown.set("input", request.body().get("input"));
    String text;
    try {
      text = OpenAiProvider.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(shown);
    } catch (JsonProcessingException e) {
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "cannot render the input",
          e);
    }
    String id = "resp_inspect_" + exchange.requestId();
    long created = exchange.clock().instant().getEpochSecond();
    if (!request.stream()) {
      return new Response.Json(200, response(id, created, upstreamModel, request, "completed",
          message(text)));
    }
    Deque<SseEvent> events = new ArrayDeque<>();
    ResponsesEvents emit = new ResponsesEvents(events);
    emit.add("response.created", o -> o.set("response", response(id, created, upstreamModel,
        request, "in_progress", null)));
    ObjectNode empty = message("");
    ((ArrayNode) empty.get("content")).removeAll();
    empty.put("status", "in_progress");
    emit.add("response.output_item.added", o -> o.put("output_index", 0).set("item", empty));
    emit.add("response.content_part.added", o -> part(o).set("part", outputText("")));
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + CHUNK_CHARS);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      String delta = text.substring(start, end);
      emit.add("response.output_text.delta", o -> part(o).put("delta", delta)
          .putArray("logprobs"));
      start = end;
    }
    emit.add("response.output_text.done", o -> part(o).put("text", text).putArray("logprobs"));
    emit.add("response.content_part.done", o -> part(o).set("part", outputText(text)));
    emit.add("response.output_item.done", o -> o.put("output_index", 0)
        .set("item", message(text)));
    emit.add("response.completed", o -> o.set("response", response(id, created, upstreamModel,
        request, "completed", message(text))));
    events.add(SseEvent.END);
    return stream(events);
  }

  /** Adds named Responses events, each with its type and the next sequence number. */
  private record ResponsesEvents(Deque<SseEvent> events) {
    void add(String type, java.util.function.Consumer<ObjectNode> fields) {
      ObjectNode o = OpenAiProvider.MAPPER.createObjectNode();
      o.put("type", type);
      fields.accept(o);
      o.put("sequence_number", events.size());
      events.add(new SseEvent(type, o.toString()));
    }
  }

  private static ObjectNode part(ObjectNode o) {
    return o.put("item_id", "msg_inspect").put("output_index", 0).put("content_index", 0);
  }

  private static ObjectNode outputText(String text) {
    ObjectNode p = OpenAiProvider.MAPPER.createObjectNode();
    p.put("type", "output_text").put("text", text).putArray("annotations");
    return p;
  }

  private static ObjectNode message(String text) {
    ObjectNode m = OpenAiProvider.MAPPER.createObjectNode();
    m.put("id", "msg_inspect").put("type", "message").put("status", "completed")
        .put("role", "assistant").putArray("content").add(outputText(text));
    return m;
  }

  private static ObjectNode response(String id, long created, String model, Request request,
      String status, ObjectNode item) {
    ObjectNode r = OpenAiProvider.MAPPER.createObjectNode();
    r.put("id", id).put("object", "response").put("created_at", created).put("status", status)
        .putNull("error").putNull("incomplete_details");
    r.set("instructions", request.body().get("instructions"));
    r.put("model", model);
    ArrayNode output = r.putArray("output");
    if (item != null) {
      output.add(item);
    }
    r.put("parallel_tool_calls", true).put("store", false).put("temperature", 1.0)
        .put("tool_choice", "auto").put("top_p", 1.0);
    r.putArray("tools");
    r.putObject("metadata");
    ObjectNode usage = r.putObject("usage");
    usage.put("input_tokens", 0).put("output_tokens", 0).put("total_tokens", 0);
    usage.putObject("input_tokens_details").put("cached_tokens", 0);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    return r;
  }

  @Override
  public Response embeddings(Request request, String upstreamModel, Exchange exchange) {
    JsonNode input = request.body().path("input");
    int count = input.isArray() && !input.isEmpty() && !input.get(0).isNumber() ? input.size()
        : 1;
    boolean base64 = "base64".equals(request.body().path("encoding_format").asText());
    ObjectNode body = OpenAiProvider.MAPPER.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (int i = 0; i < count; i++) {
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", i);
      if (base64) {
        e.put("embedding", "");
      } else {
        e.putArray("embedding");
      }
    }
    body.put("model", upstreamModel);
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", 0);
    usage.put("total_tokens", 0);
    body.set(INPUT_FIELD, input.deepCopy());
    return new Response.Json(200, body);
  }

  /** Its own name: a {@code "*"} route to it accepts that name as it accepts any other. */
  @Override
  public java.util.List<String> models() {
    return java.util.List.of(name);
  }

  @Override
  public String toString() {
    return "InspectProvider[" + name + "]";
  }
}
