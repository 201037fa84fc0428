-- API keys belong to an owner (an admin user's name) and a team. The developer role sees and
-- manages the keys whose owner is itself; a name prefix no longer means anything.
ALTER TABLE api_keys ADD COLUMN owner VARCHAR(64);
ALTER TABLE api_keys ADD COLUMN team VARCHAR(64);

-- Keys made before this column existed were owned by the name prefix '<user>.': each goes to the
-- longest admin user name it starts with, so user 'dev' does not get user 'dev.ops''s keys.
UPDATE api_keys SET owner = (
  SELECT u.name FROM admin_user u
  WHERE SUBSTR(api_keys.name, 1, LENGTH(u.name) + 1) = u.name || '.'
  ORDER BY LENGTH(u.name) DESC LIMIT 1)
WHERE owner IS NULL;

CREATE INDEX api_keys_owner ON api_keys (owner);
