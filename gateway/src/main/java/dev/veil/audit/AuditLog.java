package dev.veil.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident audit log: an append-only RFC 9162 Merkle tree of {@link AuditEvent}s in the
 * database, with Ed25519-signed tree heads, inclusion and consistency proofs, verification, and an
 * export bundle that an auditor checks offline.
 *
 * <p><b>Ordering.</b> Every append and every tree head runs in one transaction that first locks the
 * single {@code audit_head} row (the sequencer): {@code SELECT ... FOR UPDATE} on PostgreSQL, a
 * write to that row on SQLite, which takes the database write lock. So the order is total across
 * any number of gateway nodes sharing one database, and indexes have no gaps. The row also keeps
 * the Merkle frontier, so an append costs O(log n) hashes whatever the size of the log.
 *
 * <p><b>Tamper evidence.</b> Each entry's canonical JSON carries its own index and is stored with
 * its leaf hash. {@link #verify()} recomputes every leaf and every signed root from the entries;
 * rows altered, removed, reordered or inserted show up at the first affected index, and a
 * consistent rewrite of hashes is caught by the signatures, which need the private key kept
 * outside the database.
 *
 * <p><b>Request path.</b> Appending here is synchronous; requests use {@link AuditAppender}, which
 * only enqueues.
 *
 * <p>Thread-safe.
 */
public final class AuditLog implements AuditAppender.Sink {

  /** File names of an export bundle. */
  public static final String ENTRIES_FILE = "entries.jsonl";

  public static final String TREE_HEADS_FILE = "tree-heads.jsonl";
  public static final String PUBLIC_KEY_FILE = "public-key.pem";
  public static final String MANIFEST_FILE = "manifest.json";

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int FETCH_SIZE = 10_000;

  private final DataSource dataSource;
  private final TreeHeadSigner signer;
  private final Clock clock;

  public AuditLog(DataSource dataSource, SigningKeySource keys, Clock clock) {
    this.dataSource = dataSource;
    this.signer = new TreeHeadSigner(keys);
    this.clock = clock;
  }

  /** The public key that checks this log's tree heads, in PEM form. */
  public String publicKeyPem() {
    return signer.publicKeyPem();
  }

  /**
   * Appends one event and waits until it is committed.
   *
   * @return its index
   */
  public long append(AuditEvent event) {
    return append(List.of(event));
  }

  /**
   * Appends events in one transaction, in list order.
   *
   * @return the index of the first
   */
  @Override
  public long append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    return inSequencer(
        c -> {
          Head head = lockHead(c);
          MerkleHash hash = new MerkleHash();
          MerkleFrontier frontier = MerkleFrontier.decode(head.size, head.frontier);
          long first = head.size;
          try (PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO audit_entry (idx, entry, leaf_hash) VALUES (?, ?, ?)");
              PreparedStatement insertNode =
                  c.prepareStatement("INSERT INTO audit_node (level, idx, hash) VALUES (?, ?, ?)")) {
            MerkleFrontier.NodeSink nodes =
                (level, index, nodeHash) -> {
                  try {
                    insertNode.setInt(1, level);
                    insertNode.setLong(2, index);
                    insertNode.setString(3, MerkleHash.hex(nodeHash));
                    insertNode.addBatch();
                  } catch (SQLException e) {
                    throw new AuditException("cannot write to the audit log", e);
                  }
                };
            long idx = first;
            for (AuditEvent event : events) {
              String entry = AuditEntryCodec.encode(idx, event);
              byte[] leaf = hash.leaf(entry.getBytes(StandardCharsets.UTF_8));
              frontier.append(hash, leaf, nodes);
              insert.setLong(1, idx);
              insert.setString(2, entry);
              insert.setString(3, MerkleHash.hex(leaf));
              insert.addBatch();
              idx++;
            }
            insert.executeBatch();
            insertNode.executeBatch();
          }
          try (PreparedStatement update =
              c.prepareStatement("UPDATE audit_head SET tree_size = ?, frontier = ? WHERE id = 1")) {
            update.setLong(1, frontier.size());
            update.setString(2, frontier.encode());
            update.executeUpdate();
          }
          return first;
        });
  }

  /** Number of entries committed so far. */
  public long size() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tree_size FROM audit_head WHERE id = 1")) {
      if (!rs.next()) {
        throw new AuditException("the audit_head row is missing");
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit log size", e);
    }
  }

  /** Signs and stores a tree head over everything committed so far. */
  public SignedTreeHead issueTreeHead() {
    return inSequencer(
        c -> {
          Head head = lockHead(c);
          String signedBy = latestKeyId(c);
          if (signedBy != null && !signedBy.equals(keyId())) {
            throw new AuditException(foreignKey(signedBy));
          }
          byte[] root = MerkleFrontier.decode(head.size, head.frontier).root(new MerkleHash());
          long timestamp = clock.millis();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT MAX(issued_at) FROM audit_tree_head")) {
            if (rs.next() && rs.getObject(1) != null) {
              timestamp = Math.max(timestamp, rs.getLong(1) + 1);
            }
          }
          SignedTreeHead sth = signer.sign(head.size, timestamp, root);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO audit_tree_head (tree_size, issued_at, root_hash, signature, key_id)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, sth.treeSize());
            insert.setLong(2, sth.timestamp());
            insert.setString(3, sth.rootHash());
            insert.setString(4, sth.signature());
            insert.setString(5, sth.keyId());
            insert.executeUpdate();
          }
          return sth;
        });
  }

  /**
   * Whether this log signs with the key that signed the latest tree head in the store (or no head
   * exists yet). Nodes that share one store must share the signing key: tree heads one node signed
   * with a key of its own would not verify under the log's public key. The gateway checks this at
   * start, and {@link #issueTreeHead} refuses to sign with another key.
   *
   * @return empty when this node may sign; otherwise what is wrong and how to fix it
   */
  public Optional<String> signingKeyMismatch() {
    try (Connection c = dataSource.getConnection()) {
      String signedBy = latestKeyId(c);
      return signedBy == null || signedBy.equals(keyId()) ? Optional.empty()
          : Optional.of(foreignKey(signedBy));
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit tree heads", e);
    }
  }

  private String keyId() {
    return TreeHeadSigner.keyId(signer.publicKey());
  }

  private String foreignKey(String signedBy) {
    return "this node's audit signing key (id " + shortId(keyId()) + ") is not the one"
        + " that signed the log in this database (id " + shortId(signedBy) + "); every"
        + " node sharing a database needs the same audit signing key: copy "
        + FileSigningKeySource.PRIVATE_FILE + " from the data directory of a node that signed it";
  }

  private static String shortId(String keyId) {
    return keyId.substring(0, Math.min(16, keyId.length()));
  }

  private static String latestKeyId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT key_id FROM audit_tree_head ORDER BY issued_at DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Issues a tree head every {@code period} when the log has grown since the latest one. Failures
   * are logged and retried at the next tick.
   */
  public ScheduledFuture<?> scheduleTreeHeads(ScheduledExecutorService executor, Duration period) {
    long millis = period.toMillis();
    if (millis <= 0) {
      throw new IllegalArgumentException("tree head period must be positive: " + period);
    }
    return executor.scheduleWithFixedDelay(
        () -> {
          try {
            issueTreeHeadIfGrown();
          } catch (RuntimeException e) {
            LOG.warn("could not issue a scheduled audit tree head: {}", e.getMessage());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Issues a tree head only if entries were appended since the latest one (or none exists). */
  public Optional<SignedTreeHead> issueTreeHeadIfGrown() {
    long signed = latestTreeHead().map(SignedTreeHead::treeSize).orElse(-1L);
    return size() > signed ? Optional.of(issueTreeHead()) : Optional.empty();
  }

  /** The most recently issued tree head, if any. */
  public Optional<SignedTreeHead> latestTreeHead() {
    List<SignedTreeHead> heads =
        treeHeads("SELECT tree_size, issued_at, root_hash, signature, key_id FROM audit_tree_head"
            + " ORDER BY issued_at DESC LIMIT 1");
    return heads.isEmpty() ? Optional.empty() : Optional.of(heads.get(0));
  }

  /** Every tree head issued, oldest first. */
  public List<SignedTreeHead> treeHeads() {
    return treeHeads("SELECT tree_size, issued_at, root_hash, signature, key_id FROM audit_tree_head"
        + " ORDER BY issued_at");
  }

  /**
   * Recomputes the whole log from the stored rows and checks it against every signed tree head and
   * the sequencer row. Streams the rows; memory does not grow with the log.
   */
  public VerificationReport verify() {
    LogVerifier verifier = new LogVerifier(treeHeads(), signer.publicKey());
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      if (isPostgres(c)) {
        // One snapshot for the sequencer row and the entries, whatever other nodes append.
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      try {
        Head head = readHead(c);
        try (PreparedStatement s =
            c.prepareStatement("SELECT idx, entry, leaf_hash FROM audit_entry ORDER BY idx")) {
          s.setFetchSize(FETCH_SIZE);
          try (ResultSet rs = s.executeQuery()) {
            while (!verifier.failed() && rs.next()) {
              // Both drivers hand back a text column's UTF-8 bytes as stored, with no String.
              byte[] entry = rs.getBytes(2);
              verifier.accept(rs.getLong(1), entry, entry.length, rs.getString(3));
            }
          }
        }
        c.commit();
        verifier.endOfEntries();
        checkHead(verifier, head);
      } finally {
        c.setAutoCommit(autoCommit);
        c.setTransactionIsolation(isolation);
      }
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit log", e);
    }
    return verifier.finish();
  }

  /**
   * An inclusion proof for entry {@code index} against the latest signed tree head.
   *
   * @throws IllegalArgumentException if no signed tree head covers {@code index}
   * @throws AuditException if the stored entries do not lead to the signed root
   */
  public InclusionProof prove(long index) {
    SignedTreeHead head =
        latestTreeHead()
            .orElseThrow(() -> new IllegalArgumentException("no tree head has been issued yet"));
    if (index < 0 || index >= head.treeSize()) {
      throw new IllegalArgumentException(
          "index " + index + " is not covered by the latest tree head, of size "
              + head.treeSize());
    }
    MerkleHash hash = new MerkleHash();
    String entry = entry(index);
    byte[] leaf = hash.leaf(entry.getBytes(StandardCharsets.UTF_8));
    List<byte[]> path = withSubtrees(t -> MerkleProofs.inclusionPath(hash, t, index, head.treeSize()));
    if (!TreeHeadSigner.verify(head, signer.publicKey())
        || !MerkleProofs.verifyInclusion(
            hash, index, head.treeSize(), leaf, path, MerkleHash.parseHex(head.rootHash()))) {
      throw new AuditException("entry " + index + " does not lead to the signed tree head of size "
          + head.treeSize() + "; run verify");
    }
    return new InclusionProof(index, head.treeSize(), entry, MerkleHash.hex(leaf), hex(path), head);
  }

  /**
   * A consistency proof between the trees of the first {@code from} and {@code to} entries, with
   * the signed tree heads issued at those sizes where there are any.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size()}
   */
  public ConsistencyProof consistency(long from, long to) {
    long size = size();
    if (from < 0 || from > to || to > size) {
      throw new IllegalArgumentException(
          "need 0 <= from <= to <= " + size + ", got from " + from + " and to " + to);
    }
    MerkleHash hash = new MerkleHash();
    SignedTreeHead fromHead = headAtSize(from);
    SignedTreeHead toHead = headAtSize(to);
    byte[][] roots = new byte[2][];
    List<byte[]> path = withSubtrees(t -> {
      roots[0] = MerkleProofs.root(hash, t, from);
      roots[1] = MerkleProofs.root(hash, t, to);
      return MerkleProofs.consistencyPath(hash, t, from, to);
    });
    checkSigned(fromHead, roots[0]);
    checkSigned(toHead, roots[1]);
    if (!MerkleProofs.verifyConsistency(hash, from, to, roots[0], roots[1], path)) {
      throw new AuditException("the stored subtrees do not form a consistent proof; run verify");
    }
    return new ConsistencyProof(
        from,
        to,
        MerkleHash.hex(roots[0]),
        MerkleHash.hex(roots[1]),
        hex(path),
        fromHead,
        toHead);
  }

  /**
   * Writes a bundle for offline verification to {@code dir}: a tree head is issued first, then
   * every entry it covers ({@value #ENTRIES_FILE}), every tree head up to it ({@value
   * #TREE_HEADS_FILE}), the public key ({@value #PUBLIC_KEY_FILE}) and a manifest. The format is
   * specified in {@code docs/audit.md}.
   *
   * <p>The caller records the export itself as an {@link AuditAction#AUDIT_EXPORTED} event.
   */
  public ExportReport export(Path dir) {
    SignedTreeHead head = issueTreeHead();
    List<SignedTreeHead> heads = new ArrayList<>();
    for (SignedTreeHead h : treeHeads()) {
      if (h.timestamp() <= head.timestamp()) {
        heads.add(h);
      }
    }
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out =
              Files.newBufferedWriter(dir.resolve(ENTRIES_FILE), StandardCharsets.UTF_8);
          Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s =
            c.prepareStatement("SELECT idx, entry FROM audit_entry WHERE idx < ? ORDER BY idx")) {
          s.setLong(1, head.treeSize());
          s.setFetchSize(FETCH_SIZE);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.write(rs.getString(2));
              out.write('\n');
            }
          }
          c.commit();
        } finally {
          c.setAutoCommit(autoCommit);
        }
      }
      try (BufferedWriter out =
          Files.newBufferedWriter(dir.resolve(TREE_HEADS_FILE), StandardCharsets.UTF_8)) {
        for (SignedTreeHead h : heads) {
          out.write(h.toJson());
          out.write('\n');
        }
      }
      Files.writeString(dir.resolve(PUBLIC_KEY_FILE), publicKeyPem(), StandardCharsets.US_ASCII);
      Files.writeString(
          dir.resolve(MANIFEST_FILE),
          "{\"entries\":" + head.treeSize() + ",\"format\":\"veil-audit-bundle\",\"tree_heads\":"
              + heads.size() + ",\"version\":1}\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit bundle", e);
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit log", e);
    }
    return new ExportReport(
        dir.toString(),
        head.treeSize(),
        heads.size(),
        head,
        List.of(ENTRIES_FILE, TREE_HEADS_FILE, PUBLIC_KEY_FILE, MANIFEST_FILE));
  }

  /**
   * Checks an export bundle offline with a public key obtained independently of the bundle (the
   * bundle's own copy proves nothing). Needs no database.
   */
  public static VerificationReport verifyBundle(Path dir, Path publicKeyFile) {
    try {
      PublicKey key =
          TreeHeadSigner.parsePublicKey(Files.readString(publicKeyFile, StandardCharsets.US_ASCII));
      List<SignedTreeHead> heads = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve(TREE_HEADS_FILE), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = Reports.JSON.readTree(line);
        heads.add(
            new SignedTreeHead(
                node.path("tree_size").asLong(-1),
                node.path("timestamp").asLong(-1),
                node.path("root_hash").asText(""),
                node.path("signature").asText(""),
                node.path("key_id").asText("")));
      }
      LogVerifier verifier = new LogVerifier(heads, key);
      if (heads.isEmpty()) {
        verifier.fail(null, "the bundle holds no signed tree head");
      }
      try (BufferedReader in =
          Files.newBufferedReader(dir.resolve(ENTRIES_FILE), StandardCharsets.UTF_8)) {
        long index = 0;
        String line;
        while (!verifier.failed() && (line = in.readLine()) != null) {
          byte[] entry = line.getBytes(StandardCharsets.UTF_8);
          verifier.accept(index++, entry, entry.length, null);
        }
      }
      VerificationReport report = verifier.finish();
      if (report.valid() && report.unsignedEntries() > 0) {
        return new VerificationReport(
            false,
            report.entries(),
            report.signedTreeSize(),
            report.treeHeadsChecked(),
            report.unsignedEntries(),
            report.rootHash(),
            report.signedTreeSize(),
            "the bundle holds entries that no signed tree head covers");
      }
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit bundle", e);
    }
  }

  private void checkHead(LogVerifier verifier, Head head) {
    if (verifier.failed()) {
      return;
    }
    if (head.size != verifier.count()) {
      long bad = Math.min(head.size, verifier.count());
      verifier.fail(bad, "the sequencer counts " + head.size + " entries but "
          + verifier.count() + " are stored");
      return;
    }
    MerkleFrontier stored;
    try {
      stored = MerkleFrontier.decode(head.size, head.frontier);
    } catch (IllegalArgumentException e) {
      verifier.fail(verifier.signedSize(), "the sequencer's Merkle frontier is malformed");
      return;
    }
    if (!LogVerifier.hexEquals(verifier.root(), MerkleHash.hex(stored.root(new MerkleHash())))) {
      verifier.fail(verifier.signedSize(),
          "the sequencer's Merkle frontier does not match the stored entries");
    }
  }

  private void checkSigned(SignedTreeHead head, byte[] root) {
    if (head != null
        && (!LogVerifier.hexEquals(root, head.rootHash())
            || !TreeHeadSigner.verify(head, signer.publicKey()))) {
      throw new AuditException(
          "the stored entries do not match the signed tree head of size " + head.treeSize()
              + "; run verify");
    }
  }

  private SignedTreeHead headAtSize(long size) {
    List<SignedTreeHead> heads =
        treeHeads("SELECT tree_size, issued_at, root_hash, signature, key_id FROM audit_tree_head"
            + " WHERE tree_size = " + size + " ORDER BY issued_at DESC LIMIT 1");
    return heads.isEmpty() ? null : heads.get(0);
  }

  private String entry(long index) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_entry WHERE idx = ?")) {
      s.setLong(1, index);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new AuditException("entry " + index + " is missing; run verify");
        }
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit log", e);
    }
  }

  private <T> T withSubtrees(java.util.function.Function<MerkleProofs.PerfectSubtrees, T> work) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement leaf =
            c.prepareStatement("SELECT leaf_hash FROM audit_entry WHERE idx = ?");
        PreparedStatement node =
            c.prepareStatement("SELECT hash FROM audit_node WHERE level = ? AND idx = ?")) {
      return work.apply(
          (level, index) -> {
            try {
              PreparedStatement s = level == 0 ? leaf : node;
              if (level == 0) {
                leaf.setLong(1, index);
              } else {
                node.setInt(1, level);
                node.setLong(2, index);
              }
              try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                  throw new AuditException("the subtree at level " + level + ", position " + index
                      + " is missing; run verify");
                }
                return MerkleHash.parseHex(rs.getString(1));
              }
            } catch (SQLException e) {
              throw new AuditException("cannot read the audit log", e);
            }
          });
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit log", e);
    }
  }

  private List<SignedTreeHead> treeHeads(String sql) {
    List<SignedTreeHead> heads = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        heads.add(
            new SignedTreeHead(
                rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
      }
    } catch (SQLException e) {
      throw new AuditException("cannot read the audit tree heads", e);
    }
    return heads;
  }

  private record Head(long size, String frontier) {}

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inSequencer(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new AuditException("cannot write to the audit log", e);
    }
  }

  private static Head lockHead(Connection c) throws SQLException {
    boolean postgres = isPostgres(c);
    if (!postgres) {
      // The first statement of the transaction is a write, so SQLite takes its write lock now
      // instead of failing a later upgrade from a read lock.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE audit_head SET tree_size = tree_size WHERE id = 1");
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT tree_size, frontier FROM audit_head WHERE id = 1"
                + (postgres ? " FOR UPDATE" : ""))) {
      if (!rs.next()) {
        throw new AuditException("the audit_head row is missing");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static boolean isPostgres(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
  }

  private static Head readHead(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tree_size, frontier FROM audit_head WHERE id = 1")) {
      if (!rs.next()) {
        throw new AuditException("the audit_head row is missing");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static List<String> hex(List<byte[]> hashes) {
    List<String> out = new ArrayList<>(hashes.size());
    for (byte[] h : hashes) {
      out.add(MerkleHash.hex(h));
    }
    return out;
  }
}
