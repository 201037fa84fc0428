/**
 * Stored content and its retention: sealing ({@link dev.veil.retention.ContentVault}), durable
 * writes off the request thread ({@link dev.veil.retention.DurableWriteQueue}) and expiry by
 * crypto-shredding ({@link dev.veil.retention.RetentionRun}, {@link
 * dev.veil.retention.RetentionScheduler}).
 *
 * <p>Request path, when the policy keeps content:
 *
 * <pre>{@code
 * ConsentState consent = ledger.stateAtCapture(tenant, apiKeyId, endUser);
 * SealedRecord sealed = vault.seal(new RecordToStore(recordId, tenant, apiKeyId,
 *     endUser.map(u -> ledger.endUserHash(tenant, u)), mode, consent, now, retention, fields));
 * queue.submit(sealed).get(timeout);   // any exception: fail the request (fail closed)
 * }</pre>
 */
package dev.veil.retention;
