package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.StreamTransformer;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tokens a request used: counted before it is sent ({@link #estimate}), then as the answer's
 * {@code usage} reports them ({@link #tap}).
 *
 * @param prompt prompt (input) tokens
 * @param completion completion (output) tokens
 */
record Usage(long prompt, long completion) {
  private static final ObjectMapper MAPPER = Jackson.MAPPER;

  /** The estimate of a request's prompt tokens, counted once per request for every guard. */
  private static final Exchange.Key<Long> ESTIMATE = Exchange.Key.of("limits.prompt_estimate",
      Long.class);

  static final Usage NONE = new Usage(0, 0);

  long total() {
    return prompt + completion;
  }

  /** The prompt tokens of {@code request} as {@code counter} counts them, once per exchange. */
  static long estimate(Exchange exchange, Request request, TokenCounter counter) {
    Long known = exchange.get(ESTIMATE);
    if (known == null) {
      known = counter.prompt(request);
      exchange.put(ESTIMATE, known);
    }
    return known;
  }

  /** The most tokens one request is counted for (keeps every cost within a long). */
  static final long MOST = 100_000_000L;

  /**
   * The usage an OpenAI {@code usage} object reports (chat's {@code prompt_tokens} and {@code
   * completion_tokens}, or the Responses API's {@code input_tokens} and {@code output_tokens}), or
   * {@code null} when it reports none.
   */
  static Usage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    JsonNode p = usage.has("prompt_tokens") ? usage.path("prompt_tokens")
        : usage.path("input_tokens");
    JsonNode c = usage.has("completion_tokens") ? usage.path("completion_tokens")
        : usage.path("output_tokens");
    if (!p.canConvertToLong() && !c.canConvertToLong()) {
      return null;
    }
    return new Usage(plausible(p.asLong()), plausible(c.asLong()));
  }

  /** At most {@value #MOST} tokens: a larger count is an upstream's error, not a bill to pay. */
  private static long plausible(long tokens) {
    return Math.min(MOST, Math.max(0, tokens));
  }

  /**
   * Calls {@code settle} once with what {@code response} used: its {@code usage}, read from a
   * JSON answer at once and from a stream's usage chunk (a Responses stream's last event) as it
   * passes; {@link #NONE} for an error
   * answer (nothing was generated); {@code fallback} when a complete answer reports no usage. A
   * stream that breaks is not settled.
   */
  static Response tap(Response response, Usage fallback, Consumer<Usage> settle) {
    if (response.isError()) {
      settle.accept(NONE);
      return response;
    }
    if (response instanceof Response.Json json) {
      Usage u = of(json.field("usage"));
      settle.accept(u == null ? fallback : u);
      return response;
    }
    return ((Response.Streaming) response).transform(new StreamTransformer() {
      private boolean settled;

      @Override
      public List<SseEvent> onEvent(SseEvent event) {
        if (!settled && event.data().contains("\"usage\"")) {
          try {
            JsonNode tree = MAPPER.readTree(event.data());
            JsonNode reported = tree.get("response") instanceof JsonNode r && r.isObject()
                ? r.get("usage") : tree.get("usage");
            Usage u = of(reported);
            if (u != null) {
              settled = true;
              settle.accept(u);
            }
          } catch (IOException e) {
            // Not a JSON chunk: the end of the stream settles with the fallback.
          }
        }
        return List.of(event);
      }

      @Override
      public List<SseEvent> onEnd() {
        if (!settled) {
          settled = true;
          settle.accept(fallback);
        }
        return List.of();
      }
    });
  }
}
