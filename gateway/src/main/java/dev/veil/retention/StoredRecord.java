package dev.veil.retention;

import dev.veil.consent.ConsentState;
import java.time.Instant;
import java.util.Optional;

/** The metadata of a stored record: no content. */
public record StoredRecord(
    String recordId,
    String tenant,
    String apiKeyId,
    Optional<String> endUserHash,
    StoreMode mode,
    ConsentState consentAtCapture,
    Instant capturedAt,
    Instant expiresAt,
    String dataKeyId) {}
