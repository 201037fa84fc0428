package dev.veil.retention;

import dev.veil.consent.ConsentState;
import dev.veil.crypto.AssociatedData;
import dev.veil.crypto.DataKey;
import dev.veil.crypto.DataKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Sealed content of stored records, in tables {@code stored_records} and {@code sealed_fields}.
 *
 * <p>{@link #seal} encrypts each field under the data key of the record's tenant and retention
 * period, bound by {@link AssociatedData} to (tenant, record id, field); it runs in memory, in
 * microseconds, so callers seal on the request thread and queue only ciphertext ({@link
 * DurableWriteQueue}). {@link #write} stores a batch in one transaction.
 *
 * <p><b>Security:</b> a ciphertext copied to another record or field does not open. Content whose
 * data key was destroyed by retention cannot be opened by anyone, from this database or a copy.
 */
public final class ContentVault {
  /** Field holding the OpenAI request JSON. */
  public static final String REQUEST = "request";
  /** Field holding the OpenAI response JSON (non-streamed form). */
  public static final String RESPONSE = "response";

  /** How many grid steps after its last sealed record a retention still gets keys made ahead. */
  static final int WARM_STEPS = 4;

  private final DataSource db;
  private final DataKeys keys;
  private final Clock clock;
  /** When a record of each (tenant, retention) was last sealed, and which were prepared once. */
  private final Map<Use, Instant> lastSealed = new ConcurrentHashMap<>();
  private final Set<Use> prepared = ConcurrentHashMap.newKeySet();

  private record Use(String tenant, Retention retention) {}

  public ContentVault(DataSource contentDb, DataKeys keys, Clock clock) {
    this.db = Objects.requireNonNull(contentDb, "contentDb");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Seals every field of {@code r}; no I/O once the period's data key is warm. */
  public SealedRecord seal(RecordToStore r) {
    Instant end = r.retention().periodEnd(r.capturedAt());
    DataKey key = keys.keyFor(r.tenant(), end);
    lastSealed.put(new Use(r.tenant(), r.retention()), r.capturedAt());
    Map<String, String> sealed = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : r.fields().entrySet()) {
      byte[] ct =
          key.seal(f.getValue().getBytes(StandardCharsets.UTF_8), AssociatedData.of(r.tenant(), r.recordId(), f.getKey()));
      sealed.put(f.getKey(), Base64.getEncoder().encodeToString(ct));
    }
    StoredRecord meta =
        new StoredRecord(
            r.recordId(), r.tenant(), r.apiKeyId(), r.endUserHash(), r.mode(), r.consent(),
            r.capturedAt(), end, key.id());
    return new SealedRecord(meta, sealed);
  }

  /**
   * Makes sure the data keys for records captured now and one grid step from now exist and are
   * unwrapped, so that {@link #seal} does not call the KEK provider when a new period starts. Call
   * it periodically (e.g. with each retention run) for every tenant and retention in use.
   *
   * <p>Keys are made the first time and then only while records of this tenant and retention are
   * being sealed (the last one less than {@value #WARM_STEPS} grid steps ago): an idle gateway
   * makes no data keys, although a short retention (60 s: a 2 s grid) has a new period every few
   * seconds. The first record after a pause makes its period's key itself.
   *
   * @return whether keys were asked for
   */
  public boolean prepare(String tenant, Retention retention) {
    Instant now = clock.instant();
    Use use = new Use(tenant, retention);
    Instant last = lastSealed.get(use);
    boolean idle = last == null
        || last.isBefore(now.minus(retention.step().multipliedBy(WARM_STEPS)));
    if (idle && prepared.contains(use)) {
      return false;
    }
    keys.keyFor(tenant, retention.periodEnd(now));
    keys.keyFor(tenant, retention.periodEnd(now.plus(retention.step())));
    prepared.add(use);
    return true;
  }

  /** Writes a batch atomically: all records are durable when this returns, or none is. */
  public void write(List<SealedRecord> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    try (Connection c = db.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement rec =
              c.prepareStatement(
                  "INSERT INTO stored_records (record_id, tenant, api_key_id, end_user_hash, store_mode, consent,"
                      + " captured_at, expires_at, data_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement fld =
              c.prepareStatement("INSERT INTO sealed_fields (record_id, field, ciphertext) VALUES (?, ?, ?)")) {
        for (SealedRecord s : batch) {
          StoredRecord m = s.meta();
          rec.setString(1, m.recordId());
          rec.setString(2, m.tenant());
          rec.setString(3, m.apiKeyId());
          rec.setString(4, m.endUserHash().orElse(null));
          rec.setString(5, m.mode().name());
          rec.setString(6, m.consentAtCapture().name());
          rec.setLong(7, m.capturedAt().toEpochMilli());
          rec.setLong(8, m.expiresAt().getEpochSecond());
          rec.setString(9, m.dataKeyId());
          rec.addBatch();
          for (Map.Entry<String, String> f : s.ciphertexts().entrySet()) {
            fld.setString(1, m.recordId());
            fld.setString(2, f.getKey());
            fld.setString(3, f.getValue());
            fld.addBatch();
          }
        }
        rec.executeBatch();
        fld.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /**
   * Opens a stored record. Empty when there is no such record.
   *
   * @throws dev.veil.crypto.KeyDestroyedException when its period expired
   * @throws dev.veil.crypto.CryptoException when a field was tampered with or moved
   */
  public Optional<OpenedRecord> open(String recordId) throws SQLException {
    Optional<StoredRecord> meta = meta(recordId);
    if (meta.isEmpty()) {
      return Optional.empty();
    }
    StoredRecord m = meta.get();
    Map<String, String> fields = new LinkedHashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT field, ciphertext FROM sealed_fields WHERE record_id = ? ORDER BY field")) {
      ps.setString(1, recordId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String field = rs.getString(1);
          byte[] plain =
              keys.open(m.dataKeyId(), Base64.getDecoder().decode(rs.getString(2)), AssociatedData.of(m.tenant(), recordId, field));
          fields.put(field, new String(plain, StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.of(new OpenedRecord(m, fields));
  }

  /** Metadata of one record. */
  public Optional<StoredRecord> meta(String recordId) throws SQLException {
    List<StoredRecord> l = select("WHERE record_id = ?", List.of(recordId));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /**
   * Records captured with consent {@link ConsentState#GRANTED} and not yet expired, oldest first.
   * Metadata only; {@link #open} each to read it.
   */
  public List<StoredRecord> capturedWithConsent() throws SQLException {
    return select(
        "WHERE consent = ? AND expires_at > ? ORDER BY captured_at, record_id",
        List.of(ConsentState.GRANTED.name(), clock.instant().getEpochSecond()));
  }

  /**
   * How many records whose period has not ended were captured without training-use consent
   * (the ones {@link #capturedWithConsent()} leaves out).
   */
  public int countCapturedWithoutConsent() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM stored_records WHERE consent <> ? AND expires_at > ?")) {
      ps.setString(1, ConsentState.GRANTED.name());
      ps.setLong(2, clock.instant().getEpochSecond());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Deletes every record sealed under {@code dataKeyId}; returns how many. */
  public int deleteByDataKey(String dataKeyId) throws SQLException {
    return delete("data_key_id = ?", dataKeyId);
  }

  /** Deletes every record whose period ended at or before {@code now}; returns how many. */
  public int deleteExpired(Instant now) throws SQLException {
    return delete("expires_at <= ?", now.getEpochSecond());
  }

  /** Checks that the store answers; throws if not. */
  public void ping() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM stored_records WHERE record_id = ''");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
    }
  }

  private int delete(String where, Object arg) throws SQLException {
    try (Connection c = db.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement f =
              c.prepareStatement(
                  "DELETE FROM sealed_fields WHERE record_id IN (SELECT record_id FROM stored_records WHERE " + where + ")");
          PreparedStatement r = c.prepareStatement("DELETE FROM stored_records WHERE " + where)) {
        f.setObject(1, arg);
        f.executeUpdate();
        r.setObject(1, arg);
        int n = r.executeUpdate();
        c.commit();
        return n;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  private List<StoredRecord> select(String where, List<Object> args) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT record_id, tenant, api_key_id, end_user_hash, store_mode, consent, captured_at, expires_at,"
                    + " data_key_id FROM stored_records " + where)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<StoredRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredRecord(
                  rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                  StoreMode.valueOf(rs.getString(5)), ConsentState.valueOf(rs.getString(6)),
                  Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochSecond(rs.getLong(8)), rs.getString(9)));
        }
      }
      return out;
    }
  }
}
