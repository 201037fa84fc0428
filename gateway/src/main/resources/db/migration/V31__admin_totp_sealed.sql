-- TOTP secrets sealed with AES-256-GCM under a KEK-wrapped keyset (dev.veil.crypto.SecretBox),
-- bound to tenant, user and field. A secret left in the old base32 column is sealed into
-- totp_sealed and cleared at its user's next sign-in; an enrolment in progress starts again.
ALTER TABLE admin_user ADD COLUMN totp_sealed VARCHAR(255);
ALTER TABLE admin_user ADD COLUMN totp_pending_sealed VARCHAR(255);
UPDATE admin_user SET totp_pending = NULL;
