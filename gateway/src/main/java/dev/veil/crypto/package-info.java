/**
 * Encryption at rest: the only package that touches Tink or key material.
 *
 * <p>Key hierarchy: a key-encryption key (KEK) held by a {@link dev.veil.crypto.KeyProvider}
 * ({@link dev.veil.crypto.LocalKeyProvider}, {@link dev.veil.crypto.Pkcs11KeyProvider}, or {@link
 * dev.veil.crypto.KmsKeyProvider} over a {@link dev.veil.crypto.KmsClient}) wraps one AES-256-GCM
 * {@link dev.veil.crypto.DataKey} per tenant and retention period ({@link
 * dev.veil.crypto.DataKeys}, table {@code data_keys}) and named keysets such as the {@link
 * dev.veil.crypto.KeyedHash} key (table {@code sealed_keysets}). Content is sealed under data keys
 * with {@link dev.veil.crypto.AssociatedData} that binds it to its record and field.
 *
 * <p>Wiring at start-up:
 *
 * <pre>{@code
 * KeyProvider kek = LocalKeyProvider.open(dataDir, LocalKeyProvider.passphraseFrom(System.getenv()),
 *     devFlag, LocalKeyProvider.ScryptParams.DEFAULT);
 * DataKeys dataKeys = new DataKeys(keyDb, kek, clock);       // keyDb: keep it out of content backups
 * KeyedHash pseudonyms = KeyedHash.loadOrCreate(keyDb, kek, "pseudonyms");
 * new KekRotation(kek, dataKeys, keyDb).rotate(progress);    // veil kms rotate
 * }</pre>
 *
 * <p><b>Security:</b> raw key bytes leave a {@link dev.veil.crypto.SecretBytes} only through
 * {@link dev.veil.crypto.InsecureKeyAccess}; exceptions and logs carry ids and versions, never
 * plaintext or key material.
 */
package dev.veil.crypto;
