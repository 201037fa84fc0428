package dev.veil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Data access for the {@code api_keys} table. */
public final class ApiKeyStore {
  private static final String COLUMNS =
      "id, name, prefix, key_hash, models, policy, owner, team, created_at, expires_at,"
          + " revoked_at, last_used_at";

  private final Database db;

  public ApiKeyStore(Database db) {
    this.db = db;
  }

  /**
   * Inserts a new key.
   *
   * @throws StoreException if a key with that name already exists (revoked ones included)
   */
  public void insert(ApiKeyRecord k) {
    String sql = "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (findByName(c, k.name()).isPresent()) {
        throw new StoreException("a key named '" + k.name() + "' already exists; choose another"
            + " name");
      }
      ps.setString(1, k.id());
      ps.setString(2, k.name());
      ps.setString(3, k.prefix());
      ps.setString(4, k.keyHash());
      ps.setString(5, String.join(",", k.models()));
      ps.setString(6, k.policy());
      ps.setString(7, k.owner());
      ps.setString(8, k.team());
      ps.setLong(9, k.createdAt().toEpochMilli());
      setInstant(ps, 10, k.expiresAt());
      setInstant(ps, 11, k.revokedAt());
      setInstant(ps, 12, k.lastUsedAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store the API key '" + k.name() + "'", e);
    }
  }

  /** Every key whose prefix is {@code prefix} (normally at most one). */
  public List<ApiKeyRecord> findByPrefix(String prefix) {
    return query("SELECT " + COLUMNS + " FROM api_keys WHERE prefix = ?", prefix);
  }

  /** All keys, by name. */
  public List<ApiKeyRecord> list() {
    return query("SELECT " + COLUMNS + " FROM api_keys ORDER BY name", null);
  }

  /** All keys whose owner is {@code owner}, by name. */
  public List<ApiKeyRecord> listByOwner(String owner) {
    return query("SELECT " + COLUMNS + " FROM api_keys WHERE owner = ? ORDER BY name", owner);
  }

  /** The number of keys that are neither revoked nor expired at {@code now}. */
  public int countUsable(Instant now) {
    String sql = "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL"
        + " OR expires_at > ?)";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count API keys", e);
    }
  }

  /** Revokes the key named {@code name}; returns whether a usable key was revoked. */
  public boolean revoke(String name, Instant now) {
    String sql = "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now.toEpochMilli());
      ps.setString(2, name);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot revoke the API key '" + name + "'", e);
    }
  }

  /**
   * Sets the owner of the key named {@code name} ({@code null}: none); returns whether there was
   * such a key. Owner and team are set one column at a time, so that two changes made at once,
   * one to each, do not undo each other.
   */
  public boolean setOwner(String name, String owner) {
    return set(name, "UPDATE api_keys SET owner = ? WHERE name = ?", owner);
  }

  /**
   * Sets the policy of the key named {@code name} ({@code null}: the default policy); whether it
   * exists.
   */
  public boolean setPolicy(String name, String policy) {
    return set(name, "UPDATE api_keys SET policy = ? WHERE name = ?", policy);
  }

  /** Sets the team of the key named {@code name} ({@code null}: none); whether it exists. */
  public boolean setTeam(String name, String team) {
    return set(name, "UPDATE api_keys SET team = ? WHERE name = ?", team);
  }

  private boolean set(String name, String sql, String value) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      ps.setString(2, name);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot change the API key '" + name + "'", e);
    }
  }

  /** Records last use times, one batch; {@code lastUse} maps key id to time. */
  public void touch(Map<String, Instant> lastUse) {
    if (lastUse.isEmpty()) {
      return;
    }
    String sql = "UPDATE api_keys SET last_used_at = ? WHERE id = ?";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (var e : lastUse.entrySet()) {
        ps.setLong(1, e.getValue().toEpochMilli());
        ps.setString(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new StoreException("cannot record API key use", e);
    }
  }

  private Optional<ApiKeyRecord> findByName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private List<ApiKeyRecord> query(String sql, String arg) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      List<ApiKeyRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read API keys", e);
    }
  }

  private static ApiKeyRecord read(ResultSet rs) throws SQLException {
    String models = rs.getString("models");
    return new ApiKeyRecord(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        rs.getString("key_hash"),
        models.isEmpty() ? List.of() : Arrays.asList(models.split(",")),
        rs.getString("policy"),
        rs.getString("owner"),
        rs.getString("team"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "expires_at"),
        instant(rs, "revoked_at"),
        instant(rs, "last_used_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }
}
