package dev.veil.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.json.Jackson;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restores surrogates in a streamed chat completion, one SSE event at a time, and applies the
 * policy's output action to what the model produced itself. A legacy text completion's stream
 * ({@code /v1/completions}) is handled the same way, its {@code choices[].text} standing for the
 * content delta.
 *
 * <p>Plugs into an SSE transformer: pass the {@code data} of each event to {@link #onData} and send
 * the returned data strings, in order, as events; call {@link #onEnd} when the upstream stream
 * ends without {@code [DONE]}. {@code [DONE]} is passed on after everything held back.
 *
 * <p>Each choice ({@code index}) and, within it, the content, the refusal and each tool call's
 * arguments ({@code delta.tool_calls[].index}) is a text stream of its own; a function {@code
 * name}, which arrives whole in one event, is restored in that event. Of each, only the
 * shortest tail that could still be the start of a surrogate is held back: from the earliest
 * position where the text so far is a prefix of a surrogate (in any case, with or without its
 * opening bracket), or where a complete surrogate still needs one more character to decide its
 * word boundary or closing bracket. An event whose text cannot start one is passed on at once, byte
 * for byte when nothing in it changed. Held-back text goes out in the same field of the next event
 * of that choice, in the event that carries its {@code finish_reason}, or, at the end, in an extra
 * chunk shaped like the upstream's ({@code id}, {@code model}... copied from its first chunk).
 *
 * <p>When the policy scans output, each text stream also holds back a sliding window of 48
 * characters, rescanned with every piece, so that a value split across chunks is seen whole. This
 * delays such streams by a few tokens, and a value longer than the window, or one recognised only
 * through context further back, may be missed; with output {@code allow} nothing is held for it.
 *
 * <p>With nothing to restore and output allowed, events pass through without being parsed.
 *
 * <p>Not thread-safe: one instance per response, used by one thread at a time.
 *
 * <h2>Security</h2>
 * Fails closed: an event that is not JSON, or a detector failure, throws {@link
 * InspectionFailedException}; blocked output throws {@link OutputBlockedException} before the
 * text holding the value is emitted. In both cases the gateway must end the stream with an error.
 */
public final class StreamRestorer {

  private static final ObjectMapper JSON = Jackson.MAPPER;
  private static final String DONE = "[DONE]";

  private final Pseudonyms pseudonyms;
  private final Policy policy;
  private final Detector detector;
  private final Receipt.Counter counter;
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private final boolean passThrough;
  /** A legacy text completion: each choice carries its {@code text} itself, without a delta. */
  private final boolean textCompletion;
  private ObjectNode template;
  private boolean ended;

  StreamRestorer(Pseudonyms pseudonyms, Policy policy, Detector detector, boolean textCompletion) {
    this.textCompletion = textCompletion;
    this.pseudonyms = pseudonyms;
    this.policy = policy;
    this.detector = detector;
    this.counter = new Receipt.Counter(policy.name());
    this.passThrough = pseudonyms.isEmpty() && policy.output() == OutputAction.ALLOW;
  }

  /**
   * Takes the {@code data} of one SSE event and returns the data of the events to send now (often
   * just one; more when held-back text is flushed before {@code [DONE]} or the usage chunk).
   *
   * @throws InspectionFailedException if the event is not JSON or the output could not be scanned
   * @throws OutputBlockedException if the model produced a value that the policy blocks
   */
  public List<String> onData(String data) {
    if (ended || passThrough) {
      return List.of(data);
    }
    if (DONE.equals(data.strip())) {
      List<String> out = flushAll();
      out.add(data);
      ended = true;
      return out;
    }
    JsonNode parsed;
    try {
      parsed = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new InspectionFailedException("stream", "an event is not JSON");
    }
    if (!(parsed instanceof ObjectNode chunk)) {
      throw new InspectionFailedException("stream", "an event is not a JSON object");
    }
    if (!(chunk.get("choices") instanceof ArrayNode list) || list.isEmpty()) {
      // The usage chunk closes the stream: the held text goes before it. Any other chunk without
      // choices (a content-filter note, a keep-alive) passes alone: releasing the held text there
      // would cut a surrogate in half ("[PERS" + "ON_352525]") and leave it unrestored.
      if (chunk.path("usage").isObject()) {
        List<String> out = flushAll();
        out.add(data);
        return out;
      }
      return List.of(data);
    }
    if (template == null) {
      template = chunk.deepCopy();
      template.remove("choices");
      template.remove("usage");
    }
    boolean changed = false;
    for (int p = 0; p < list.size(); p++) {
      if (list.get(p) instanceof ObjectNode c) {
        changed |= choice(c, p);
      }
    }
    if (!changed) {
      return List.of(data);
    }
    try {
      return List.of(JSON.writeValueAsString(chunk));
    } catch (JsonProcessingException e) {
      throw new InspectionFailedException("stream", "a chunk could not be re-serialised");
    }
  }

  /** The upstream stream ended without {@code [DONE]}: the data of chunks holding the rest. */
  public List<String> onEnd() {
    if (ended) {
      return List.of();
    }
    ended = true;
    return flushAll();
  }

  /** What output scanning found and did so far (output counts only). */
  public Receipt receipt() {
    return counter.toReceipt();
  }

  private boolean choice(ObjectNode c, int position) {
    JsonNode idx = c.get("index");
    int index = idx != null && idx.canConvertToInt() ? idx.intValue() : position;
    Choice st = choices.computeIfAbsent(index, Choice::new);
    boolean changed = false;
    if (textCompletion) {
      changed |= feed(c, "text", st.text());
      JsonNode finish = c.get("finish_reason");
      if (finish != null && !finish.isNull()) {
        changed |= st.flushInto(c);
      }
      return changed;
    }
    ObjectNode delta = c.get("delta") instanceof ObjectNode d ? d : null;
    if (delta != null) {
      changed |= feed(delta, "content", st.content());
      changed |= feed(delta, "refusal", st.refusal());
      if (delta.get("tool_calls") instanceof ArrayNode calls) {
        for (int j = 0; j < calls.size(); j++) {
          if (calls.get(j) instanceof ObjectNode tc && tc.get("function") instanceof ObjectNode f) {
            JsonNode k = tc.get("index");
            changed |= feed(f, "arguments", st.tool(k != null && k.canConvertToInt() ? k.intValue() : j));
            changed |= ResponseRestorer.restoreName(f, pseudonyms);
          }
        }
      }
      if (delta.get("function_call") instanceof ObjectNode f) {
        changed |= feed(f, "arguments", st.legacy());
        changed |= ResponseRestorer.restoreName(f, pseudonyms);
      }
    }
    JsonNode finish = c.get("finish_reason");
    if (finish != null && !finish.isNull()) {
      if (delta == null) {
        delta = c.putObject("delta");
      }
      changed |= st.flushInto(delta);
    }
    return changed;
  }

  private static boolean feed(ObjectNode o, String field, TextPipeRef ref) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      return false;
    }
    String in = v.textValue();
    String out = ref.get().feed(in);
    if (out == in) {
      return false;
    }
    o.put(field, out);
    return true;
  }

  private List<String> flushAll() {
    List<String> out = new ArrayList<>(2);
    for (Choice st : choices.values()) {
      ObjectNode delta = JSON.createObjectNode();
      if (st.flushInto(delta)) {
        ObjectNode chunk = template == null ? JSON.createObjectNode() : template.deepCopy();
        ObjectNode c = chunk.putArray("choices").addObject();
        c.put("index", st.index);
        if (textCompletion) {
          c.setAll(delta);
        } else {
          c.set("delta", delta);
        }
        c.putNull("finish_reason");
        try {
          out.add(JSON.writeValueAsString(chunk));
        } catch (JsonProcessingException e) {
          throw new InspectionFailedException("stream", "a chunk could not be re-serialised");
        }
      }
    }
    return out;
  }

  /** Creates a choice's pipe on first use. */
  @FunctionalInterface
  private interface TextPipeRef {
    TextPipe get();
  }

  /** The text streams of one choice. */
  private final class Choice {
    final int index;
    final String at;
    TextPipe content;
    TextPipe text;
    TextPipe refusal;
    TextPipe legacy;
    final Map<Integer, TextPipe> tools = new HashMap<>(2);

    Choice(int index) {
      this.index = index;
      this.at = textCompletion ? "choices[" + index + "]" : "choices[" + index + "].delta";
    }

    TextPipeRef text() {
      return () -> text != null ? text : (text = pipe(at + ".text", false));
    }

    TextPipeRef content() {
      return () -> content != null ? content : (content = pipe(at + ".content", false));
    }

    TextPipeRef refusal() {
      return () -> refusal != null ? refusal : (refusal = pipe(at + ".refusal", false));
    }

    TextPipeRef legacy() {
      return () -> legacy != null ? legacy : (legacy = pipe(at + ".function_call.arguments", true));
    }

    TextPipeRef tool(int k) {
      return () -> tools.computeIfAbsent(k,
          key -> pipe(at + ".tool_calls[" + key + "].function.arguments", true));
    }

    private TextPipe pipe(String location, boolean json) {
      return new TextPipe(pseudonyms, policy, detector, counter, location, index, json);
    }

    /** Appends everything held back to the matching fields of {@code delta}; true if any. */
    boolean flushInto(ObjectNode delta) {
      boolean any = append(delta, "content", content);
      any |= append(delta, "text", text);
      any |= append(delta, "refusal", refusal);
      if (legacy != null) {
        String rest = legacy.flush();
        if (!rest.isEmpty()) {
          ObjectNode f = delta.get("function_call") instanceof ObjectNode o ? o : delta.putObject("function_call");
          f.put("arguments", f.path("arguments").asText("") + rest);
          any = true;
        }
      }
      for (Map.Entry<Integer, TextPipe> e : new TreeMap<>(tools).entrySet()) {
        String rest = e.getValue().flush();
        if (!rest.isEmpty()) {
          ObjectNode f = toolFunction(delta, e.getKey());
          f.put("arguments", f.path("arguments").asText("") + rest);
          any = true;
        }
      }
      return any;
    }

    private boolean append(ObjectNode delta, String field, TextPipe pipe) {
      if (pipe == null) {
        return false;
      }
      String rest = pipe.flush();
      if (rest.isEmpty()) {
        return false;
      }
      JsonNode v = delta.get(field);
      delta.put(field, (v != null && v.isTextual() ? v.textValue() : "") + rest);
      return true;
    }

    private ObjectNode toolFunction(ObjectNode delta, int k) {
      ArrayNode calls = delta.get("tool_calls") instanceof ArrayNode a ? a : delta.putArray("tool_calls");
      for (Iterator<JsonNode> it = calls.elements(); it.hasNext(); ) {
        JsonNode tc = it.next();
        if (tc instanceof ObjectNode o && o.path("index").asInt(-1) == k) {
          return o.get("function") instanceof ObjectNode f ? f : o.putObject("function");
        }
      }
      ObjectNode tc = calls.addObject();
      tc.put("index", k);
      return tc.putObject("function");
    }
  }
}
