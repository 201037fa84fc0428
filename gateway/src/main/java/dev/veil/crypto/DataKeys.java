package dev.veil.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The data keys: one AES-256-GCM key per (tenant, retention period), wrapped by the KEK in table
 * {@code data_keys}, unwrapped once and cached.
 *
 * <p>A retention period is identified by its end instant: every record whose retention ends within
 * it is sealed under the same key, and the whole period is shredded at once by {@link #destroy}.
 *
 * <p>Caching: the first {@link #keyFor} or {@link #open} of a key reads the row and asks the KEK
 * provider to unwrap it (or, for a new period, generates and wraps a key); afterwards the unwrapped
 * key is served from memory, so request handling does not call the KEK provider. A cached key whose
 * period has ended is treated as destroyed even before retention deletes its row, so nodes that
 * share a database agree without talking to each other.
 *
 * <p><b>Security:</b> the key table can live in its own database (pass a separate {@link
 * DataSource}). Destroying a key deletes its row and evicts it from the cache; on SQLite the delete
 * runs with {@code secure_delete} and a WAL checkpoint, so no copy of the wrapped key stays in
 * the database files. <b>Warning:</b> a backup that
 * contains the {@code data_keys} table from before expiry can still be opened with the KEK; keep
 * the key table out of content backups, or expire key-table backups with the shortest retention.
 */
public final class DataKeys {
  private record Period(String tenant, long expiresAtSecond) {}

  private final DataSource db;
  private final KeyProvider kek;
  private final Clock clock;
  private final ConcurrentHashMap<String, DataKey> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Period, DataKey> byPeriod = new ConcurrentHashMap<>();

  public DataKeys(DataSource keyDb, KeyProvider kek, Clock clock) {
    TinkSupport.init();
    this.db = Objects.requireNonNull(keyDb, "keyDb");
    this.kek = Objects.requireNonNull(kek, "kek");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the key for records of {@code tenant} whose retention ends at {@code expiresAt}
   * (truncated to the second), creating it if needed.
   *
   * @throws CryptoException if the period already ended, or the key cannot be made or unwrapped
   */
  public DataKey keyFor(String tenant, Instant expiresAt) {
    Objects.requireNonNull(tenant, "tenant");
    long second = expiresAt.getEpochSecond();
    if (second <= clock.instant().getEpochSecond()) {
      throw new CryptoException("retention period ending " + expiresAt + " has already ended");
    }
    Period p = new Period(tenant, second);
    DataKey cached = byPeriod.get(p);
    if (cached != null) {
      return cached;
    }
    DataKey k = loadOrCreate(p);
    byPeriod.put(p, k);
    byId.put(k.id(), k);
    return k;
  }

  /**
   * Opens a ciphertext sealed under key {@code keyId}.
   *
   * @throws KeyDestroyedException when the key's period ended or its row is gone
   * @throws CryptoException when the ciphertext or associated data do not match
   */
  public byte[] open(String keyId, byte[] ciphertext, AssociatedData ad) {
    return key(keyId).open(ciphertext, ad);
  }

  private DataKey key(String keyId) {
    DataKey k = byId.get(keyId);
    if (k == null) {
      k = load(keyId).orElseThrow(() -> new KeyDestroyedException(keyId));
      byId.put(keyId, k);
      byPeriod.putIfAbsent(new Period(k.tenant(), k.expiresAt().getEpochSecond()), k);
    }
    if (!k.expiresAt().isAfter(clock.instant())) {
      evict(k);
      throw new KeyDestroyedException(keyId);
    }
    return k;
  }

  /** Keys whose period ended at or before {@code now}; identifiers only. */
  public List<KeyPeriod> expired(Instant now) {
    String sql = "SELECT key_id, tenant, expires_at FROM data_keys WHERE expires_at <= ? ORDER BY expires_at";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now.getEpochSecond());
      List<KeyPeriod> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new KeyPeriod(rs.getString(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new CryptoException("cannot list expired data keys", e);
    }
  }

  /**
   * Destroys a data key: deletes its wrapped form and forgets the unwrapped one. Everything sealed
   * under it becomes unreadable for good. Returns whether a row was deleted.
   */
  public boolean destroy(String keyId) {
    DataKey cached = byId.get(keyId);
    if (cached != null) {
      evict(cached);
    }
    byPeriod.values().removeIf(k -> k.id().equals(keyId));
    try (Connection c = db.getConnection()) {
      boolean sqlite = "SQLite".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
      if (sqlite) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA secure_delete = ON");
        }
      }
      boolean deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM data_keys WHERE key_id = ?")) {
        ps.setString(1, keyId);
        deleted = ps.executeUpdate() > 0;
      }
      if (sqlite && c.getAutoCommit()) {
        // Move the zeroed page into the main file and empty the WAL, which may still hold the row.
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
      }
      return deleted;
    } catch (SQLException e) {
      throw new CryptoException("cannot destroy data key " + keyId, e);
    }
  }

  /** Whether the key is in memory; for tests and diagnostics. */
  public boolean isCached(String keyId) {
    return byId.containsKey(keyId);
  }

  /** Drops every unwrapped key from memory; the next use unwraps again. */
  public void clearCache() {
    byId.clear();
    byPeriod.clear();
  }

  /**
   * Rewraps every data key not yet wrapped by the provider's primary KEK version. Content is not
   * touched. Safe to run while the gateway serves: each row is swapped with a compare-and-set on its
   * old version. Returns the number of keys rewrapped.
   */
  public long rewrapAll(RotationProgress progress) {
    String primary = kek.primaryVersion();
    List<String[]> todo = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT key_id, tenant, expires_at, kek_version, wrapped FROM data_keys WHERE kek_version <> ?")) {
      ps.setString(1, primary);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          todo.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3)), rs.getString(4), rs.getString(5)});
        }
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot list data keys to rewrap", e);
    }
    long done = 0;
    progress.update("data keys", 0, todo.size());
    for (String[] row : todo) {
      AssociatedData ctx = wrapContext(row[1], row[0], Long.parseLong(row[2]));
      SecretBytes plain = kek.unwrap(new WrappedKey(row[3], Base64.getDecoder().decode(row[4])), ctx);
      WrappedKey fresh = kek.wrap(plain, ctx);
      try (Connection c = db.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE data_keys SET kek_version = ?, wrapped = ? WHERE key_id = ? AND kek_version = ?")) {
        ps.setString(1, fresh.kekVersion());
        ps.setString(2, Base64.getEncoder().encodeToString(fresh.ciphertext()));
        ps.setString(3, row[0]);
        ps.setString(4, row[3]);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new CryptoException("cannot rewrap data key " + row[0], e);
      }
      progress.update("data keys", ++done, todo.size());
    }
    return done;
  }

  /** Counts data keys still wrapped by {@code kekVersion}. */
  public long countWrappedBy(String kekVersion) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM data_keys WHERE kek_version = ?")) {
      ps.setString(1, kekVersion);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot count data keys", e);
    }
  }

  private void evict(DataKey k) {
    byId.remove(k.id(), k);
    byPeriod.remove(new Period(k.tenant(), k.expiresAt().getEpochSecond()), k);
  }

  private DataKey loadOrCreate(Period p) {
    Optional<DataKey> existing = findByPeriod(p);
    if (existing.isPresent()) {
      return existing.get();
    }
    String id = UUID.randomUUID().toString();
    KeysetHandle handle;
    try {
      handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate data key", e);
    }
    WrappedKey wrapped = kek.wrap(TinkSupport.serialize(handle), wrapContext(p.tenant(), id, p.expiresAtSecond()));
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO data_keys (key_id, tenant, expires_at, kek_version, wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, p.tenant());
      ps.setLong(3, p.expiresAtSecond());
      ps.setString(4, wrapped.kekVersion());
      ps.setString(5, Base64.getEncoder().encodeToString(wrapped.ciphertext()));
      ps.setLong(6, clock.instant().getEpochSecond());
      ps.executeUpdate();
      return new DataKey(id, p.tenant(), Instant.ofEpochSecond(p.expiresAtSecond()), TinkSupport.aead(handle));
    } catch (SQLException e) {
      // Another node may have created the same period's key first: use theirs.
      return findByPeriod(p).orElseThrow(() -> new CryptoException("cannot store data key", e));
    }
  }

  private Optional<DataKey> findByPeriod(Period p) {
    return query(
        "SELECT key_id, tenant, expires_at, kek_version, wrapped FROM data_keys WHERE tenant = ? AND expires_at = ?",
        ps -> {
          ps.setString(1, p.tenant());
          ps.setLong(2, p.expiresAtSecond());
        });
  }

  private Optional<DataKey> load(String keyId) {
    return query(
        "SELECT key_id, tenant, expires_at, kek_version, wrapped FROM data_keys WHERE key_id = ?",
        ps -> ps.setString(1, keyId));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Optional<DataKey> query(String sql, Binder binder) {
    String id;
    String tenant;
    long expires;
    WrappedKey wrapped;
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        id = rs.getString(1);
        tenant = rs.getString(2);
        expires = rs.getLong(3);
        wrapped = new WrappedKey(rs.getString(4), Base64.getDecoder().decode(rs.getString(5)));
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot read data key", e);
    }
    SecretBytes serialized = kek.unwrap(wrapped, wrapContext(tenant, id, expires));
    return Optional.of(new DataKey(id, tenant, Instant.ofEpochSecond(expires), TinkSupport.aead(TinkSupport.parse(serialized))));
  }

  private static AssociatedData wrapContext(String tenant, String keyId, long expiresAtSecond) {
    return AssociatedData.of(tenant, keyId, "data-key@" + expiresAtSecond);
  }
}
