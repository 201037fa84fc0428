package dev.veil.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Named Tink keysets wrapped by the KEK, in table {@code sealed_keysets}. */
final class SealedKeysets {
  private static final String TENANT = "veil";

  private final DataSource db;
  private final KeyProvider kek;

  SealedKeysets(DataSource db, KeyProvider kek) {
    this.db = db;
    this.kek = kek;
  }

  KeysetHandle loadOrCreate(String name, Supplier<KeysetHandle> generator) {
    Optional<KeysetHandle> existing = load(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    KeysetHandle fresh = generator.get();
    WrappedKey w = kek.wrap(TinkSupport.serialize(fresh), context(name));
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO sealed_keysets (name, kek_version, wrapped, created_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, w.kekVersion());
      ps.setString(3, Base64.getEncoder().encodeToString(w.ciphertext()));
      ps.setLong(4, System.currentTimeMillis() / 1000);
      ps.executeUpdate();
      return fresh;
    } catch (SQLException e) {
      // Lost a race with another node: everyone must use the stored keyset.
      return load(name).orElseThrow(() -> new CryptoException("cannot store keyset " + name, e));
    }
  }

  private Optional<KeysetHandle> load(String name) {
    WrappedKey w;
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT kek_version, wrapped FROM sealed_keysets WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        w = new WrappedKey(rs.getString(1), Base64.getDecoder().decode(rs.getString(2)));
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot read keyset " + name, e);
    }
    return Optional.of(TinkSupport.parse(kek.unwrap(w, context(name))));
  }

  long rewrapAll(RotationProgress progress) {
    String primary = kek.primaryVersion();
    List<String[]> todo = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT name, kek_version, wrapped FROM sealed_keysets WHERE kek_version <> ?")) {
      ps.setString(1, primary);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          todo.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot list keysets to rewrap", e);
    }
    long done = 0;
    progress.update("keysets", 0, todo.size());
    for (String[] row : todo) {
      SecretBytes plain = kek.unwrap(new WrappedKey(row[1], Base64.getDecoder().decode(row[2])), context(row[0]));
      WrappedKey fresh = kek.wrap(plain, context(row[0]));
      try (Connection c = db.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE sealed_keysets SET kek_version = ?, wrapped = ? WHERE name = ? AND kek_version = ?")) {
        ps.setString(1, fresh.kekVersion());
        ps.setString(2, Base64.getEncoder().encodeToString(fresh.ciphertext()));
        ps.setString(3, row[0]);
        ps.setString(4, row[1]);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new CryptoException("cannot rewrap keyset " + row[0], e);
      }
      progress.update("keysets", ++done, todo.size());
    }
    return done;
  }

  long countWrappedBy(String version) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sealed_keysets WHERE kek_version = ?")) {
      ps.setString(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new CryptoException("cannot count keysets", e);
    }
  }

  private static AssociatedData context(String name) {
    return AssociatedData.of(TENANT, name, "sealed-keyset");
  }
}
