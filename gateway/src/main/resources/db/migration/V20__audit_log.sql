-- Tamper-evident audit log (dev.veil.audit). Portable between SQLite and PostgreSQL.

-- The sequencer: one row, locked by every append, holding the tree size and the Merkle frontier
-- (roots of the perfect subtrees, largest first, as concatenated hexadecimal).
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  tree_size BIGINT NOT NULL,
  frontier TEXT NOT NULL
);

INSERT INTO audit_head (id, tree_size, frontier) VALUES (1, 0, '');

-- One row per entry; entry is the canonical JSON that is hashed, leaf_hash its RFC 9162 leaf hash.
CREATE TABLE audit_entry (
  idx BIGINT PRIMARY KEY,
  entry TEXT NOT NULL,
  leaf_hash VARCHAR(64) NOT NULL
);

-- Roots of the perfect subtrees (level 1 and up; level 0 is audit_entry.leaf_hash), written as
-- appends complete them, so proofs need O(log^2 n) look-ups. Derived data: proofs are checked
-- against the signed root before they are handed out.
CREATE TABLE audit_node (
  level INTEGER NOT NULL,
  idx BIGINT NOT NULL,
  hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed tree heads.
CREATE TABLE audit_tree_head (
  tree_size BIGINT NOT NULL,
  issued_at BIGINT NOT NULL,
  root_hash VARCHAR(64) NOT NULL,
  signature VARCHAR(128) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (issued_at)
);

CREATE INDEX audit_tree_head_size ON audit_tree_head (tree_size);
