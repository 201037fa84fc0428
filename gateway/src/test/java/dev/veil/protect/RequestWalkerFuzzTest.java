package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import dev.veil.policy.Action;
import dev.veil.policy.Policy;
import dev.veil.policy.SurrogateStyle;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the request walker (Jazzer): {@link RequestValidator} and {@link
 * RequestProtector} on arbitrary bodies, either raw bytes parsed strictly or JSON trees shaped
 * like chat and embeddings requests, with a canary value planted in strings, keys and
 * JSON-in-a-string at any depth.
 *
 * <p>Properties, for any body the validator accepts: it is protected, or blocked, or (for a
 * non-text part the policy refuses, token ids, or two keys that protection would make equal)
 * refused with an {@link
 * InspectionFailedException}; nothing else is thrown, in particular no shape error the validator
 * should have answered with 400. What the validator refuses is a 400. A
 * protected body holds no canary in any string or key except the fields that carry no text
 * ({@code model}, the binary payloads of allowed non-text parts), keeps the shape it had (same
 * containers, same number of fields and items) and passes the validator again. No error, violation
 * or location quotes the canary.
 *
 * <p>The detector is the standard one, plus a finding for every occurrence of the canary, so that
 * a canary left in the output can only be one that was never scanned.
 */
class RequestWalkerFuzzTest {

  private static final String CANARY = "Quarrington-CANARY-7731";
  private static final Detector STANDARD = Detectors.standard();
  private static final Detector DETECTOR = RequestWalkerFuzzTest::scanWithCanary;
  private static final KeyedHash HASH = input -> {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  };
  private static final List<Policy> POLICIES = List.of(
      Policy.defaults(),
      Policy.builder("mask").personalData(Action.MASK).allowNonText(true).build(),
      Policy.builder("redact").personalData(Action.REDACT).build(),
      Policy.builder("hash").personalData(Action.HASH).allowNonText(true).build(),
      Policy.builder("synthetic").surrogates(SurrogateStyle.SYNTHETIC).build(),
      Policy.builder("block").personalData(Action.BLOCK).build());
  private static final ObjectMapper STRICT = JsonMapper.builder(Jackson.factory().build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final RequestProtector PROTECTOR = new RequestProtector(DETECTOR, HASH);

  private static final String[] KEYS = {"model", "messages", "role", "content", "name", "type",
      "text", "refusal", "tool_calls", "function_call", "function", "arguments", "id", "image_url",
      "url", "input_audio", "data", "file", "file_data", "tools", "tool_choice", "description",
      "parameters", "response_format", "json_schema", "schema", "user", "metadata", "stop",
      "prediction", "logit_bias", "temperature", "n", "stream", "store", "input",
      "encoding_format", "dimensions", "properties", "reasoning_content", "annotations",
      "web_search_options", "user_location", "approximate", "functions", "tool_call_id"};
  private static final String[] VALUES = {"user", "assistant", "system", "developer", "tool",
      "function", "text", "refusal", "image_url", "input_audio", "file", "json_schema", "string",
      "object", "float", "base64", "data:image/png;base64,iVBOR", "approximate", "gpt-4o"};

  @FuzzTest(maxDuration = "10s")
  void anyBodyIsRefusedCleanlyOrProtectedWithNoCanaryLeft(FuzzedDataProvider data) {
    Policy policy = POLICIES.get(data.consumeInt(0, POLICIES.size() - 1));
    boolean chat = data.consumeBoolean();
    Request.Endpoint endpoint = chat ? Request.Endpoint.CHAT_COMPLETIONS : Request.Endpoint.EMBEDDINGS;
    ObjectNode body;
    if (data.consumeBoolean()) {
      try {
        if (!(STRICT.readTree(data.consumeRemainingAsBytes()) instanceof ObjectNode o)) {
          return;
        }
        body = o;
      } catch (IOException e) {
        return;
      }
    } else {
      body = new Trees(data).request(chat);
    }
    Response.Json invalid = RequestValidator.check(endpoint, body);
    if (invalid != null) {
      assertThat(invalid.status()).isEqualTo(400);
      return;
    }
    ObjectNode before = body.deepCopy();
    ProtectionResult result;
    try {
      result = PROTECTOR.protect(chat ? EndpointKind.CHAT_COMPLETIONS : EndpointKind.EMBEDDINGS,
          body, policy, "tenant", "key");
    } catch (InspectionFailedException e) {
      assertThat(e.getMessage()).doesNotContain(CANARY);
      assertThat(e.causeType()).as(e.getMessage()).isNull();
      assertThat(e.getMessage()).as("a refusal the client can act on")
          .containsAnyOf("a non-text content part cannot be inspected", "token ids cannot be inspected",
              "two keys are the same once protected");
      return;
    }
    if (result instanceof ProtectionResult.Blocked blocked) {
      assertThat(blocked.violation().message()).doesNotContain(CANARY);
      assertThat(String.join(" ", blocked.violation().locations())).doesNotContain(CANARY);
      return;
    }
    ObjectNode out = ((ProtectionResult.Protected) result).body();
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : out.properties()) {
      if (!e.getKey().equals("model")) {
        collectLeaks(e.getValue(), e.getKey(), false, policy.allowNonText(), leaks);
      }
    }
    assertThat(leaks).as("strings or keys that went upstream with the canary").isEmpty();
    assertSameShape(before, out, "");
    assertThat(RequestValidator.check(endpoint, out)).as("the protected body validates").isNull();
  }

