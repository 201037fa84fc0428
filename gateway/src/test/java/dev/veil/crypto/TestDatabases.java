package dev.veil.crypto;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Migrated databases for tests: a SQLite file, or PostgreSQL in a fresh schema. */
public final class TestDatabases {
  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  /**
   * A SQLite database file at {@code file}, migrated. WAL with {@code synchronous=NORMAL}: a commit
   * survives a killed process (what the tests check); only power loss could lose the last ones.
   */
  public static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setMaximumPoolSize(2);
    pool.setMinimumIdle(0);
    pool.setPoolName("test-sqlite");
    HikariDataSource ds = new HikariDataSource(pool);
    migrate(ds, null);
    return ds;
  }

  /**
   * PostgreSQL on 127.0.0.1:5432 (user postgres, database test) when it answers, otherwise an
   * embedded server; in both cases a fresh schema.
   */
  public static synchronized DataSource postgres() throws IOException, SQLException {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    DataSource base;
    if (localPostgresAnswers()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setServerNames(new String[] {"127.0.0.1"});
      ds.setPortNumbers(new int[] {5432});
      ds.setDatabaseName("test");
      ds.setUser("postgres");
      base = ds;
    } else {
      if (embedded == null) {
        embedded = EmbeddedPostgres.start();
      }
      base = embedded.getPostgresDatabase();
    }
    try (Connection c = base.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    PGSimpleDataSource scoped = new PGSimpleDataSource();
    try (Connection c = base.getConnection()) {
      scoped.setURL(c.getMetaData().getURL());
      scoped.setUser(c.getMetaData().getUserName());
    }
    scoped.setCurrentSchema(schema);
    migrate(scoped, schema);
    return scoped;
  }

  private static boolean localPostgresAnswers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void migrate(DataSource ds, String schema) {
    var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
    if (schema != null) {
      config.schemas(schema);
    }
    config.load().migrate();
  }
}
