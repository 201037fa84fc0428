package dev.veil.protect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.Objects;

/**
 * Restores the surrogates of a request in its non-streaming Responses API answer ({@link
 * #restoreResponse}), or in its non-streaming chat completion response ({@code
 * choices[].message.content}, {@code refusal}, {@code tool_calls[].function.arguments} and {@code
 * name}, and legacy {@code function_call.arguments} and {@code name}) or legacy text completion
 * response ({@code choices[].text}) and applies the policy's output action to personal data that
 * the model produced itself. {@link #stream} does the same for a stream.
 *
 * <p>Surrogates are restored also when the model changed their case or dropped their brackets
 * ({@code person_7f3a2c}), since no two surrogates of a request are equal once folded. In tool
 * arguments the restored value is escaped so that the arguments stay valid JSON.
 *
 * <p>Thread-safe.
 *
 * <h2>Security</h2>
 * Output scanning treats a value as the user's own when it occurs in a scanned part of the request
 * or behind one of its surrogates. If the detector fails on output, {@link
 * InspectionFailedException} is thrown and the response must not reach the client.
 *
 * <h2>Warning</h2>
 * Do not restore the answer of the {@code inspect} provider: it shows what would leave.
 */
public final class ResponseRestorer {

  private final Detector detector;

  /** @param detector used to scan the model's output */
  public ResponseRestorer(Detector detector) {
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /**
   * Restores {@code response} in place.
   *
   * @throws InspectionFailedException if output scanning failed or met a part it cannot scan
   */
  public RestoreResult restore(ObjectNode response, Pseudonyms pseudonyms, Policy policy) {
    Receipt.Counter counter = new Receipt.Counter(policy.name());
    if (response.get("output") instanceof ArrayNode) {
      try {
        restoreResponse(response, pseudonyms, policy, counter);
      } catch (OutputBlockedException e) {
        return new RestoreResult.Blocked(e.violation(), counter.toReceipt());
      }
      return new RestoreResult.Restored(response, counter.toReceipt());
    }
    if (response.get("choices") instanceof ArrayNode choices) {
      try {
        for (int i = 0; i < choices.size(); i++) {
          if (choices.get(i) instanceof ObjectNode c && c.has("text")) {
            restoreText(c, "text", "choices[" + i + "]", i, false, pseudonyms, policy, counter);
          }
          if (choices.get(i) instanceof ObjectNode c && c.get("message") instanceof ObjectNode m) {
            String at = "choices[" + i + "].message";
            restoreText(m, "content", at, i, false, pseudonyms, policy, counter);
            restoreText(m, "refusal", at, i, false, pseudonyms, policy, counter);
            if (m.get("tool_calls") instanceof ArrayNode calls) {
              for (int k = 0; k < calls.size(); k++) {
                if (calls.get(k).get("function") instanceof ObjectNode f) {
                  restoreText(f, "arguments", at + ".tool_calls[" + k + "].function", i, true,
                      pseudonyms, policy, counter);
                  restoreName(f, pseudonyms);
                }
              }
            }
            if (m.get("function_call") instanceof ObjectNode f) {
              restoreText(f, "arguments", at + ".function_call", i, true, pseudonyms, policy, counter);
              restoreName(f, pseudonyms);
            }
          }
        }
      } catch (OutputBlockedException e) {
        return new RestoreResult.Blocked(e.violation(), counter.toReceipt());
      }
    }
    return new RestoreResult.Restored(response, counter.toReceipt());
  }

  /**
   * Restores a Responses API {@code response} object in place: its echoed {@code instructions}
   * and every output item ({@link #restoreItem}).
   */
  void restoreResponse(ObjectNode response, Pseudonyms pseudonyms, Policy policy,
      Receipt.Counter counter) {
    if (response.path("instructions").isTextual()) {
      restoreText(response, "instructions", "response", 0, false, pseudonyms, policy, counter);
    }
    if (response.get("output") instanceof ArrayNode output) {
      for (int i = 0; i < output.size(); i++) {
        if (output.get(i) instanceof ObjectNode item) {
          restoreItem(item, i, pseudonyms, policy, counter);
        }
      }
    }
  }

  /**
   * Restores one output item of a Responses API answer in place: a message's {@code output_text}
   * and {@code refusal} parts, a function call's {@code arguments} and {@code name}, a custom tool
   * call's {@code input} and {@code name}, a reasoning item's summary and reasoning text (its
   * {@code encrypted_content} is left as it is). Items of other kinds (hosted tool calls) carry
   * no text of the request and pass unchanged.
   */
  void restoreItem(ObjectNode item, int index, Pseudonyms pseudonyms, Policy policy,
      Receipt.Counter counter) {
    String at = "output[" + index + "]";
    switch (item.path("type").asText()) {
      case "message" -> restoreParts(item.get("content"), at + ".content", index, pseudonyms,
          policy, counter);
      case "function_call" -> {
        restoreText(item, "arguments", at, index, true, pseudonyms, policy, counter);
        restoreName(item, pseudonyms);
      }
      case "custom_tool_call" -> {
        restoreText(item, "input", at, index, false, pseudonyms, policy, counter);
        restoreName(item, pseudonyms);
      }
      case "reasoning" -> {
        restoreParts(item.get("summary"), at + ".summary", index, pseudonyms, policy, counter);
        restoreParts(item.get("content"), at + ".content", index, pseudonyms, policy, counter);
      }
      default -> { }
    }
  }

  /** Restores the text of each part in {@code parts} ({@code text} or {@code refusal}). */
  void restoreParts(JsonNode parts, String at, int index, Pseudonyms pseudonyms, Policy policy,
      Receipt.Counter counter) {
    if (!(parts instanceof ArrayNode list)) {
      return;
    }
    for (int k = 0; k < list.size(); k++) {
      if (list.get(k) instanceof ObjectNode part) {
        restorePart(part, at + "[" + k + "]", index, pseudonyms, policy, counter);
      }
    }
  }

  /** Restores one content part: its {@code text} or {@code refusal}. */
  void restorePart(ObjectNode part, String at, int index, Pseudonyms pseudonyms, Policy policy,
      Receipt.Counter counter) {
    restoreText(part, part.has("refusal") ? "refusal" : "text", at, index, false, pseudonyms,
        policy, counter);
  }

  /**
   * A restorer for one streamed Responses API answer of the request that produced {@code
   * pseudonyms}; see {@link ResponsesStreamRestorer}.
   */
  public ResponsesStreamRestorer responsesStream(Pseudonyms pseudonyms, Policy policy) {
    return new ResponsesStreamRestorer(this, pseudonyms, policy, detector);
  }

  /**
   * A restorer for one streamed response of the request that produced {@code pseudonyms}; see
   * {@link StreamRestorer}.
   */
  public StreamRestorer stream(Pseudonyms pseudonyms, Policy policy) {
    return stream(pseudonyms, policy, false);
  }

  /**
   * A restorer for one streamed response; {@code textCompletion} for a legacy text completion
   * ({@code /v1/completions}), whose chunks carry {@code choices[].text} instead of deltas.
   */
  public StreamRestorer stream(Pseudonyms pseudonyms, Policy policy, boolean textCompletion) {
    return new StreamRestorer(pseudonyms, policy, detector, textCompletion);
  }

  /**
   * Restores the surrogate in a function {@code name}, which a request's tool definitions may have
   * carried in identifier form ({@code PERSON_7f3a2c}). Names are restored whole and not scanned:
   * masking part of one would break the call.
   *
   * @return true if the name changed
   */
  static boolean restoreName(ObjectNode function, Pseudonyms pseudonyms) {
    JsonNode v = function.get("name");
    if (v == null || !v.isTextual() || pseudonyms.isEmpty()) {
      return false;
    }
    RestoreChannel channel = new RestoreChannel(pseudonyms, false);
    StringBuilder out = new StringBuilder(v.textValue().length());
    channel.feed(v.textValue(), out);
    channel.flush(out);
    if (v.textValue().contentEquals(out)) {
      return false;
    }
    function.put("name", out.toString());
    return true;
  }

  void restoreText(ObjectNode o, String field, String at, int choice, boolean json,
      Pseudonyms pseudonyms, Policy policy, Receipt.Counter counter) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isTextual()) {
      if (policy.output() != OutputAction.ALLOW) {
        throw new InspectionFailedException(at + "." + field, "is not a string and cannot be scanned");
      }
      return;
    }
    TextPipe pipe = new TextPipe(pseudonyms, policy, detector, counter, at + "." + field, choice, json);
    String in = v.textValue();
    String head = pipe.feed(in);
    String tail = pipe.flush();
    if (head != in || !tail.isEmpty()) {
      o.put(field, head + tail);
    }
  }
}
