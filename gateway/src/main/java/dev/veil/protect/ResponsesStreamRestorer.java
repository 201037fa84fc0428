package dev.veil.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.guard.SseEvent;
import dev.veil.json.Jackson;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores surrogates in a streamed Responses API answer, event by event, and applies the
 * policy's output action, with the same guarantee as {@link StreamRestorer} for chat.
 *
 * <p>Each streamed text is a text stream of its own, keyed by its event kind and position: the
 * output text and refusal of a content part ({@code output_index}, {@code content_index}), a
 * function call's arguments and a custom tool call's input ({@code output_index}), a reasoning
 * summary part and reasoning text. Its {@code *.delta} events go through a {@link TextPipe}, which
 * holds back only the shortest tail that could still start a surrogate (and, when output is
 * scanned, a sliding window). The matching {@code *.done} event releases what is held: it goes out
 * first as one more delta event of that text, and the events after it get their {@code
 * sequence_number} shifted by one, so the numbering stays gapless and in order. Events that repeat
 * whole texts ({@code *.done}, {@code response.content_part.*}, {@code response.output_item.*},
 * and {@code response.created}, {@code response.in_progress}, {@code response.completed} and the
 * other events carrying the response) are restored whole; what they repeat was counted in the
 * receipt already, so they count on a scratch counter.
 *
 * <p>Events that carry no text of the request (progress of hosted tools, annotations, errors)
 * pass unchanged. An event of a kind not listed here passes unchanged when the policy does not
 * scan output; when it does, it fails the stream closed, since Veil cannot tell what it carries.
 *
 * <p>Not thread-safe: one instance per answer, used by one thread at a time.
 *
 * <h2>Security</h2>
 * Fails closed: an event that is not a JSON object, a detector failure or an unknown event under
 * output scanning throws {@link InspectionFailedException}; blocked output throws {@link
 * OutputBlockedException} before the text holding the value is emitted.
 */
public final class ResponsesStreamRestorer {
  private static final ObjectMapper JSON = Jackson.MAPPER;

  /** Events that carry a whole response object in {@code response}. */
  private static final Set<String> WHOLE_RESPONSE = Set.of("response.created",
      "response.in_progress", "response.queued", "response.completed", "response.incomplete",
      "response.failed");

  /** Events known to carry no text that a surrogate could be in. */
  private static final Set<String> NO_TEXT = Set.of("error",
      "response.output_text.annotation.added", "response.web_search_call.in_progress",
      "response.web_search_call.searching", "response.web_search_call.completed",
      "response.file_search_call.in_progress", "response.file_search_call.searching",
      "response.file_search_call.completed", "response.image_generation_call.in_progress",
      "response.image_generation_call.generating", "response.image_generation_call.completed",
      "response.image_generation_call.partial_image", "response.code_interpreter_call.in_progress",
      "response.code_interpreter_call.interpreting", "response.code_interpreter_call.completed",
      "response.mcp_call.in_progress", "response.mcp_call.completed", "response.mcp_call.failed",
      "response.mcp_list_tools.in_progress", "response.mcp_list_tools.completed",
      "response.mcp_list_tools.failed");

  /** The streamed texts: delta event, its done event, the field of each that holds the text. */
  private record Kind(String delta, String done, String doneField, boolean json) {}

  private static final Map<String, Kind> BY_EVENT = new java.util.HashMap<>();

  static {
    for (Kind k : List.of(
        new Kind("response.output_text.delta", "response.output_text.done", "text", false),
        new Kind("response.refusal.delta", "response.refusal.done", "refusal", false),
        new Kind("response.function_call_arguments.delta",
            "response.function_call_arguments.done", "arguments", true),
        new Kind("response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
            "input", false),
        new Kind("response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
            "text", false),
        new Kind("response.reasoning_text.delta", "response.reasoning_text.done", "text",
            false))) {
      BY_EVENT.put(k.delta, k);
      BY_EVENT.put(k.done, k);
    }
  }

  private final ResponseRestorer whole;
  private final Pseudonyms pseudonyms;
  private final Policy policy;
  private final Detector detector;
  private final Receipt.Counter counter;
  private final Receipt.Counter repeats;
  private final boolean passThrough;
  /** Open text streams by key, with the ids of their last delta event (to write a flush). */
  private final Map<String, Open> open = new LinkedHashMap<>();
  /** How many events Veil added so far: added to every later {@code sequence_number}. */
  private int added;

  private static final class Open {
    final TextPipe pipe;
    final Kind kind;
    ObjectNode last;

    Open(TextPipe pipe, Kind kind) {
      this.pipe = pipe;
      this.kind = kind;
    }
  }

  ResponsesStreamRestorer(ResponseRestorer whole, Pseudonyms pseudonyms, Policy policy,
      Detector detector) {
    this.whole = whole;
    this.pseudonyms = pseudonyms;
    this.policy = policy;
    this.detector = detector;
    this.counter = new Receipt.Counter(policy.name());
    this.repeats = new Receipt.Counter(policy.name());
    this.passThrough = pseudonyms.isEmpty() && policy.output() == OutputAction.ALLOW;
  }

