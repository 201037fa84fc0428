package dev.veil.store;

import dev.veil.consent.ConsentState;
import java.time.Instant;

/**
 * The metadata of one API request. Holds no content: no prompt, no completion, no header value.
 *
 * @param apiKeyId {@code null} when the request was not authenticated
 * @param model the model the client asked for, {@code null} if the body could not be read
 * @param provider the provider that served it, {@code null} if it never went upstream
 * @param promptTokens token counts as reported by the provider, {@code null} when unknown
 * @param receipt the receipt header value (counts per entity type and action)
 * @param consent the training-use consent captured with stored content, {@code null} when the
 *     policy stores no content (consent is then not looked up)
 * @param contentStored whether the request's sealed content was made durable
 * @param spendNanos what the request cost in billionths of the price table's currency, {@code
 *     null} when its model has no price or it never reached the budget guard
 */
public record RequestRecord(
    String id,
    Instant startedAt,
    String apiKeyId,
    String endpoint,
    String model,
    String provider,
    int status,
    boolean streamed,
    long latencyMicros,
    Integer promptTokens,
    Integer completionTokens,
    Integer totalTokens,
    long bytesIn,
    long bytesOut,
    String receipt,
    ConsentState consent,
    boolean contentStored,
    Long spendNanos) {

  /** A record without a spend. */
  public RequestRecord(String id, Instant startedAt, String apiKeyId, String endpoint, String model,
      String provider, int status, boolean streamed, long latencyMicros, Integer promptTokens,
      Integer completionTokens, Integer totalTokens, long bytesIn, long bytesOut, String receipt,
      ConsentState consent, boolean contentStored) {
    this(id, startedAt, apiKeyId, endpoint, model, provider, status, streamed, latencyMicros,
        promptTokens, completionTokens, totalTokens, bytesIn, bytesOut, receipt, consent,
        contentStored, null);
  }

  /** A record of a request whose content was not stored. */
  public RequestRecord(String id, Instant startedAt, String apiKeyId, String endpoint, String model,
      String provider, int status, boolean streamed, long latencyMicros, Integer promptTokens,
      Integer completionTokens, Integer totalTokens, long bytesIn, long bytesOut, String receipt) {
    this(id, startedAt, apiKeyId, endpoint, model, provider, status, streamed, latencyMicros,
        promptTokens, completionTokens, totalTokens, bytesIn, bytesOut, receipt, null, false);
  }
}
