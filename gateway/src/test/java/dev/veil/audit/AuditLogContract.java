package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every database under the audit log must do; one subclass per database. */
abstract class AuditLogContract {

  static final String CANARY = "canary-7f3a2c-s3cr3t";

  @TempDir Path temp;
  DataSource dataSource;
  AuditLog log;
  Path keyDir;

  /** A migrated, empty database for one test. */
  abstract DataSource freshDatabase() throws Exception;

  /** Several independent pools on the same database, as several gateway nodes would have. */
  abstract List<DataSource> nodes(int count) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = freshDatabase();
    keyDir = temp.resolve("data");
    log = new AuditLog(dataSource, new FileSigningKeySource(keyDir), Clock.systemUTC());
  }

  static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-01-02T03:04:05.678Z").plusSeconds(i),
        "user:alice",
        AuditAction.POLICY_CHANGED,
        "policy:" + i,
        "10.0.0." + (i % 250),
        AuditOutcome.SUCCESS,
        Map.of("field", "action", "city", "Zürich ✓", "quote", "say \"hi\" \\ {\"seq\":99}"));
  }

  void appendEvents(int from, int to) {
    List<AuditEvent> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(event(i));
    }
    log.append(batch);
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.executeUpdate(statement);
      }
    }
  }

  /** Replaces row {@code idx} with a well-formed entry whose leaf hash is recomputed. */
  void forgeRow(long idx, long seq, AuditEvent event, boolean insert) throws SQLException {
    String entry = AuditEntryCodec.encode(seq, event);
    String leaf = MerkleHash.hex(new MerkleHash().leaf(entry.getBytes(StandardCharsets.UTF_8)));
    String statement = insert
        ? "INSERT INTO audit_entry (entry, leaf_hash, idx) VALUES (?, ?, ?)"
        : "UPDATE audit_entry SET entry = ?, leaf_hash = ? WHERE idx = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(statement)) {
      s.setString(1, entry);
      s.setString(2, leaf);
      s.setLong(3, idx);
      s.executeUpdate();
    }
  }

  @Test
  void appendedEventsVerifyAndEveryProofChecksAgainstTheSignedHead() {
    appendEvents(0, 5);
    log.issueTreeHead();
    appendEvents(5, 13);
    SignedTreeHead head = log.issueTreeHead();

    VerificationReport report = log.verify();
    assertThat(report.valid()).as(report.toJson()).isTrue();
    assertThat(report.entries()).isEqualTo(13);
    assertThat(report.signedTreeSize()).isEqualTo(13);
    assertThat(report.treeHeadsChecked()).isEqualTo(2);
    assertThat(report.firstBadIndex()).isNull();

    MerkleHash hash = new MerkleHash();
    for (long i = 0; i < 13; i++) {
      InclusionProof proof = log.prove(i);
      assertThat(proof.treeHead()).isEqualTo(head);
      assertThat(proof.entry()).contains("\"seq\":" + i + ",");
      byte[] leaf = hash.leaf(proof.entry().getBytes(StandardCharsets.UTF_8));
      assertThat(MerkleHash.hex(leaf)).isEqualTo(proof.leafHash());
      assertThat(
              MerkleProofs.verifyInclusion(
                  hash, i, proof.treeSize(), leaf, unhex(proof.path()),
                  MerkleHash.parseHex(head.rootHash())))
          .isTrue();
    }
    assertThat(log.prove(3).toJson()).contains("\"tree_head\"", "\"leaf_hash\"");
  }

  @Test
  void consistencyProofLinksTwoSignedHeads() {
    appendEvents(0, 6);
    SignedTreeHead older = log.issueTreeHead();
    appendEvents(6, 17);
    SignedTreeHead newer = log.issueTreeHead();

    ConsistencyProof proof = log.consistency(6, 17);
    assertThat(proof.fromTreeHead()).isEqualTo(older);
    assertThat(proof.toTreeHead()).isEqualTo(newer);
    assertThat(
            MerkleProofs.verifyConsistency(
                new MerkleHash(), 6, 17, MerkleHash.parseHex(older.rootHash()),
                MerkleHash.parseHex(newer.rootHash()), unhex(proof.path())))
        .isTrue();
    assertThatThrownBy(() -> log.consistency(6, 18)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void proofFromATamperedStoredSubtreeIsRefused() throws SQLException {
    appendEvents(0, 16);
    log.issueTreeHead();
    assertThat(log.prove(0).path()).hasSize(4);
    sql("UPDATE audit_node SET hash = '" + "cd".repeat(32) + "' WHERE level = 2 AND idx = 1");
    assertThatThrownBy(() -> log.prove(0)).isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> log.consistency(4, 16)).isInstanceOf(AuditException.class);
    assertThat(log.prove(12).path()).hasSize(4);
  }

  @Test
  void proofIsRefusedForAnIndexNoSignedHeadCovers() {
    appendEvents(0, 3);
    assertThatThrownBy(() -> log.prove(0)).isInstanceOf(IllegalArgumentException.class);
    log.issueTreeHead();
    appendEvents(3, 4);
    assertThatThrownBy(() -> log.prove(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void alteredEntryIsReportedAtItsIndex() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql("UPDATE audit_entry SET entry = REPLACE(entry, 'policy:4', '" + CANARY + "')"
        + " WHERE idx = 4");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(4L);
    assertThat(report.toJson()).doesNotContain(CANARY);
  }

  @Test
  void alteredEntryWithRecomputedHashIsCaughtByTheSignedHead() throws SQLException {
    appendEvents(0, 4);
    log.issueTreeHead();
    appendEvents(4, 10);
    log.issueTreeHead();
    forgeRow(6, 6, event(60), false);

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(4L);
    assertThat(report.problem()).contains("signed tree head of size 10");
  }

  @Test
  void removedEntryIsReportedAtItsIndex() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql("DELETE FROM audit_entry WHERE idx = 3");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(3L);
  }

  @Test
  void removedEntryWithLaterRowsRenumberedIsReportedAtItsIndex() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql(
        "DELETE FROM audit_entry WHERE idx = 3",
        "UPDATE audit_entry SET idx = idx + 1000000 WHERE idx > 3",
        "UPDATE audit_entry SET idx = idx - 1000001 WHERE idx > 1000000");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(3L);
  }

  @Test
  void removedTailIsReported() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql("DELETE FROM audit_entry WHERE idx >= 7");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(7L);
  }

  @Test
  void removedTailWithSequencerRewoundIsCaughtByTheSignedHead() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql("DELETE FROM audit_entry WHERE idx >= 7",
        "UPDATE audit_head SET tree_size = 7, frontier = '' WHERE id = 1");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(7L);
  }

  @Test
  void reorderedEntriesAreReportedAtTheFirstOfThem() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql(
        "UPDATE audit_entry SET idx = -1 WHERE idx = 2",
        "UPDATE audit_entry SET idx = 2 WHERE idx = 8",
        "UPDATE audit_entry SET idx = 8 WHERE idx = -1");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(2L);
  }

  @Test
  void insertedEntryIsReportedAtItsIndex() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql(
        "UPDATE audit_entry SET idx = idx + 1000000 WHERE idx >= 5",
        "UPDATE audit_entry SET idx = idx - 999999 WHERE idx >= 1000000");
    forgeRow(5, 5, event(50), true);

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(5L);
  }

  @Test
  void entryForgedAfterTheEndIsReported() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    forgeRow(10, 10, event(100), true);

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo(10L);
  }

  @Test
  void treeHeadWithAForgedRootIsReported() throws SQLException {
    appendEvents(0, 10);
    log.issueTreeHead();
    sql("UPDATE audit_tree_head SET root_hash = '" + "ab".repeat(32) + "'");

    VerificationReport report = log.verify();
    assertThat(report.valid()).isFalse();
    assertThat(report.problem()).contains("valid signature");
  }

  @Test
  void unsignedTailIsCountedButValid() {
    appendEvents(0, 10);
    log.issueTreeHead();
    appendEvents(10, 12);

    VerificationReport report = log.verify();
    assertThat(report.valid()).isTrue();
    assertThat(report.unsignedEntries()).isEqualTo(2);
  }

  @Test
  void scheduledTreeHeadIsIssuedOnlyWhenTheLogGrew() {
    assertThat(log.issueTreeHeadIfGrown()).isPresent();
    assertThat(log.issueTreeHeadIfGrown()).isEmpty();
    appendEvents(0, 2);
    assertThat(log.issueTreeHeadIfGrown()).get().extracting(SignedTreeHead::treeSize).isEqualTo(2L);
    assertThat(log.issueTreeHeadIfGrown()).isEmpty();
    assertThat(log.treeHeads()).extracting(SignedTreeHead::treeSize).containsExactly(0L, 2L);
  }

  @Test
  void exportedBundleVerifiesOfflineAndAnyEditBreaksIt() throws Exception {
    appendEvents(0, 9);
    log.issueTreeHead();
    appendEvents(9, 20);
    Path bundle = temp.resolve("bundle");
    ExportReport export = log.export(bundle);
    assertThat(export.entries()).isEqualTo(20);
    assertThat(export.treeHeads()).isEqualTo(2);

    Path trustedKey = keyDir.resolve(FileSigningKeySource.PUBLIC_FILE);
    VerificationReport report = AuditLog.verifyBundle(bundle, trustedKey);
    assertThat(report.valid()).as(report.toJson()).isTrue();
    assertThat(report.entries()).isEqualTo(20);

    Path otherKeyDir = temp.resolve("other");
    new FileSigningKeySource(otherKeyDir).keyPair();
    assertThat(
            AuditLog.verifyBundle(bundle, otherKeyDir.resolve(FileSigningKeySource.PUBLIC_FILE))
                .valid())
        .isFalse();

    Path entries = bundle.resolve(AuditLog.ENTRIES_FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(entries));
    String saved = lines.get(12);
    lines.set(12, saved.replace("policy:12", "policy:13"));
    Files.write(entries, lines);
    VerificationReport edited = AuditLog.verifyBundle(bundle, trustedKey);
    assertThat(edited.valid()).isFalse();
    assertThat(edited.firstBadIndex()).isEqualTo(9L);

    lines.set(12, saved);
    lines.remove(15);
    Files.write(entries, lines);
    VerificationReport removed = AuditLog.verifyBundle(bundle, trustedKey);
    assertThat(removed.valid()).isFalse();
    assertThat(removed.firstBadIndex()).isEqualTo(15L);
  }

  @Test
  void concurrentAppendersOnSeparatePoolsProduceAGapFreeVerifiableLog() throws Exception {
    List<DataSource> nodes = nodes(3);
    List<AuditLog> logs = new ArrayList<>();
    for (DataSource node : nodes) {
      logs.add(new AuditLog(node, new FileSigningKeySource(keyDir), Clock.systemUTC()));
    }
    int threads = 6;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      AuditLog node = logs.get(t % logs.size());
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                List<Long> indexes = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  indexes.add(node.append(event(thread * 1000 + i)));
                  if (i % 10 == 0) {
                    node.issueTreeHead();
                  }
                }
                return indexes;
              }));
    }
    Set<Long> seen = new HashSet<>();
    for (Future<List<Long>> result : results) {
      seen.addAll(result.get());
    }
    pool.shutdown();
    assertThat(seen).hasSize(threads * perThread);
    assertThat(seen).allMatch(i -> i >= 0 && i < threads * perThread);

    log.issueTreeHead();
    VerificationReport report = log.verify();
    assertThat(report.valid()).as(report.toJson()).isTrue();
    assertThat(report.entries()).isEqualTo(threads * perThread);
    assertThat(report.unsignedEntries()).isZero();
    for (DataSource node : nodes) {
      if (node instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** Regression: a node with a signing key of its own signed heads no shared key verified. */
  @Test
  void aNodeWithAnotherSigningKeyIsToldSoAndSignsNothing() {
    appendEvents(0, 3);
    log.issueTreeHead();
    AuditLog stranger = new AuditLog(dataSource,
        new FileSigningKeySource(temp.resolve("other-node")), Clock.systemUTC());
    AuditLog sameKey = new AuditLog(dataSource, new FileSigningKeySource(keyDir),
        Clock.systemUTC());

    assertThat(sameKey.signingKeyMismatch()).isEmpty();
    assertThat(stranger.signingKeyMismatch()).hasValueSatisfying(problem -> assertThat(problem)
        .contains(FileSigningKeySource.PRIVATE_FILE));
    stranger.append(event(3));
    assertThatThrownBy(stranger::issueTreeHead).isInstanceOf(AuditException.class)
        .hasMessageContaining("same audit signing key");
    VerificationReport report = log.verify();
    assertThat(report.valid()).as(report.toJson()).isTrue();
  }

  @Test
  void appenderCommitsEventsOffTheCallerThread() throws Exception {
    try (AuditAppender appender = new AuditAppender(log, 100, 16)) {
      List<java.util.concurrent.CompletableFuture<Long>> done = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        done.add(appender.append(event(i)));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(done.get(i).get()).isEqualTo(i);
      }
    }
    log.issueTreeHead();
    assertThat(log.verify().valid()).isTrue();
  }

  static List<byte[]> unhex(List<String> hex) {
    return hex.stream().map(MerkleHash::parseHex).toList();
  }
}
