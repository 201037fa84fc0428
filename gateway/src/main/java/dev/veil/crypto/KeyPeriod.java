package dev.veil.crypto;

import java.time.Instant;

/** Identifies a data key and its retention period; carries no key material. */
public record KeyPeriod(String keyId, String tenant, Instant expiresAt) {}
