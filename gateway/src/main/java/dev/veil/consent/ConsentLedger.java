package dev.veil.consent;

import dev.veil.crypto.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Training-use consent per end user and per API key, with full history (table {@code
 * consent_events}, append-only).
 *
 * <p>Effective consent for a request ({@link #stateAtCapture}): an API key whose consent is
 * {@link ConsentState#DENIED} vetoes everything; otherwise an identified end user's own decision
 * counts; when the end user has none (or is not identified), the key's decision counts. Anything
 * without an explicit grant is not consent.
 *
 * <p><b>Security:</b> subjects are stored as keyed hashes, so the ledger never holds end user ids;
 * {@link #endUserHash} gives the same hash for linking stored records to their end user.
 */
public final class ConsentLedger {
  private static final int MAX_RETRIES = 5;

  private final DataSource db;
  private final KeyedHash index;
  private final Clock clock;

  public ConsentLedger(DataSource db, KeyedHash subjectIndex, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.index = Objects.requireNonNull(subjectIndex, "subjectIndex");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records a decision ({@link ConsentState#GRANTED} or {@link ConsentState#DENIED}).
   *
   * @param actor who made it; must not be empty
   * @param source through what it came; must not be empty
   */
  public ConsentEntry record(ConsentSubject subject, ConsentState decision, String actor, String source)
      throws SQLException {
    if (decision == ConsentState.UNKNOWN) {
      throw new IllegalArgumentException("a recorded decision is GRANTED or DENIED");
    }
    if (actor == null || actor.isBlank() || source == null || source.isBlank()) {
      throw new IllegalArgumentException("a consent change needs an actor and a source");
    }
    String hash = hash(subject);
    SQLException last = null;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      try (Connection c = db.getConnection()) {
        long seq = latestSeq(c, subject, hash) + 1;
        Instant at = clock.instant();
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO consent_events (event_id, tenant, subject_kind, subject_hash, seq, decision, actor,"
                    + " source, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, UUID.randomUUID().toString());
          ps.setString(2, subject.tenant());
          ps.setString(3, subject.kind().name());
          ps.setString(4, hash);
          ps.setLong(5, seq);
          ps.setString(6, decision.name());
          ps.setString(7, actor);
          ps.setString(8, source);
          ps.setLong(9, at.toEpochMilli());
          ps.executeUpdate();
          return new ConsentEntry(subject.kind(), subject.tenant(), seq, decision, actor, source, at);
        }
      } catch (SQLException e) {
        last = e; // another writer took this seq; read again and retry
      }
    }
    throw last;
  }

  /** The subject's latest decision, or {@link ConsentState#UNKNOWN}. */
  public ConsentState current(ConsentSubject subject) throws SQLException {
    return currentByHash(subject.tenant(), subject.kind(), hash(subject));
  }

  /** Every decision for the subject, oldest first. */
  public List<ConsentEntry> history(ConsentSubject subject) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, decision, actor, source, changed_at FROM consent_events"
                    + " WHERE tenant = ? AND subject_kind = ? AND subject_hash = ? ORDER BY seq")) {
      ps.setString(1, subject.tenant());
      ps.setString(2, subject.kind().name());
      ps.setString(3, hash(subject));
      List<ConsentEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ConsentEntry(
                  subject.kind(), subject.tenant(), rs.getLong(1), ConsentState.valueOf(rs.getString(2)),
                  rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
        }
      }
      return out;
    }
  }

  /** Effective consent for a request by {@code apiKeyId} on behalf of {@code endUser}. */
  public ConsentState stateAtCapture(String tenant, String apiKeyId, Optional<String> endUser) throws SQLException {
    return effective(tenant, apiKeyId, endUser.map(u -> endUserHash(tenant, u)));
  }

  /** As {@link #stateAtCapture}, with the end user given by {@link #endUserHash}. */
  public ConsentState effective(String tenant, String apiKeyId, Optional<String> endUserHash) throws SQLException {
    ConsentState key = current(ConsentSubject.apiKey(tenant, apiKeyId));
    if (key == ConsentState.DENIED) {
      return ConsentState.DENIED;
    }
    if (endUserHash.isPresent()) {
      ConsentState user = currentByHash(tenant, ConsentSubject.Kind.END_USER, endUserHash.get());
      if (user != ConsentState.UNKNOWN) {
        return user;
      }
    }
    return key;
  }

  /** The keyed hash under which an end user's consent and records are filed. */
  public String endUserHash(String tenant, String endUser) {
    return hash(ConsentSubject.endUser(tenant, endUser));
  }

  private String hash(ConsentSubject s) {
    String input = "veil.consent.v1\0" + s.kind() + "\0" + s.tenant() + "\0" + s.id();
    return index.hex(input.getBytes(StandardCharsets.UTF_8), 32);
  }

  private ConsentState currentByHash(String tenant, ConsentSubject.Kind kind, String hash) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT decision FROM consent_events WHERE tenant = ? AND subject_kind = ? AND subject_hash = ?"
                    + " ORDER BY seq DESC LIMIT 1")) {
      ps.setString(1, tenant);
      ps.setString(2, kind.name());
      ps.setString(3, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? ConsentState.valueOf(rs.getString(1)) : ConsentState.UNKNOWN;
      }
    }
  }

  private static long latestSeq(Connection c, ConsentSubject s, String hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MAX(seq) FROM consent_events WHERE tenant = ? AND subject_kind = ? AND subject_hash = ?")) {
      ps.setString(1, s.tenant());
      ps.setString(2, s.kind().name());
      ps.setString(3, hash);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
