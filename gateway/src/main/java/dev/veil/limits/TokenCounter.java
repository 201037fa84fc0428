package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.ModelType;
import dev.veil.guard.Request;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Counts the prompt tokens of a request before it is sent, with the model's OpenAI tokenizer
 * (jtokkit; {@code o200k_base} for a model it does not know), so that a tokens-per-minute limit
 * can refuse a request before it costs anything. The count follows OpenAI's published rule for
 * chat messages (3 tokens a message, 1 for a name, 3 to prime the answer) over the text of each
 * message: its content (a string or the text parts), name, and the names and arguments of tool
 * calls; a tool list counts as its JSON text. Images and audio are not counted. It is an
 * estimate: the guards correct it with the answer's {@code usage}.
 *
 * <p>{@code o200k_base}, the encoding of every current OpenAI model, is counted by {@link
 * O200kTokens}, which gives jtokkit's counts without its regular expression; the older encodings
 * by jtokkit.
 *
 * <p>Text is counted as ordinary text: special-token markers such as {@code <|endoftext|>} in a
 * prompt are counted as the characters they are, never refused.
 */
public final class TokenCounter {
  private static final int PER_MESSAGE = 3;
  private static final int PER_NAME = 1;
  private static final int REPLY_PRIMER = 3;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
  private final ConcurrentHashMap<EncodingType, ToIntFunction<String>> byEncoding =
      new ConcurrentHashMap<>();

  /**
   * Reads the vocabulary of {@code o200k_base}, every current model's, now (about 140 ms at
   * start-up) rather than in the first request that needs it.
   */
  public TokenCounter() {
    byEncoding.put(EncodingType.O200K_BASE, counterFor(EncodingType.O200K_BASE));
  }

  /** The estimated prompt tokens of {@code request}. */
  public long prompt(Request request) {
    ToIntFunction<String> enc = byEncoding.computeIfAbsent(encodingOf(request.model()),
        this::counterFor);
    JsonNode body = request.body();
    if (request.endpoint() == Request.Endpoint.EMBEDDINGS
        || request.endpoint() == Request.Endpoint.MODERATIONS) {
      return input(enc, body.path("input"));
    }
    if (request.endpoint() == Request.Endpoint.RESPONSES) {
      // Items are counted by their JSON: a little more than their text, never less.
      JsonNode input = body.path("input");
      return REPLY_PRIMER + text(enc, body.path("instructions")) + (input.isTextual()
          ? text(enc, input) : input.isMissingNode() ? 0
          : enc.applyAsInt(input.toString()))
          + (body.hasNonNull("tools") ? enc.applyAsInt(body.get("tools").toString()) : 0);
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
      n += enc.applyAsInt(body.get("tools").toString());
    }
    return n;
  }

  /**
   * The encoding of {@code model}: jtokkit's table for the names it knows, then the prefixes of
   * model families (as OpenAI's tiktoken maps them: GPT-4.1 and GPT-4.5 use {@code o200k_base},
   * GPT-4 and GPT-3.5 {@code cl100k_base}), and {@code o200k_base} for any other name.
   */
  static EncodingType encodingOf(String model) {
    return ModelType.fromName(model).map(ModelType::getEncodingType).orElseGet(() -> {
      if (model.startsWith("gpt-4.") || model.startsWith("gpt-4o")) {
        return EncodingType.O200K_BASE;
      }
      if (model.startsWith("gpt-4") || model.startsWith("gpt-3.5-turbo")
          || model.startsWith("gpt-35-turbo")) {
        return EncodingType.CL100K_BASE;
      }
      return EncodingType.O200K_BASE;
    });
  }

  private ToIntFunction<String> counterFor(EncodingType type) {
    if (type == EncodingType.O200K_BASE) {
      O200kTokens o200k = O200kTokens.get();
      return o200k::count;
    }
    return registry.getEncoding(type)::countTokensOrdinary;
  }

  /** An embeddings input: a string, strings, or token arrays (counted by their length). */
  private static long input(ToIntFunction<String> enc, JsonNode input) {
    if (input.isTextual()) {
      return text(enc, input);
    }
    long n = 0;
    for (JsonNode item : input) {
      n += item.isArray() ? item.size() : item.isNumber() ? 1
          : text(enc, item.isObject() ? item.path("text") : item);
    }
    return n;
  }

  private static int text(ToIntFunction<String> enc, JsonNode node) {
    return node.isTextual() ? enc.applyAsInt(node.asText()) : 0;
  }
}
