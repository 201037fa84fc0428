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
 * Scans every text of a request that reaches a model and applies a {@link Policy} to what the
 * {@link Detector} finds.
 *
 * <p>Chat completions: the content of system, developer, user, assistant, tool and function
 * messages, as a string or as {@code {"type":"text"}} and {@code {"type":"refusal"}} parts; the
 * {@code refusal} of assistant messages; {@code tool_calls[].function.arguments} and legacy
 * {@code function_call.arguments}; the content of a {@code prediction} (scanned with user
 * messages). Arguments and tool results that hold JSON are parsed, their
 * string (and number) values and keys scanned, and re-serialised only when something changed; text
 * that is not valid JSON is scanned as plain text. Messages of an unknown role are always scanned.
 * {@code name} fields are identifiers, not text. Embeddings: {@code input} as a string or an array
 * of strings. Every other field passes through untouched, including the developer-written
 * {@code tools} definitions.
 *
 * <p>Thread-safe: one instance serves all requests.
 *
 * <h2>Security</h2>
 * Fails closed. A detector exception, a finding with an impossible span, a part of an unexpected
 * shape, token-id input or (unless the policy allows it) an image, audio or file part raises
 * {@link InspectionFailedException}, and the request must not go upstream. Neither results nor
 * exceptions carry a detected value.
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

  /** Findings (plus one per text) that a generation of the {@link ScanCache} may hold. */
  private static final long SCAN_CACHE_BUDGET = 100_000;

  private final Detector detector;
  private final Surrogates surrogates;
  private final ScanCache scanCache = new ScanCache(SCAN_CACHE_BUDGET);

  public RequestProtector(Detector detector, KeyedHash keyedHash) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.surrogates = new Surrogates(keyedHash);
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
   * @throws InspectionFailedException if some part could not be inspected
   */
  public ProtectionResult protect(EndpointKind kind, ObjectNode body, Policy policy, String tenant,
      String scanScope) {
    Objects.requireNonNull(body, "body");
    Session s = new Session(policy, Objects.requireNonNull(tenant, "tenant"), scanScope);
    switch (kind) {
      case CHAT_COMPLETIONS -> s.chat(body);
      case EMBEDDINGS -> s.embeddings(body);
    }
    Receipt receipt = s.counter.toReceipt();
    if (!s.blockedTypes.isEmpty()) {
      return new ProtectionResult.Blocked(new Violation(policy.name(), s.blockedTypes,
          s.blockedIndexes, s.blockedLocations), receipt);
    }
    return new ProtectionResult.Protected(body, s.pseudonyms, receipt);
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

    Session(Policy policy, String tenant, String scanScope) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.tenant = tenant;
      this.scanScope = scanScope;
      this.noteText = policy.output() != OutputAction.ALLOW;
      this.counter = new Receipt.Counter(policy.name());
    }

    void chat(ObjectNode body) {
      if (!(body.get("messages") instanceof ArrayNode messages)) {
        throw new InspectionFailedException("messages", "is missing or not an array");
      }
      for (int i = 0; i < messages.size(); i++) {
        String at = "messages[" + i + "]";
        if (!(messages.get(i) instanceof ObjectNode m)) {
          throw new InspectionFailedException(at, "is not an object");
        }
        JsonNode roleNode = m.get("role");
        String role = roleNode != null && roleNode.isTextual() ? roleNode.textValue() : "";
        ScanPart part = switch (role) {
          case "system", "developer" -> ScanPart.SYSTEM;
          case "user" -> ScanPart.USER;
          case "assistant" -> ScanPart.ASSISTANT;
          case "tool", "function" -> ScanPart.TOOL;
          default -> null;
        };
        if (part == null || policy.scans(part)) {
          content(m, at, i, part == ScanPart.TOOL);
          textField(m, "refusal", at, i, false);
        }
        if (policy.scans(ScanPart.TOOL_ARGUMENTS)) {
          toolCalls(m, at, i);
        }
      }
      JsonNode prediction = body.get("prediction");
      if (prediction != null && !prediction.isNull() && policy.scans(ScanPart.USER)) {
        if (!(prediction instanceof ObjectNode p)) {
          throw new InspectionFailedException("prediction", "is not an object");
        }
        content(p, "prediction", NO_INDEX, false);
      }
    }

    void embeddings(ObjectNode body) {
      if (!policy.scans(ScanPart.EMBEDDINGS)) {
        return;
      }
      JsonNode input = body.get("input");
      if (input != null && input.isTextual()) {
        String out = text(input.textValue(), "input", 0);
        if (out != input.textValue()) {
          body.put("input", out);
        }
      } else if (input instanceof ArrayNode items) {
        for (int k = 0; k < items.size(); k++) {
          JsonNode item = items.get(k);
          if (!item.isTextual()) {
            throw new InspectionFailedException("input[" + k + "]",
                item.isNumber() || item.isArray()
                    ? "token ids cannot be inspected; send text"
                    : "is not a string");
          }
          String out = text(item.textValue(), "input[" + k + "]", k);
          if (out != item.textValue()) {
            items.set(k, TextNode.valueOf(out));
          }
        }
      } else {
        throw new InspectionFailedException("input", "is missing or not a string or array of strings");
      }
    }

    private void content(ObjectNode m, String at, int index, boolean maybeJson) {
      JsonNode c = m.get("content");
      if (c == null || c.isNull()) {
        return;
      }
      if (c.isTextual()) {
        textField(m, "content", at, index, maybeJson);
        return;
      }
      if (!(c instanceof ArrayNode parts)) {
        throw new InspectionFailedException(at + ".content", "is neither a string nor an array of parts");
      }
      for (int k = 0; k < parts.size(); k++) {
        String pat = at + ".content[" + k + "]";
        if (!(parts.get(k) instanceof ObjectNode p)) {
          throw new InspectionFailedException(pat, "is not an object");
        }
        JsonNode type = p.get("type");
        String t = type != null && type.isTextual() ? type.textValue() : "";
        switch (t) {
          case "text" -> requireText(p, "text", pat, index, maybeJson);
          case "refusal" -> requireText(p, "refusal", pat, index, false);
          default -> {
            if (!policy.allowNonText()) {
              throw new InspectionFailedException(pat,
                  "a non-text content part cannot be inspected; the policy refuses it");
            }
          }
        }
      }
    }

    private void requireText(ObjectNode p, String field, String at, int index, boolean maybeJson) {
      JsonNode v = p.get(field);
      if (v == null || !v.isTextual()) {
        throw new InspectionFailedException(at + "." + field, "is missing or not a string");
      }
      textField(p, field, at, index, maybeJson);
    }

    private void toolCalls(ObjectNode m, String at, int index) {
      JsonNode calls = m.get("tool_calls");
      if (calls != null && !calls.isNull()) {
        if (!(calls instanceof ArrayNode list)) {
          throw new InspectionFailedException(at + ".tool_calls", "is not an array");
        }
        for (int k = 0; k < list.size(); k++) {
          arguments(list.get(k).get("function"), at + ".tool_calls[" + k + "].function", index);
        }
      }
      JsonNode legacy = m.get("function_call");
      if (legacy != null && !legacy.isNull()) {
        arguments(legacy, at + ".function_call", index);
      }
    }

    private void arguments(JsonNode function, String at, int index) {
      if (function == null || function.isNull()) {
        return;
      }
      if (!(function instanceof ObjectNode f)) {
        throw new InspectionFailedException(at, "is not an object");
      }
      JsonNode args = f.get("arguments");
      if (args == null || args.isNull()) {
        return;
      }
      if (!args.isTextual()) {
        throw new InspectionFailedException(at + ".arguments", "is not a string");
      }
      textField(f, "arguments", at, index, true);
    }

    /** Protects the string field {@code field} of {@code o}, if it is one. */
    private void textField(ObjectNode o, String field, String at, int index, boolean maybeJson) {
      JsonNode v = o.get(field);
      if (v == null || !v.isTextual()) {
        if (v != null && !v.isNull()) {
          throw new InspectionFailedException(at + "." + field, "is not a string");
        }
        return;
      }
      String in = v.textValue();
      String where = at + "." + field;
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
          Map<String, JsonNode> rebuilt = new LinkedHashMap<>();
          int k = 0;
          for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
            rebuilt.put(keys.get(k++), it.next());
          }
          o.removeAll();
          o.setAll(rebuilt);
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

    /** Protects one text; returns {@code in} itself when nothing changed. */
    private String text(String in, String at, int index) {
      if (in.isEmpty()) {
        return in;
      }
      if (noteText) {
        pseudonyms.noteRequestText(in);
      }
      List<Finding> findings = scanCache.scan(detector, scanScope, in, at);
      if (findings.isEmpty()) {
        return in;
      }
      StringBuilder out = sb;
      out.setLength(0);
      out.ensureCapacity(in.length() + 64);
      int copied = 0;
      boolean changed = false;
      for (Finding f : findings) {
        EntityType type = f.type();
        if (f.score() < policy.minScore(type)) {
          continue;
        }
        String value = f.valueIn(in);
        Action action = policy.allow().allows(value) ? Action.ALLOW : policy.action(type);
        counter.add(type, action);
        String replacement = switch (action) {
          case ALLOW -> null;
          case BLOCK -> {
            block(type, at, index);
            yield null;
          }
          case MASK -> "<" + type.name() + ">";
          case REDACT -> "";
          case HASH -> surrogates.hash(tenant, type, Surrogates.normalise(type, value));
          case PSEUDONYMIZE -> pseudonym(type, value);
        };
        if (replacement != null) {
          out.append(in, copied, f.start()).append(replacement);
          copied = f.end();
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

    private String pseudonym(EntityType type, String value) {
      String normalised = Surrogates.normalise(type, value);
      String key = type.name() + '\u0000' + normalised;
      String known = pseudonyms.surrogateFor(key);
      if (known != null) {
        return known;
      }
      for (int attempt = 0; attempt < 64; attempt++) {
        String s = policy.surrogates() == SurrogateStyle.SYNTHETIC
            ? surrogates.synthetic(tenant, type, normalised, value, attempt)
            : null;
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
  }
}
