package dev.veil.store;

import java.time.Instant;

/**
 * The metadata of one API request. Holds no content: no prompt, no completion, no header value.
 *
 * @param apiKeyId {@code null} when the request was not authenticated
 * @param model the model the client asked for, {@code null} if the body could not be read
 * @param provider the provider that served it, {@code null} if it never went upstream
 * @param promptTokens token counts as reported by the provider, {@code null} when unknown
 * @param receipt the receipt header value (counts per entity type and action)
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
    String receipt) {}
