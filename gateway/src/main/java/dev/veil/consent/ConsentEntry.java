package dev.veil.consent;

import java.time.Instant;

/**
 * One change in the ledger.
 *
 * @param seq position in the subject's history, from 1
 * @param actor who made the change (admin user, API key id, or {@code end-user})
 * @param source where the change came from ({@code admin-api}, {@code cli}, {@code header}, ...)
 */
public record ConsentEntry(
    ConsentSubject.Kind kind, String tenant, long seq, ConsentState decision, String actor, String source, Instant changedAt) {}
