package dev.veil.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.json.Jackson;
import dev.veil.policy.Action;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import dev.veil.policy.ScanPart;
import dev.veil.policy.SurrogateStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scans every string of a request that goes upstream and applies a {@link Policy} to what the
 * {@link Detector} finds.
 *
 * <p>Chat completions: message content as a string or as {@code {"type":"text"}} and {@code
 * {"type":"refusal"}} parts, {@code refusal}, tool-call and legacy function-call arguments, the
 * content of a {@code prediction}, each under its {@link ScanPart}; every other field of a message,
 * part or tool call belongs to the same part. Arguments and tool results that hold JSON are
 * parsed, their string (and number) values and keys scanned, and re-serialised only when something
 * changed; text that is not valid JSON is scanned as plain text. Messages of an unknown role are
 * always scanned. Embeddings: {@code input}, a string or an array of strings.
 *
 * <p>Every other field, known or not, at any depth, is always scanned: strings, numbers and keys.
 * The exceptions carry no text and are listed in docs/policies.md: {@code model}, the numeric and
 * boolean sampling fields, {@code logit_bias}, documented {@code role}, {@code type} and {@code
 * encoding_format} values, documented keys, and the binary payloads of allowed non-text parts. A
 * value found in a {@code name} field keeps the identifier form ({@code PERSON_7f3a2c}).
 *
 * <p>Thread-safe: one instance serves all requests.
 *
 * <h2>Security</h2>
 * Fails closed. A detector exception, a finding with an impossible span, token-id input, (unless
 * the policy allows it) an image, audio or file part, and a field of a shape that {@link
 * RequestValidator} refuses (the client's mistake, answered with 400 before this runs) raise {@link
 * InspectionFailedException}: the request must not go upstream. Neither
 * results nor exceptions carry a detected value, nor a key the client chose.
 *
 * <h2>Warning</h2>
 * The body is changed in place, also when the result is {@link ProtectionResult.Blocked} or an
 * exception is thrown; after a refusal it must be discarded.
 */
public final class RequestProtector {

  private static final ObjectMapper JSON = JsonMapper.builder(Jackson.factory().build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The index of a text outside {@code messages}, such as {@code prediction}. */
  private static final int NO_INDEX = -1;

  /**
   * Top-level chat fields that are numbers and carry no text; any other type is refused. Fields
   * not named in this class are scanned, whatever their name.
   */
  static final Set<String> NUMBERS = Set.of("temperature", "top_p", "n", "max_tokens",
      "max_completion_tokens", "presence_penalty", "frequency_penalty", "seed", "top_logprobs");

  /** Top-level chat fields that are booleans; any other type is refused. */
  static final Set<String> BOOLEANS =
      Set.of("stream", "logprobs", "parallel_tool_calls", "store");

  /**
   * Top-level fields of a legacy completion ({@code /v1/completions}) that are numbers; its
   * {@code logprobs} is a number there, not a boolean as in chat.
   */
  static final Set<String> COMPLETION_NUMBERS = Set.of("temperature", "top_p", "n", "max_tokens",
      "presence_penalty", "frequency_penalty", "seed", "best_of", "logprobs");

  /** Top-level fields of a legacy completion that are booleans. */
  static final Set<String> COMPLETION_BOOLEANS = Set.of("stream", "echo");

  /** Top-level fields of a Responses API request that are numbers. */
  static final Set<String> RESPONSES_NUMBERS = Set.of("temperature", "top_p", "max_output_tokens",
      "top_logprobs", "max_tool_calls");

  /** Top-level fields of a Responses API request that are booleans. */
  static final Set<String> RESPONSES_BOOLEANS = Set.of("stream", "store", "parallel_tool_calls",
      "background");

  /**
   * The kinds of {@code input} item of a Responses API request that Veil inspects; any other
   * (computer, shell and hosted-tool calls) is refused, since their shapes are not walked here.
   */
  static final Set<String> RESPONSES_ITEMS = Set.of("message", "function_call",
      "function_call_output", "custom_tool_call", "custom_tool_call_output", "reasoning",
      "item_reference");

  /** The kinds of content part of a Responses API message. */
  static final Set<String> RESPONSES_PARTS = Set.of("input_text", "output_text", "refusal",
      "input_image", "input_file", "input_audio");

  /** The values of a {@code type} field that are not scanned: OpenAI's and JSON Schema's kinds. */
  private static final Set<String> TYPES = Set.of("text", "refusal", "image_url", "input_audio",
      "file", "function", "custom", "content", "json_schema", "json_object", "grammar",
      "allowed_tools", "string", "number", "integer", "boolean", "object", "array", "null",
      "approximate", "message", "function_call", "function_call_output", "custom_tool_call",
      "custom_tool_call_output", "reasoning", "item_reference", "input_text", "output_text",
      "input_image", "input_file", "summary_text", "reasoning_text", "web_search",
      "web_search_preview", "file_search", "code_interpreter", "image_generation", "mcp",
      "local_shell", "computer_use_preview");

  /** Embeddings {@code encoding_format} values, not scanned. */
  private static final Set<String> ENCODINGS = Set.of("float", "base64");

  /**
   * Field names of the OpenAI API and JSON Schema keywords: keys with these names are not scanned
   * (their values are) and may appear in a location. Any other key is scanned like a value and
   * shown as {@code *} in a location, since it is the client's own text. The number and boolean
   * fields above belong to it.
   */
  private static final Set<String> VOCABULARY = union(NUMBERS, BOOLEANS, COMPLETION_NUMBERS,
      COMPLETION_BOOLEANS, RESPONSES_NUMBERS, RESPONSES_BOOLEANS, Set.of("prompt", "suffix",
      "instructions", "previous_response_id", "conversation", "include", "reasoning", "effort",
      "summary", "truncation", "call_id", "output", "status", "encrypted_content", "variables",
      "version"), Set.of(
      "model", "messages", "role", "content", "name", "refusal", "tool_calls", "tool_call_id",
      "function_call", "functions", "function", "arguments", "id", "type", "text", "image_url",
      "url", "detail", "input_audio", "data", "format", "file", "file_id", "file_data", "filename",
      "audio", "annotations", "reasoning_content", "prediction", "tools", "tool_choice",
      "description", "parameters", "strict", "response_format", "json_schema", "schema", "user",
      "metadata", "stop", "web_search_options", "user_location", "approximate", "city", "country",
      "region", "timezone", "search_context_size", "stream_options", "include_usage", "modalities",
      "service_tier", "reasoning_effort", "verbosity", "safety_identifier", "prompt_cache_key",
      "input", "dimensions", "encoding_format", "logit_bias", "custom", "grammar", "allowed_tools",
      "mode", "properties", "required", "items", "enum", "const", "additionalProperties", "anyOf",
      "oneOf", "allOf", "not", "$ref", "$defs", "definitions", "title", "default", "examples",
      "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"));

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new java.util.HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }

