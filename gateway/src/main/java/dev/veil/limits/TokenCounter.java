package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.veil.guard.Request;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the prompt tokens of a request before it is sent, with the model's OpenAI tokenizer
 * (jtokkit; {@code o200k_base} for a model it does not know), so that a tokens-per-minute limit
 * can refuse a request before it costs anything. The count follows OpenAI's published rule for
 * chat messages (3 tokens a message, 1 for a name, 3 to prime the answer) over the text of each
 * message: its content (a string or the text parts), name, and the names and arguments of tool
 * calls; a tool list counts as its JSON text. Images and audio are not counted. It is an
 * estimate: the guards correct it with the answer's {@code usage}.
 *
 * <p>Text is counted as ordinary text: special-token markers such as {@code <|endoftext|>} in a
 * prompt are counted as the characters they are, never refused.
 */
public final class TokenCounter {
  private static final int PER_MESSAGE = 3;
  private static final int PER_NAME = 1;
  private static final int REPLY_PRIMER = 3;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
  private final Encoding fallback = registry.getEncoding(EncodingType.O200K_BASE);
  private final ConcurrentHashMap<String, Encoding> byModel = new ConcurrentHashMap<>();

  /** The estimated prompt tokens of {@code request}. */
  public long prompt(Request request) {
    // Only names the tokenizer knows are kept: behind a "*" route a client may send any string.
    Encoding enc = byModel.get(request.model());
    if (enc == null) {
      enc = registry.getEncodingForModel(request.model()).orElse(null);
      if (enc == null) {
        enc = fallback;
      } else {
        byModel.putIfAbsent(request.model(), enc);
      }
    }
    JsonNode body = request.body();
    if (request.endpoint() == Request.Endpoint.EMBEDDINGS) {
      return input(enc, body.path("input"));
    }
    if (request.endpoint() == Request.Endpoint.RESPONSES) {
      // Items are counted by their JSON: a little more than their text, never less.
      JsonNode input = body.path("input");
      return REPLY_PRIMER + text(enc, body.path("instructions")) + (input.isTextual()
          ? text(enc, input) : input.isMissingNode() ? 0
          : enc.countTokensOrdinary(input.toString()))
          + (body.hasNonNull("tools") ? enc.countTokensOrdinary(body.get("tools").toString()) : 0);
    }
    if (request.endpoint() == Request.Endpoint.COMPLETIONS) {
      return input(enc, body.path("prompt")) + text(enc, body.path("suffix"));
    }
    long n = REPLY_PRIMER;
    for (JsonNode m : body.path("messages")) {
      n += PER_MESSAGE + text(enc, m.path("role"));
      JsonNode content = m.path("content");
      if (content.isTextual()) {
        n += text(enc, content);
      } else {
        for (JsonNode part : content) {
          n += text(enc, part.path("text"));
        }
      }
      if (m.hasNonNull("name")) {
        n += PER_NAME + text(enc, m.path("name"));
      }
      for (JsonNode call : m.path("tool_calls")) {
        n += text(enc, call.path("function").path("name"))
            + text(enc, call.path("function").path("arguments"));
      }
    }
    if (body.hasNonNull("tools")) {
      n += enc.countTokensOrdinary(body.get("tools").toString());
    }
    return n;
  }

  /** An embeddings input: a string, strings, or token arrays (counted by their length). */
  private static long input(Encoding enc, JsonNode input) {
    if (input.isTextual()) {
      return text(enc, input);
    }
    long n = 0;
    for (JsonNode item : input) {
      n += item.isArray() ? item.size() : item.isNumber() ? 1 : text(enc, item);
    }
    return n;
  }

  private static int text(Encoding enc, JsonNode node) {
    return node.isTextual() ? enc.countTokensOrdinary(node.asText()) : 0;
  }
}
