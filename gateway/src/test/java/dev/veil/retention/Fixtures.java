package dev.veil.retention;

import dev.veil.consent.ConsentState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

final class Fixtures {
  static final String CANARY = "canary-ssn-078-05-1120";

  private Fixtures() {}

  static RecordToStore record(String id, Instant capturedAt, String retention, ConsentState consent) {
    return new RecordToStore(
        id, "acme", "key-1", Optional.of("user-hash-1"), StoreMode.PROTECTED, consent, capturedAt,
        Retention.parse(retention),
        Map.of(
            ContentVault.REQUEST,
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my ssn is " + CANARY + "\"}]}",
            ContentVault.RESPONSE,
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"noted\"}}]}"));
  }
}