  /** Findings (plus one per text) that a generation of the {@link ScanCache} may hold. */
  private static final long SCAN_CACHE_BUDGET = 100_000;

  private final Detector detector;
  private final Surrogates surrogates;
  private final ScanCache scanCache = new ScanCache(SCAN_CACHE_BUDGET);

  private final long maxInspectedChars;

  /** A protector that scans any amount of text per request (tests and benchmarks). */
  public RequestProtector(Detector detector, KeyedHash keyedHash) {
    this(detector, keyedHash, Long.MAX_VALUE);
  }

  /**
   * @param maxInspectedChars the most text one request may hand to the detector, counted over
   *     every text scanned (a cached scan counts too, so the outcome does not depend on what was
   *     sent before); beyond it {@link #protect} throws {@link InspectionTooLargeException}
   */
  public RequestProtector(Detector detector, KeyedHash keyedHash, long maxInspectedChars) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.surrogates = new Surrogates(keyedHash);
    if (maxInspectedChars < 1) {
      throw new IllegalArgumentException("maxInspectedChars must be >= 1, was "
          + maxInspectedChars);
    }
    this.maxInspectedChars = maxInspectedChars;
  }

  /**
   * Protects {@code body}, scanning every text; see {@link #protect(EndpointKind, ObjectNode,
   * Policy, String, String)}.
   */
  public ProtectionResult protect(EndpointKind kind, ObjectNode body, Policy policy, String tenant) {
    return protect(kind, body, policy, tenant, null);
  }

  /**
   * Protects {@code body} under {@code policy}.
   *
   * @param kind which endpoint the body was sent to
   * @param body the parsed request body; changed in place
   * @param policy the caller's policy
   * @param tenant the tenant whose surrogates are derived (surrogates differ between tenants)
   * @param scanScope whose {@link ScanCache} entries to use (the API key), or {@code null} to scan
   *     every text
   * @throws InspectionFailedException if some part could not be inspected, also when a field
   *     Veil must read has a shape that {@link RequestValidator} refuses
   * @throws InspectionTooLargeException if the request holds more text than this protector scans
   *     for one request; {@code body} is then partly changed and must not be sent
   */
  public ProtectionResult protect(EndpointKind kind, ObjectNode body, Policy policy, String tenant,
      String scanScope) {
    Objects.requireNonNull(body, "body");
    Session s = new Session(policy, Objects.requireNonNull(tenant, "tenant"), scanScope);
    switch (kind) {
      case CHAT_COMPLETIONS -> s.chat(body);
      case EMBEDDINGS -> s.embeddings(body);
      case COMPLETIONS -> s.completions(body);
      case RESPONSES -> s.responses(body);
      case MODERATIONS -> s.moderations(body);
    }
    Receipt receipt = s.counter.toReceipt();
    if (!s.blockedTypes.isEmpty()) {
      return new ProtectionResult.Blocked(new Violation(policy.name(), s.blockedTypes,
          s.blockedIndexes, s.blockedLocations), receipt);
    }
    return new ProtectionResult.Protected(body, s.pseudonyms, receipt);
  }

  private static void require(boolean ok, String param, String reason) {
    if (!ok) {
      throw unexpected(param, reason);
    }
  }

  /**
   * A shape that {@link RequestValidator} refuses: the request was not validated, so it is not
   * inspected either.
   */
  private static InspectionFailedException unexpected(String param, String reason) {
    return new InspectionFailedException(param, reason + "; the request was not validated");
  }

  /** The location of field {@code name} of {@code at}; a key the client chose shows as {@code *}. */
  private static String field(String at, String name) {
    String shown = VOCABULARY.contains(name) ? name : "*";
    return at.isEmpty() ? shown : at + "." + shown;
  }

  /**
   * The binary payloads of OpenAI's non-text parts ({@code input_audio.data},
   * {@code file.file_data}, a {@code data:} {@code image_url.url}), which are not text and are not
   * scanned; they go upstream only under {@code non_text: allow}. The same keys in a part of any
   * other type are scanned.
   */
  private static boolean binary(String type, String key, JsonNode v) {
    return v.isTextual() && switch (type + "." + key) {
      case "input_audio.data", "file.file_data" -> true;
      case "image_url.url" -> v.textValue().regionMatches(true, 0, "data:", 0, 5);
      default -> false;
    };
  }

  /**
   * The binary payloads of the Responses API's non-text parts ({@code input_image.image_url} as a
   * {@code data:} URL, {@code input_file.file_data}, {@code input_audio.input_audio}), which are
   * not scanned; they go upstream only under {@code non_text: allow}.
   */
  private static boolean responseBinary(String type, String key, JsonNode v) {
    return switch (type + "." + key) {
      case "input_file.file_data" -> v.isTextual();
      case "input_audio.input_audio" -> v.isObject();
      case "input_image.image_url" -> v.isTextual()
          && v.textValue().regionMatches(true, 0, "data:", 0, 5);
      default -> false;
    };
  }

  /** Runs the detector, failing closed on an exception or on findings that break its contract. */
  static List<Finding> scan(Detector detector, CharSequence text, String location) {
    List<Finding> findings;
    try {
      findings = detector.scan(text);
    } catch (RuntimeException | StackOverflowError e) {
      throw new InspectionFailedException(location, "the detector failed", e);
    }
    if (findings == null) {
      throw new InspectionFailedException(location, "the detector returned no result");
    }
    int last = 0;
    for (Finding f : findings) {
      if (f == null || f.start() < last || f.end() > text.length()) {
        throw new InspectionFailedException(location,
            "the detector returned findings that are unsorted, overlapping or out of bounds");
      }
      last = f.end();
    }
    return findings;
  }

  /** The state of one request. */
  private final class Session {
    final Policy policy;
    final String tenant;
    final String scanScope;
    final boolean noteText;
    final Pseudonyms pseudonyms = new Pseudonyms();
    final Receipt.Counter counter;
    final Set<EntityType> blockedTypes = EnumSet.noneOf(EntityType.class);
    final TreeSet<Integer> blockedIndexes = new TreeSet<>();
    final List<String> blockedLocations = new ArrayList<>();
    final StringBuilder sb = new StringBuilder(256);
    long inspected;

    Session(Policy policy, String tenant, String scanScope) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.tenant = tenant;
      this.scanScope = scanScope;
      this.noteText = policy.output() != OutputAction.ALLOW;
      this.counter = new Receipt.Counter(policy.name());
    }

    void chat(ObjectNode body) {
      if (!(body.get("messages") instanceof ArrayNode)) {
        throw unexpected("messages", "must be an array");
      }
      for (String name : names(body)) {
        JsonNode v = body.get(name);
        switch (name) {
          case "model" -> { }
          case "messages" -> messages((ArrayNode) v);
          case "prediction" -> prediction(v);
          case "logit_bias" -> logitBias(v);
          default -> {
            if (NUMBERS.contains(name)) {
              require(v.isNumber() || v.isNull(), name, "must be a number");
            } else if (BOOLEANS.contains(name)) {
              require(v.isBoolean() || v.isNull(), name, "must be a boolean");
            } else {
              set(body, name, any(v, field("", name), NO_INDEX, name));
            }
          }
        }
      }
      keys(body, "", NO_INDEX);
    }

    /**
     * A moderation request: its {@code input} as a string or strings (scanned as user text), or as
     * multimodal parts, read like a chat message's content (text parts scanned, an image only
     * under {@code non_text: allow}).
     */
    void moderations(ObjectNode body) {
      for (String name : names(body)) {
        JsonNode v = body.get(name);
        switch (name) {
          case "model" -> { }
          case "input" -> {
            boolean on = policy.scans(ScanPart.USER);
            if (v instanceof ArrayNode items && !items.isEmpty() && items.get(0).isObject()) {
              content(body, "input", "", NO_INDEX, on, false);
            } else {
              input(body, v, on);
            }
          }
          default -> set(body, name, any(v, field("", name), NO_INDEX, name));
        }
      }
      keys(body, "", NO_INDEX);
    }

    void embeddings(ObjectNode body) {
      for (String name : names(body)) {
        JsonNode v = body.get(name);
        switch (name) {
          case "model" -> { }
          case "input" -> input(body, v, policy.scans(ScanPart.EMBEDDINGS));
          case "dimensions" -> require(v.isNumber() || v.isNull(), name, "must be a number");
          case "encoding_format" -> {
            if (!(v.isTextual() && ENCODINGS.contains(v.textValue()))) {
              set(body, name, any(v, name, NO_INDEX, name));
            }
          }
          default -> set(body, name, any(v, field("", name), NO_INDEX, name));
        }
      }
      keys(body, "", NO_INDEX);
    }

    /**
     * A legacy completion: {@code prompt} (a string or an array of strings; token ids cannot be
     * inspected) and {@code suffix} are the user's text; every other field is scanned as in chat.
     */
    void completions(ObjectNode body) {
      boolean on = policy.scans(ScanPart.USER);
      for (String name : names(body)) {
        JsonNode v = body.get(name);
        switch (name) {
          case "model" -> { }
          case "prompt" -> prompt(body, v, on);
          case "suffix" -> {
            if (on) {
              textField(body, "suffix", "", NO_INDEX, false);
            } else {
              require(v.isTextual() || v.isNull(), name, "must be a string");
            }
          }
          case "logit_bias" -> logitBias(v);
          default -> {
            if (COMPLETION_NUMBERS.contains(name)) {
              require(v.isNumber() || v.isNull(), name, "must be a number");
            } else if (COMPLETION_BOOLEANS.contains(name)) {
              require(v.isBoolean() || v.isNull(), name, "must be a boolean");
            } else {
              set(body, name, any(v, field("", name), NO_INDEX, name));
            }
          }
        }
      }
      keys(body, "", NO_INDEX);
    }

    /**
     * A Responses API request: {@code instructions} belong to the system part, a string {@code
     * input} to the user part, and {@code input} items to the part of their role or kind (see
     * {@link #responseItem}); every other field is scanned as in chat.
     */
    void responses(ObjectNode body) {
      for (String name : names(body)) {
        JsonNode v = body.get(name);
        switch (name) {
          case "model" -> { }
          case "instructions" -> {
            require(v.isTextual() || v.isNull(), name, "must be a string");
            if (policy.scans(ScanPart.SYSTEM)) {
              textField(body, name, "", NO_INDEX, false);
            }
          }
          case "input" -> {
            if (v.isTextual()) {
              if (policy.scans(ScanPart.USER)) {
                textField(body, name, "", 0, false);
              }
            } else if (v instanceof ArrayNode items) {
              for (int i = 0; i < items.size(); i++) {
                responseItem(items.get(i), "input[" + i + "]", i);
              }
            } else {
              throw unexpected(name, "must be a string or an array of items");
            }
          }
          default -> {
            if (RESPONSES_NUMBERS.contains(name)) {
              require(v.isNumber() || v.isNull(), name, "must be a number");
            } else if (RESPONSES_BOOLEANS.contains(name)) {
              require(v.isBoolean() || v.isNull(), name, "must be a boolean");
            } else {
              set(body, name, any(v, field("", name), NO_INDEX, name));
            }
          }
        }
      }
      keys(body, "", NO_INDEX);
    }

    /**
     * One {@code input} item. A message's content goes with its role; function-call arguments and
     * custom tool input with {@code tool_arguments}; call outputs with {@code tool}. A reasoning
     * item's {@code encrypted_content} and {@code id} go upstream untouched (they are the
     * provider's own, opaque), its summary and reasoning text are scanned as assistant text.
     */
    private void responseItem(JsonNode item, String at, int index) {
      if (!(item instanceof ObjectNode o)) {
        throw unexpected(at, "must be an object");
      }
      JsonNode typeNode = o.get("type");
      String type = typeNode == null ? "message" : typeNode.asText();
      require(typeNode == null || (typeNode.isTextual() && RESPONSES_ITEMS.contains(type)),
          at + ".type", "is not an item type Veil inspects");
      boolean on;
      switch (type) {
        case "message" -> {
          JsonNode role = o.get("role");
          require(role != null && role.isTextual(), at + ".role", "must be a string");
          ScanPart part = switch (role.textValue()) {
            case "system", "developer" -> ScanPart.SYSTEM;
            case "user" -> ScanPart.USER;
            case "assistant" -> ScanPart.ASSISTANT;
            default -> null;
          };
          on = part == null || policy.scans(part);
          for (String name : names(o)) {
            switch (name) {
              case "type" -> { }
              case "role" -> {
                if (part == null) {
                  textField(o, "role", at, index, false);
                }
              }
              case "content" -> responseContent(o, at, index, on, false);
              default -> {
                if (on) {
                  set(o, name, any(o.get(name), field(at, name), index, name));
                }
              }
            }
          }
        }
        case "function_call", "custom_tool_call" -> {
          on = policy.scans(ScanPart.TOOL_ARGUMENTS);
          String text = type.equals("function_call") ? "arguments" : "input";
          for (String name : names(o)) {
            JsonNode v = o.get(name);
            if (name.equals("type")) {
              continue;
            }
            if (name.equals(text)) {
              require(v.isTextual(), at + "." + text, "must be a string");
              if (on) {
                textField(o, text, at, index, type.equals("function_call"));
              }
            } else if (on) {
              set(o, name, any(v, field(at, name), index, name));
            }
          }
        }
        case "function_call_output", "custom_tool_call_output" -> {
          on = policy.scans(ScanPart.TOOL);
          for (String name : names(o)) {
            JsonNode v = o.get(name);
            if (name.equals("type")) {
              continue;
            }
            if (name.equals("output")) {
              if (v.isTextual()) {
                if (on) {
                  textField(o, "output", at, index, true);
                }
              } else {
                require(v instanceof ArrayNode, at + ".output", "must be a string or an array");
                responseParts((ArrayNode) v, at + ".output", index, on, true);
              }
            } else if (on) {
              set(o, name, any(v, field(at, name), index, name));
            }
          }
        }
        case "reasoning" -> {
          on = policy.scans(ScanPart.ASSISTANT);
          for (String name : names(o)) {
            if (on && !name.equals("type") && !name.equals("id")
                && !name.equals("encrypted_content")) {
              set(o, name, any(o.get(name), field(at, name), index, name));
            }
          }
        }
        default -> {
          on = true;
          for (String name : names(o)) {
            if (!name.equals("type")) {
              set(o, name, any(o.get(name), field(at, name), index, name));
            }
          }
        }
      }
      if (on) {
        keys(o, at, index);
      }
    }

    private void responseContent(ObjectNode m, String at, int index, boolean on,
        boolean maybeJson) {
      JsonNode c = m.get("content");
      if (c == null || c.isNull()) {
        return;
      }
      if (c.isTextual()) {
        if (on) {
          textField(m, "content", at, index, maybeJson);
        }
        return;
      }
      require(c instanceof ArrayNode, at + ".content", "must be a string or an array of parts");
      responseParts((ArrayNode) c, at + ".content", index, on, maybeJson);
    }

    /**
     * Content parts of a Responses message or call output: the text of {@code input_text}, {@code
     * output_text} and {@code refusal} parts; images, files and audio only under {@code non_text:
     * allow}, their base64 payloads and {@code data:} URLs unscanned.
     */
    private void responseParts(ArrayNode parts, String at, int index, boolean on,
        boolean maybeJson) {
      for (int k = 0; k < parts.size(); k++) {
        String pat = at + "[" + k + "]";
        require(parts.get(k) instanceof ObjectNode, pat, "must be an object");
        ObjectNode p = (ObjectNode) parts.get(k);
        JsonNode type = p.get("type");
        require(type != null && type.isTextual() && RESPONSES_PARTS.contains(type.textValue()),
            pat + ".type", "is not a content part Veil inspects");
        String t = type.textValue();
        String textField = t.equals("refusal") ? "refusal"
            : t.equals("input_text") || t.equals("output_text") ? "text" : null;
        if (textField != null) {
          require(p.get(textField) != null && p.get(textField).isTextual(),
              pat + "." + textField, "must be a string");
        }
        if (!on) {
          continue;
        }
        if (textField == null && !policy.allowNonText()) {
          throw new InspectionFailedException(pat,
              "a non-text content part cannot be inspected; the policy refuses it");
        }
        for (String name : names(p)) {
          JsonNode v = p.get(name);
          if (name.equals("type")) {
            continue;
          }
          if (name.equals(textField)) {
            textField(p, name, pat, index, maybeJson);
          } else if (!responseBinary(t, name, v)) {
            set(p, name, any(v, field(pat, name), index, name));
          }
        }
        keys(p, pat, index);
      }
    }

    private void prompt(ObjectNode body, JsonNode prompt, boolean on) {
      if (prompt.isTextual()) {
        if (on) {
          textField(body, "prompt", "", NO_INDEX, false);
        }
        return;
      }
      if (!(prompt instanceof ArrayNode items)) {
        throw unexpected("prompt", "must be a string or an array of strings");
      }
      for (int k = 0; k < items.size(); k++) {
        JsonNode item = items.get(k);
        String at = "prompt[" + k + "]";
        if (item.isNumber() || item.isArray()) {
          throw new InspectionFailedException(at, "token ids cannot be inspected; send text");
        }
        require(item.isTextual(), at, "must be a string");
        if (on) {
          String out = text(item.textValue(), at, k);
          if (out != item.textValue()) {
            items.set(k, TextNode.valueOf(out));
          }
        }
      }
    }

    /** Scans {@code text}, counting it against the request's limit first. */
    private List<Finding> scan(String text, String at) {
      inspected += text.length();
      if (inspected > maxInspectedChars) {
        throw new InspectionTooLargeException(maxInspectedChars);
      }
      return scanCache.scan(detector, scanScope, text, at);
    }

    /** An {@code input} of strings, scanned when {@code on}; token ids are refused. */
    private void input(ObjectNode body, JsonNode input, boolean on) {
      if (!on) {
        return;
      }
      if (input.isTextual()) {
        textField(body, "input", "", 0, false);
      } else if (input instanceof ArrayNode items) {
        for (int k = 0; k < items.size(); k++) {
          JsonNode item = items.get(k);
          String at = "input[" + k + "]";
          if (item.isNumber() || (item.isArray() && !item.isEmpty() && item.get(0).isNumber())) {
            throw new InspectionFailedException(at, "token ids cannot be inspected; send text");
          }
          require(item.isTextual(), at, "must be a string");
          String out = text(item.textValue(), at, k);
          if (out != item.textValue()) {
            items.set(k, TextNode.valueOf(out));
          }
        }
      } else {
        throw unexpected("input", "must be a string or an array of strings");
      }
    }

    private void messages(ArrayNode messages) {
      boolean onCalls = policy.scans(ScanPart.TOOL_ARGUMENTS);
      for (int i = 0; i < messages.size(); i++) {
        String at = "messages[" + i + "]";
        if (!(messages.get(i) instanceof ObjectNode m)) {
          throw unexpected(at, "must be an object");
        }
        JsonNode roleNode = m.get("role");
        require(roleNode != null && roleNode.isTextual(), at + ".role", "must be a string");
        ScanPart part = switch (roleNode.textValue()) {
          case "system", "developer" -> ScanPart.SYSTEM;
          case "user" -> ScanPart.USER;
          case "assistant" -> ScanPart.ASSISTANT;
          case "tool", "function" -> ScanPart.TOOL;
          default -> null;
        };
        boolean on = part == null || policy.scans(part);
        for (String name : names(m)) {
          JsonNode v = m.get(name);
          switch (name) {
            case "role" -> {
              if (part == null) {
                textField(m, "role", at, i, false);
              }
            }
            case "content" -> content(m, at, i, on, part == ScanPart.TOOL);
            case "refusal" -> {
              require(v.isTextual() || v.isNull(), at + ".refusal", "must be a string or null");
              if (on) {
                textField(m, "refusal", at, i, false);
              }
            }
            case "tool_calls" -> toolCalls(v, at + ".tool_calls", i, onCalls);
            case "function_call" -> function(v, at + ".function_call", i, onCalls);
            default -> {
              if (on) {
                set(m, name, any(v, field(at, name), i, name));
              }
            }
          }
        }
        if (on) {
          keys(m, at, i);
        }
      }
    }

    private void prediction(JsonNode prediction) {
      if (prediction.isNull()) {
        return;
      }
      if (!(prediction instanceof ObjectNode p)) {
        throw unexpected("prediction", "must be an object");
      }
      boolean on = policy.scans(ScanPart.USER);
      for (String name : names(p)) {
        if (name.equals("content")) {
          content(p, "prediction", NO_INDEX, on, false);
        } else if (on) {
          set(p, name, any(p.get(name), field("prediction", name), NO_INDEX, name));
        }
      }
      if (on) {
        keys(p, "prediction", NO_INDEX);
      }
    }

    /** {@code logit_bias} maps token ids to numbers: no text, as long as it has that shape. */
    private void logitBias(JsonNode v) {
      require(RequestValidator.isLogitBias(v), "logit_bias", "must map token ids to numbers");
    }

    private void content(ObjectNode m, String at, int index, boolean on, boolean maybeJson) {
      content(m, "content", at, index, on, maybeJson);
    }

    /**
     * The content field {@code field} of {@code m}: a string, or parts ({@code text} and {@code
     * refusal} scanned; images, audio and files only under {@code non_text: allow}).
     */
    private void content(ObjectNode m, String field, String at, int index, boolean on,
        boolean maybeJson) {
      JsonNode c = m.get(field);
      String cat = at.isEmpty() ? field : at + "." + field;
      if (c == null || c.isNull()) {
        return;
      }
      if (c.isTextual()) {
        if (on) {
          textField(m, field, at, index, maybeJson);
        }
        return;
      }
      if (!(c instanceof ArrayNode parts)) {
        throw unexpected(cat, "must be a string, an array of parts or null");
      }
      if (on) {
        gatherSplitValues(parts, cat);
      }
      for (int k = 0; k < parts.size(); k++) {
        String pat = cat + "[" + k + "]";
        if (!(parts.get(k) instanceof ObjectNode p)) {
          throw unexpected(pat, "must be an object");
        }
        JsonNode type = p.get("type");
        require(type != null && type.isTextual(), pat + ".type", "must be a string");
        String t = type.textValue();
        boolean text = t.equals("text") || t.equals("refusal");
        if (text) {
          require(p.get(t) != null && p.get(t).isTextual(), pat + "." + t, "must be a string");
        }
        if (!on) {
          continue;
        }
        if (!text && !policy.allowNonText()) {
          throw new InspectionFailedException(pat,
              "a non-text content part cannot be inspected; the policy refuses it");
        }
        for (String name : names(p)) {
          JsonNode v = p.get(name);
          if (name.equals("type")) {
            if (!TYPES.contains(t)) {
              textField(p, "type", pat, index, false);
            }
          } else if (text && name.equals(t)) {
            textField(p, t, pat, index, maybeJson);
          } else if (name.equals(t) && v instanceof ObjectNode payload) {
            String payloadAt = field(pat, t);
            for (String key : names(payload)) {
              JsonNode w = payload.get(key);
              if (!binary(t, key, w)) {
                set(payload, key, any(w, field(payloadAt, key), index, key));
              }
            }
            keys(payload, payloadAt, index);
          } else {
            set(p, name, any(v, field(pat, name), index, name));
          }
        }
        keys(p, pat, index);
      }
    }

    /**
     * A value written across consecutive text parts ("my card 4111 1111" + " 1111 1111") is moved
     * whole into the part where it starts, so that the scan of that part covers it. The text the
     * model reads, the parts in order, stays the same; only the borders between parts move.
     */
    private void gatherSplitValues(ArrayNode parts, String at) {
      int k = 0;
      while (k < parts.size()) {
        int end = k;
        while (end < parts.size() && textOf(parts.get(end)) != null) {
          end++;
        }
        if (end - k >= 2) {
          gatherSplitValues(parts, k, end, at);
        }
        k = Math.max(end, k + 1);
      }
    }

    private void gatherSplitValues(ArrayNode parts, int from, int to, String at) {
      int count = to - from;
      int[] border = new int[count + 1];
      StringBuilder joined = new StringBuilder();
      for (int k = 0; k < count; k++) {
        border[k] = joined.length();
        joined.append(textOf(parts.get(from + k)));
      }
      border[count] = joined.length();
      String text = joined.toString();
      boolean moved = false;
      for (Finding f : scan(text, at)) {
        if (f.score() < policy.minScore(f.type())) {
          continue;
        }
        for (int k = 1; k < count; k++) {
          if (border[k] > f.start() && border[k] < f.end()) {
            border[k] = f.end();
            moved = true;
          }
        }
      }
      if (!moved) {
        return;
      }
      for (int k = 0; k < count; k++) {
        ObjectNode p = (ObjectNode) parts.get(from + k);
        String type = p.get("type").textValue();
        p.put(type, text.substring(border[k], Math.max(border[k], border[k + 1])));
      }
    }

    /** The text of a text or refusal part; {@code null} for any other part. */
    private static String textOf(JsonNode part) {
      if (!(part instanceof ObjectNode p) || !(p.get("type") instanceof JsonNode type)
          || !type.isTextual()) {
        return null;
      }
      String t = type.textValue();
      JsonNode v = p.get(t);
      return (t.equals("text") || t.equals("refusal")) && v != null && v.isTextual()
          ? v.textValue() : null;
    }

    private void toolCalls(JsonNode calls, String at, int index, boolean on) {
      if (calls.isNull()) {
        return;
      }
      if (!(calls instanceof ArrayNode list)) {
        throw unexpected(at, "must be an array");
      }
      for (int k = 0; k < list.size(); k++) {
        String cat = at + "[" + k + "]";
        if (!(list.get(k) instanceof ObjectNode call)) {
          throw unexpected(cat, "must be an object");
        }
        for (String name : names(call)) {
          if (name.equals("function")) {
            function(call.get(name), cat + ".function", index, on);
          } else if (on) {
            set(call, name, any(call.get(name), field(cat, name), index, name));
          }
        }
        if (on) {
          keys(call, cat, index);
        }
      }
    }

    /** A {@code function} of a tool call or a legacy {@code function_call}: name and arguments. */
    private void function(JsonNode function, String at, int index, boolean on) {
      if (function.isNull()) {
        return;
      }
      if (!(function instanceof ObjectNode f)) {
        throw unexpected(at, "must be an object");
      }
      for (String name : names(f)) {
        JsonNode v = f.get(name);
        if (name.equals("arguments")) {
          require(v.isTextual() || v.isNull(), at + ".arguments", "must be a string");
          if (on) {
            textField(f, "arguments", at, index, true);
          }
        } else if (name.equals("name")) {
          require(v.isTextual() || v.isNull(), at + ".name", "must be a string");
          if (on) {
            set(f, name, any(v, field(at, name), index, name));
          }
        } else if (on) {
          set(f, name, any(v, field(at, name), index, name));
        }
      }
      if (on) {
        keys(f, at, index);
      }
    }

    /**
     * Protects every string, number and key inside a value Veil has no schema for (the default for
     * every field); returns the replacement of a string or number, or {@code null} when it did not
     * change (containers are changed in place). {@code key} is the field holding {@code v}, or
     * {@code null} in an array: {@code type} values of the documented kinds are not text, and
     * {@code name} values are identifiers.
     */
    private JsonNode any(JsonNode v, String at, int index, String key) {
      if (v.isTextual()) {
        String in = v.textValue();
        if ("type".equals(key) && TYPES.contains(in)) {
          return null;
        }
        String out = text(in, at, index, "name".equals(key));
        return out == in ? null : TextNode.valueOf(out);
      }
      if (v.isNumber()) {
        return leaf(v, at, index);
      }
      if (v instanceof ObjectNode o) {
        for (Map.Entry<String, JsonNode> e : o.properties()) {
          JsonNode replaced = any(e.getValue(), field(at, e.getKey()), index, e.getKey());
          if (replaced != null) {
            e.setValue(replaced);
          }
        }
        keys(o, at, index);
      } else if (v instanceof ArrayNode a) {
        for (int k = 0; k < a.size(); k++) {
          JsonNode replaced = any(a.get(k), at + "[" + k + "]", index, null);
          if (replaced != null) {
            a.set(k, replaced);
          }
        }
      }
      return null;
    }

    /** Protects the keys of {@code o} that are not documented field names, renaming if needed. */
    private void keys(ObjectNode o, String at, int index) {
      List<String> keys = null;
      int k = 0;
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); k++) {
        String key = it.next();
        String out = VOCABULARY.contains(key) ? key : text(key, at, index);
        if (out != key && keys == null) {
          keys = new ArrayList<>(o.size());
          Iterator<String> again = o.fieldNames();
          for (int j = 0; j < k; j++) {
            keys.add(again.next());
          }
        }
        if (keys != null) {
          keys.add(out);
        }
      }
      if (keys != null) {
        rename(o, keys, at);
      }
    }

    /**
     * Gives the fields of {@code o} the protected {@code keys}, in order. Two keys that protection
     * makes equal (two e-mail keys masked to {@code <EMAIL_ADDRESS>}) are refused: merging them
     * would silently drop one of the values.
     */
    private static void rename(ObjectNode o, List<String> keys, String at) {
      Map<String, JsonNode> rebuilt = new LinkedHashMap<>();
      int k = 0;
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        if (rebuilt.putIfAbsent(keys.get(k++), it.next()) != null) {
          throw new InspectionFailedException(at.isEmpty() ? "body" : at,
              "two keys are the same once protected; the fields would merge");
        }
      }
      o.removeAll();
      o.setAll(rebuilt);
    }

    /** Protects the string field {@code field} of {@code o}, if it is one. */
    private void textField(ObjectNode o, String field, String at, int index, boolean maybeJson) {
      JsonNode v = o.get(field);
      if (v == null || !v.isTextual()) {
        if (v != null && !v.isNull()) {
          throw unexpected(field(at, field), "must be a string");
        }
        return;
      }
      String in = v.textValue();
      String where = field(at, field);
      String out = maybeJson ? maybeJson(in, where, index) : text(in, where, index);
      if (out != in) {
        o.put(field, out);
      }
    }

    private String maybeJson(String in, String at, int index) {
      int k = 0;
      while (k < in.length() && Character.isWhitespace(in.charAt(k))) {
        k++;
      }
      if (k == in.length() || (in.charAt(k) != '{' && in.charAt(k) != '[')) {
        return text(in, at, index);
      }
      JsonNode tree;
      try {
        tree = JSON.readTree(in);
      } catch (JsonProcessingException e) {
        return text(in, at, index);
      }
      if (!walk(tree, at, index)) {
        return in;
      }
      try {
        return JSON.writeValueAsString(tree);
      } catch (JsonProcessingException e) {
        throw new InspectionFailedException(at, "could not be re-serialised", e);
      }
    }

    /** Protects every string, number and key inside {@code n}; true if anything changed. */
    private boolean walk(JsonNode n, String at, int index) {
      boolean changed = false;
      if (n instanceof ObjectNode o) {
        List<String> keys = new ArrayList<>(o.size());
        boolean keysChanged = false;
        for (Map.Entry<String, JsonNode> e : o.properties()) {
          JsonNode replaced = leaf(e.getValue(), at, index);
          if (replaced != null) {
            e.setValue(replaced);
            changed = true;
          } else if (e.getValue().isContainerNode()) {
            changed |= walk(e.getValue(), at, index);
          }
          String key = text(e.getKey(), at, index);
          keysChanged |= key != e.getKey();
          keys.add(key);
        }
        if (keysChanged) {
          rename(o, keys, at);
          changed = true;
        }
      } else if (n instanceof ArrayNode a) {
        for (int k = 0; k < a.size(); k++) {
          JsonNode replaced = leaf(a.get(k), at, index);
          if (replaced != null) {
            a.set(k, replaced);
            changed = true;
          } else if (a.get(k).isContainerNode()) {
            changed |= walk(a.get(k), at, index);
          }
        }
      }
      return changed;
    }

    /** The protected replacement of a string or number node, or {@code null} if unchanged. */
    private JsonNode leaf(JsonNode v, String at, int index) {
      if (!v.isTextual() && !v.isNumber()) {
        return null;
      }
      String in = v.isTextual() ? v.textValue() : v.asText();
      String out = text(in, at, index);
      return out == in ? null : TextNode.valueOf(out);
    }

    private String text(String in, String at, int index) {
      return text(in, at, index, false);
    }

    /**
     * Protects one text; returns {@code in} itself when nothing changed. Each edit covers the
     * finding widened by {@link Spans}. In an {@code identifier} (a {@code name} field) a
     * replacement keeps only the characters that identifiers allow.
     */
    private String text(String in, String at, int index, boolean identifier) {
      if (in.isEmpty()) {
        return in;
      }
      if (noteText) {
        pseudonyms.noteRequestText(in);
      }
      List<Finding> findings = scan(in, at);
      if (findings.isEmpty()) {
        return in;
      }
      StringBuilder out = sb;
      out.setLength(0);
      out.ensureCapacity(in.length() + 64);
      int copied = 0;
      int lastEnd = 0;
      boolean changed = false;
      for (int n = 0; n < findings.size(); n++) {
        Finding f = findings.get(n);
        EntityType type = f.type();
        if (f.score() < policy.minScore(type)) {
          continue;
        }
        int ceiling = n + 1 < findings.size() ? findings.get(n + 1).start() : in.length();
        int start = Spans.start(in, f.start(), lastEnd);
        int end = Math.max(start, Spans.end(in, f.end(), ceiling, type));
        lastEnd = end;
        String value = in.substring(start, end);
        Action action = policy.allow().allows(value) ? Action.ALLOW : policy.action(type);
        counter.add(type, action);
        String replacement = switch (action) {
          case ALLOW -> null;
          case BLOCK -> {
            block(type, at, index);
            yield null;
          }
          case MASK -> "<" + type.name() + ">";
          // an identifier cannot be empty: a redacted name reads as its type, like a mask
          case REDACT -> identifier ? type.name() : "";
          case HASH -> surrogates.hash(tenant, type, Surrogates.normalise(type, value));
          case PSEUDONYMIZE -> pseudonym(type, value, identifier);
        };
        if (replacement != null) {
          out.append(in, copied, start).append(identifier ? Spans.identifier(replacement) : replacement);
          copied = end;
          changed = true;
        }
      }
      if (!changed) {
        return in;
      }
      out.append(in, copied, in.length());
      return out.toString();
    }

    private void block(EntityType type, String at, int index) {
      blockedTypes.add(type);
      if (index != NO_INDEX) {
        blockedIndexes.add(index);
      }
      if (!blockedLocations.contains(at)) {
        blockedLocations.add(at);
      }
    }

    /**
     * The surrogate of {@code value}, the same for every occurrence in the request. In an
     * {@code identifier} it is always a token ({@code PERSON_7f3a2c} once identifier-shaped): a
     * synthetic "Jane Doe" would lose its space there and could not be restored.
     */
    private String pseudonym(EntityType type, String value, boolean identifier) {
      String normalised = Surrogates.normalise(type, value);
      boolean styleSynthetic = policy.surrogates() == SurrogateStyle.SYNTHETIC;
      boolean synthetic = styleSynthetic && !identifier;
      // under synthetic surrogates an identifier's token is a second surrogate of the same value
      String key = type.name() + (styleSynthetic && identifier ? '\u0001' : '\u0000') + normalised;
      String known = pseudonyms.surrogateFor(key);
      if (known != null) {
        return known;
      }
      for (int attempt = 0; attempt < 64; attempt++) {
        String s = synthetic ? surrogates.synthetic(tenant, type, normalised, value, attempt) : null;
        if (s == null) {
          s = surrogates.token(tenant, type, normalised, attempt);
        }
        if (!pseudonyms.taken(s) && !s.equalsIgnoreCase(value)) {
          pseudonyms.put(key, s, value);
          return s;
        }
      }
      throw new InspectionFailedException("surrogates", "no free surrogate after 64 attempts");
    }

    private static List<String> names(ObjectNode o) {
      List<String> names = new ArrayList<>(o.size());
      o.fieldNames().forEachRemaining(names::add);
      return names;
    }

    /** Puts {@code replaced} into {@code o.name} unless it is {@code null} (unchanged). */
    private static void set(ObjectNode o, String name, JsonNode replaced) {
      if (replaced != null) {
        o.set(name, replaced);
      }
    }
  }
}