  /**
   * Regression (found by this fuzz test): two keys that protection made equal were merged, so one
   * value was silently dropped.
   */
  @Test
  void twoKeysThatProtectionWouldMakeEqualAreRefusedNotMerged() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "gpt-4o");
    body.putArray("messages").addObject().put("role", "user").put("content", "hi");
    body.putObject("metadata").put("alice.moor@gmail.com", "a").put("bob.lee@gmail.com", "b");
    Policy mask = Policy.builder("mask").personalData(Action.MASK).build();

    assertThatThrownBy(() -> PROTECTOR.protect(EndpointKind.CHAT_COMPLETIONS, body, mask, "t"))
        .isInstanceOf(InspectionFailedException.class)
        .hasMessage("metadata: two keys are the same once protected; the fields would merge");
  }

  /** The standard findings, except where the canary is, which is always found. */
  private static List<Finding> scanWithCanary(CharSequence text) {
    String s = text.toString();
    List<Finding> canaries = new ArrayList<>();
    for (int i = s.indexOf(CANARY); i >= 0; i = s.indexOf(CANARY, i + CANARY.length())) {
      canaries.add(new Finding(EntityType.PERSON, i, i + CANARY.length(), 1.0, "canary"));
    }
    List<Finding> found = STANDARD.scan(text);
    if (canaries.isEmpty()) {
      return found;
    }
    List<Finding> merged = new ArrayList<>(canaries);
    for (Finding f : found) {
      if (canaries.stream().noneMatch(f::overlaps)) {
        merged.add(f);
      }
    }
    merged.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return merged;
  }

  /**
   * Adds the path of every string or key in {@code v} that holds the canary. Inside a content part
   * (an object in a {@code content} array) under a policy that allows non-text parts, the binary
   * payload named by the part's type is not text and is skipped.
   */
  private static void collectLeaks(JsonNode v, String at, boolean inParts, boolean allowNonText,
      List<String> leaks) {
    if (v.isTextual()) {
      if (v.textValue().contains(CANARY)) {
        leaks.add(at);
      }
    } else if (v instanceof ArrayNode a) {
      boolean parts = at.endsWith("content");
      for (int k = 0; k < a.size(); k++) {
        collectLeaks(a.get(k), at + "[" + k + "]", parts, allowNonText, leaks);
      }
    } else if (v instanceof ObjectNode o) {
      String type = inParts && o.path("type").isTextual() ? o.get("type").textValue() : null;
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getKey().contains(CANARY)) {
          leaks.add(at + " (key)");
        }
        JsonNode w = e.getValue();
        if (allowNonText && type != null && e.getKey().equals(type) && w instanceof ObjectNode payload) {
          for (Map.Entry<String, JsonNode> p : payload.properties()) {
            if (p.getKey().contains(CANARY)) {
              leaks.add(at + "." + type + " (key)");
            }
            if (!binary(type, p.getKey(), p.getValue())) {
              collectLeaks(p.getValue(), at + "." + type + "." + p.getKey(), false, true, leaks);
            }
          }
        } else {
          collectLeaks(w, at + "." + e.getKey(), false, allowNonText, leaks);
        }
      }
    }
  }

  private static boolean binary(String type, String key, JsonNode v) {
    return v.isTextual() && switch (type + "." + key) {
      case "input_audio.data", "file.file_data" -> true;
      case "image_url.url" -> v.textValue().regionMatches(true, 0, "data:", 0, 5);
      default -> false;
    };
  }

  /** Protection changes strings and keys, never which containers there are or how many items. */
  private static void assertSameShape(JsonNode before, JsonNode after, String at) {
    if (before.isContainerNode()) {
      assertThat(after.getNodeType()).as("type at '%s'", at).isEqualTo(before.getNodeType());
      assertThat(after.size()).as("size at '%s'", at).isEqualTo(before.size());
      Iterator<JsonNode> a = after.elements();
      int k = 0;
      for (Iterator<JsonNode> b = before.elements(); b.hasNext(); k++) {
        assertSameShape(b.next(), a.next(), at + "/" + k);
      }
    } else if (!before.isTextual() && !before.isNumber()) {
      assertThat(after).as("value at '%s'", at).isEqualTo(before);
    }
  }

  /** Builds request-shaped JSON from the fuzzer's choices. */
  private static final class Trees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final FuzzedDataProvider data;
    /** JSON written into a string holds no further JSON-in-a-string (its size would explode). */
    private boolean inJsonString;

    Trees(FuzzedDataProvider data) {
      this.data = data;
    }

    ObjectNode request(boolean chat) {
      ObjectNode body = F.objectNode();
      body.put("model", "gpt-4o");
      if (chat) {
        ArrayNode messages = body.putArray("messages");
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
          messages.add(message());
        }
      } else {
        body.set("input", data.consumeBoolean() ? F.textNode(string()) : array(2));
      }
      int extra = data.consumeInt(0, 3);
      for (int i = 0; i < extra; i++) {
        body.set(key(), value(1));
      }
      return body;
    }

    private JsonNode message() {
      if (data.consumeInt(0, 15) == 0) {
        return value(2);
      }
      ObjectNode m = F.objectNode();
      m.put("role", data.consumeBoolean() ? VALUES[data.consumeInt(0, 4)] : string());
      switch (data.consumeInt(0, 3)) {
        case 0 -> m.put("content", string());
        case 1 -> {
          ArrayNode parts = m.putArray("content");
          int n = data.consumeInt(0, 3);
          for (int k = 0; k < n; k++) {
            parts.add(part());
          }
        }
        case 2 -> m.set("content", value(2));
        default -> { }
      }
      int extra = data.consumeInt(0, 2);
      for (int i = 0; i < extra; i++) {
        m.set(key(), value(2));
      }
      return m;
    }

    private JsonNode part() {
      ObjectNode p = F.objectNode();
      String type = data.consumeBoolean() ? VALUES[data.consumeInt(5, 10)] : string();
      p.put("type", type);
      p.set(type, data.consumeBoolean() ? F.textNode(string()) : value(3));
      if (data.consumeBoolean()) {
        p.set(key(), value(3));
      }
      return p;
    }

    private JsonNode value(int depth) {
      int kind = data.consumeInt(0, depth < 5 ? 8 : 3);
      return switch (kind) {
        case 0 -> F.numberNode(data.consumeInt());
        case 1 -> F.booleanNode(data.consumeBoolean());
        case 2 -> F.nullNode();
        case 3, 4, 5 -> F.textNode(string());
        case 6, 7 -> object(depth + 1);
        default -> array(depth + 1);
      };
    }

    private ObjectNode object(int depth) {
      ObjectNode o = F.objectNode();
      int n = data.consumeInt(0, 4);
      for (int i = 0; i < n; i++) {
        o.set(key(), value(depth));
      }
      return o;
    }

    private ArrayNode array(int depth) {
      ArrayNode a = F.arrayNode();
      int n = data.consumeInt(0, 4);
      for (int i = 0; i < n; i++) {
        a.add(value(depth));
      }
      return a;
    }

    private String key() {
      return switch (data.consumeInt(0, 3)) {
        case 0, 1 -> KEYS[data.consumeInt(0, KEYS.length - 1)];
        case 2 -> data.consumeString(12) + CANARY;
        default -> data.consumeString(16);
      };
    }

    private String string() {
      return switch (data.consumeInt(0, 6)) {
        case 0 -> CANARY;
        case 1 -> data.consumeString(24) + CANARY + data.consumeString(24);
        case 2 -> VALUES[data.consumeInt(0, VALUES.length - 1)];
        case 3 -> {
          if (inJsonString) {
            yield data.consumeString(48);
          }
          inJsonString = true;
          String json = object(3).toString();
          inJsonString = false;
          yield json;
        }
        case 4 -> "data:" + data.consumeString(8) + CANARY;
        default -> data.consumeString(48);
      };
    }
  }
}