  /**
   * The events to send in place of {@code event}: itself (byte for byte when nothing in it
   * changed), restored, or preceded by the release of a held-back tail.
   *
   * @throws InspectionFailedException if the event cannot be inspected
   * @throws OutputBlockedException if the model produced a value that the policy blocks
   */
  public List<SseEvent> onEvent(SseEvent event) {
    if (passThrough) {
      return List.of(event);
    }
    ObjectNode data = parse(event.data());
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    List<SseEvent> out = new ArrayList<>(1);
    boolean changed;
    Kind kind = BY_EVENT.get(type);
    if (kind != null && type.equals(kind.delta)) {
      changed = delta(data, kind, type);
    } else if (kind != null) {
      Open o = open.remove(key(kind, data));
      if (o != null) {
        String rest = o.pipe.flush();
        if (!rest.isEmpty()) {
          ObjectNode release = release(o, rest);
          if (data.has("sequence_number")) {
            release.put("sequence_number", data.get("sequence_number").asLong() + added);
          }
          out.add(new SseEvent(event.event() == null ? null : kind.delta, write(release)));
          added++;
        }
      }
      changed = restoreField(data, kind.doneField, type, kind.json);
    } else if (WHOLE_RESPONSE.contains(type)) {
      changed = data.get("response") instanceof ObjectNode r
          && restoredWhole(r, () -> whole.restoreResponse(r, pseudonyms, policy, repeats));
    } else if (type.equals("response.output_item.added")
        || type.equals("response.output_item.done")) {
      int index = data.path("output_index").asInt(0);
      changed = data.get("item") instanceof ObjectNode item
          && restoredWhole(item, () -> whole.restoreItem(item, index, pseudonyms, policy,
              repeats));
    } else if (type.equals("response.content_part.added")
        || type.equals("response.content_part.done")
        || type.equals("response.reasoning_summary_part.added")
        || type.equals("response.reasoning_summary_part.done")) {
      int index = data.path("output_index").asInt(0);
      changed = data.get("part") instanceof ObjectNode part
          && restoredWhole(part, () -> whole.restorePart(part, type, index, pseudonyms, policy,
              repeats));
    } else if (NO_TEXT.contains(type) || type.endsWith(".in_progress")
        || policy.output() == OutputAction.ALLOW) {
      changed = false;
    } else {
      throw new InspectionFailedException("stream", "an event of a kind Veil cannot scan");
    }
    if (added > 0 && data.has("sequence_number")) {
      data.put("sequence_number", data.get("sequence_number").asLong() + added);
      changed = true;
    }
    out.add(changed ? new SseEvent(event.event(), write(data)) : event);
    return out;
  }

  /**
   * The end of the stream: held-back text of streams that never got their done event, as one
   * more delta event each.
   */
  public List<SseEvent> onEnd() {
    List<SseEvent> out = new ArrayList<>();
    for (Open o : open.values()) {
      String rest = o.pipe.flush();
      if (!rest.isEmpty()) {
        ObjectNode release = release(o, rest);
        if (release.has("sequence_number")) {
          release.put("sequence_number", release.get("sequence_number").asLong() + added + 1);
        }
        added++;
        out.add(new SseEvent(o.kind.delta, write(release)));
      }
    }
    open.clear();
    return out;
  }

  /** What output scanning found and did so far (output counts only). */
  public Receipt receipt() {
    return counter.toReceipt();
  }

  private boolean delta(ObjectNode data, Kind kind, String type) {
    JsonNode v = data.get("delta");
    if (v == null || !v.isTextual()) {
      return false;
    }
    String key = key(kind, data);
    Open o = open.get(key);
    if (o == null) {
      int index = data.path("output_index").asInt(0);
      o = new Open(new TextPipe(pseudonyms, policy, detector, counter, location(type, data),
          index, kind.json), kind);
      open.put(key, o);
    }
    o.last = data;
    String in = v.textValue();
    String out = o.pipe.feed(in);
    if (out == in) {
      return false;
    }
    data.put("delta", out);
    return true;
  }

  /** One more delta event of an open text, carrying {@code rest}, shaped like its last one. */
  private static ObjectNode release(Open o, String rest) {
    ObjectNode release = o.last.deepCopy();
    release.put("delta", rest);
    if (release.has("logprobs")) {
      release.putArray("logprobs");
    }
    return release;
  }

  /** Restores a whole text that a done event repeats. */
  private boolean restoreField(ObjectNode data, String field, String type, boolean json) {
    JsonNode v = data.get(field);
    if (v == null || !v.isTextual()) {
      return false;
    }
    whole.restoreText(data, field, location(type, data), data.path("output_index").asInt(0),
        json, pseudonyms, policy, repeats);
    return data.get(field) != v;
  }

  /** Runs {@code restore} on {@code node} and tells whether it changed anything. */
  private static boolean restoredWhole(ObjectNode node, Runnable restore) {
    String before = node.toString();
    restore.run();
    return !before.equals(node.toString());
  }

  /** The text stream an event belongs to: kind, output item, content or summary part. */
  private static String key(Kind kind, JsonNode data) {
    return kind.delta + ":" + data.path("output_index").asInt(0) + ":"
        + data.path("content_index").asInt(data.path("summary_index").asInt(0));
  }

  private static String location(String type, JsonNode data) {
    return "stream." + type + "[" + data.path("output_index").asInt(0) + "]";
  }

  private static ObjectNode parse(String data) {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new InspectionFailedException("stream", "an event is not JSON");
    }
    if (!(parsed instanceof ObjectNode o)) {
      throw new InspectionFailedException("stream", "an event is not a JSON object");
    }
    return o;
  }

  private static String write(ObjectNode data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new InspectionFailedException("stream", "an event could not be re-serialised");
    }
  }
}
