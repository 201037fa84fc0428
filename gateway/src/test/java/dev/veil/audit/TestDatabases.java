package dev.veil.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Real databases for the audit tests: a SQLite file, or a fresh PostgreSQL schema. */
final class TestDatabases {

  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(30_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  /** A pool over a SQLite file, as a separate gateway node would have. */
  static HikariDataSource sqlitePool(Path file, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(sqlite(file));
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /** JDBC URL of a new, empty schema on the local PostgreSQL, or on an embedded one. */
  static synchronized String postgresSchemaUrl() {
    String base;
    if (localPostgresAnswers()) {
      base = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    } else {
      try {
        if (embedded == null) {
          embedded = EmbeddedPostgres.builder().start();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
      }
      base = embedded.getJdbcUrl("postgres", "postgres");
    }
    String schema = "audit_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = java.sql.DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a PostgreSQL schema", e);
    }
    return base + "&currentSchema=" + schema;
  }

  static HikariDataSource postgresPool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }

  private static boolean localPostgresAnswers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
