/**
 * Training-use consent: the ledger per end user and API key ({@link
 * dev.veil.consent.ConsentLedger}), end user identification ({@link dev.veil.consent.EndUsers}) and
 * the training export of consented, scrubbed records ({@link dev.veil.consent.TrainingExporter},
 * {@code veil export training --out FILE.jsonl}).
 */
package dev.veil.consent;
