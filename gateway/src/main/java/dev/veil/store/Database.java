package dev.veil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The relational store: a HikariCP pool over SQLite (default, one file) or PostgreSQL (several
 * nodes), migrated by Flyway at open with the same scripts for both.
 *
 * <p>Migrations live in {@code db/migration}; versions V1 to V9 belong to the gateway core, V10
 * and up to the other packages, so parallel work does not collide. SQL must stay portable (no
 * {@code SERIAL}, no {@code AUTOINCREMENT}, times as {@code BIGINT} epoch milliseconds).
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final boolean sqlite;

  private Database(HikariDataSource dataSource, boolean sqlite) {
    this.dataSource = dataSource;
    this.sqlite = sqlite;
  }

  /** Opens (creating if needed) the SQLite database {@code <dataDir>/veil.db} in WAL mode. */
  public static Database openSqlite(Path dataDir) {
    try {
      dev.veil.config.DataDirectory.ensure(dataDir);
      for (String name : new String[] {"veil.db", "veil.db-wal", "veil.db-shm"}) {
        Path f = dataDir.resolve(name);
        if (name.equals("veil.db") || Files.exists(f)) {
          dev.veil.config.DataDirectory.ownerOnly(f);
        }
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the data directory " + dataDir, e);
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("veil.db").toAbsolutePath());
    hc.addDataSourceProperty("journal_mode", "WAL");
    hc.addDataSourceProperty("synchronous", "NORMAL");
    hc.addDataSourceProperty("busy_timeout", "5000");
    hc.addDataSourceProperty("foreign_keys", "true");
    hc.setMaximumPoolSize(4);
    hc.setPoolName("veil-sqlite");
    return open(hc, true, null);
  }

  /**
   * Opens a PostgreSQL database.
   *
   * @param schema the schema to use and migrate, or {@code null} for the server default
   */
  public static Database openPostgres(String jdbcUrl, String user, String password, String schema) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    if (schema != null) {
      hc.setSchema(schema);
    }
    hc.setMaximumPoolSize(8);
    hc.setPoolName("veil-postgres");
    return open(hc, false, schema);
  }

  private static Database open(HikariConfig hc, boolean sqlite, String schema) {
    hc.setConnectionTimeout(10_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to the database (" + e.getClass().getSimpleName()
          + "); check storage.url and that the database is running", e);
    }
    try {
      var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
      if (schema != null) {
        flyway.schemas(schema).createSchemas(true);
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("database migration failed: " + e.getMessage(), e);
    }
    return new Database(ds, sqlite);
  }

  /** A pooled connection; close it when done. */
  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** The pool, for packages that bring their own data-access code. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Whether this is the SQLite store (as opposed to PostgreSQL). */
  public boolean isSqlite() {
    return sqlite;
  }

  /** Whether a trivial query succeeds; used by {@code /readyz}. */
  public boolean isReachable() {
    try (Connection c = connection(); var st = c.createStatement()) {
      st.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
