package dev.veil.retention;

import dev.veil.consent.ConsentState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Content a policy asked to keep, before sealing.
 *
 * @param recordId id of the request's metadata record
 * @param tenant tenant of the API key
 * @param apiKeyId id (not the secret) of the virtual API key
 * @param endUserHash blind index of the end user, from {@code ConsentLedger#endUserHash}
 * @param mode {@link StoreMode#PROTECTED} or {@link StoreMode#ORIGINAL}
 * @param consent training-use consent at capture, from {@code ConsentLedger#stateAtCapture}
 * @param fields field name to text; {@link ContentVault#REQUEST} and {@link ContentVault#RESPONSE}
 *     hold the OpenAI request and response JSON
 */
public record RecordToStore(
    String recordId,
    String tenant,
    String apiKeyId,
    Optional<String> endUserHash,
    StoreMode mode,
    ConsentState consent,
    Instant capturedAt,
    Retention retention,
    Map<String, String> fields) {

  public RecordToStore {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(apiKeyId, "apiKeyId");
    Objects.requireNonNull(endUserHash, "endUserHash");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(retention, "retention");
    if (Objects.requireNonNull(mode, "mode") == StoreMode.NONE) {
      throw new IllegalArgumentException("store mode none keeps no content");
    }
    if (Objects.requireNonNull(fields, "fields").isEmpty()) {
      throw new IllegalArgumentException("no fields to store");
    }
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  @Override
  public String toString() {
    return "RecordToStore[" + recordId + ", tenant=" + tenant + ", fields=" + fields.keySet() + "]";
  }
}
