package dev.veil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/**
 * Opens test databases: SQLite in a folder, and PostgreSQL on 127.0.0.1:5432 (trust auth, db
 * {@code test}, user {@code postgres}) when it answers, else an embedded PostgreSQL. Each
 * PostgreSQL database gets a fresh schema. {@code -Dveil.test.postgres=embedded} forces the
 * embedded one.
 */
public final class TestDatabases {
  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  public static Database sqlite(Path dir) {
    return Database.openSqlite(dir);
  }

  public static synchronized Database postgres() throws IOException {
    String[] server = postgresServer();
    return Database.openPostgres(server[0], server[1], null, freshSchema());
  }

  /**
   * A {@code database.url} whose connections work in a fresh, empty schema (user {@code
   * postgres}, no password): what several gateway nodes that share one store are configured with.
   */
  public static synchronized String postgresUrl() throws IOException, SQLException {
    String[] server = postgresServer();
    String schema = freshSchema();
    try (Connection c = DriverManager.getConnection(server[0], server[1], null);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return server[0] + (server[0].contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Work on a database in the state an older version left it in. */
  @FunctionalInterface
  public interface Seed {
    void run(Connection c) throws SQLException;
  }

  /**
   * A SQLite database in {@code dir} migrated only up to {@code version}, then {@code seed} run on
   * it, then opened as the gateway opens it (migrating the rest): an existing database upgraded.
   */
  public static Database sqliteFrom(Path dir, String version, Seed seed) throws SQLException {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("veil.db"));
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(version).load()
        .migrate();
    try (Connection c = ds.getConnection()) {
      seed.run(c);
    }
    return sqlite(dir);
  }

  /** As {@link #sqliteFrom}, on a fresh PostgreSQL schema. */
  public static synchronized Database postgresFrom(String version, Seed seed)
      throws IOException, SQLException {
    String[] server = postgresServer();
    String schema = freshSchema();
    Flyway.configure().dataSource(server[0], server[1], null).schemas(schema).createSchemas(true)
        .locations("classpath:db/migration").target(version).load().migrate();
    try (Connection c = DriverManager.getConnection(server[0], server[1], null);
        Statement st = c.createStatement()) {
      st.execute("SET search_path TO " + schema);
      seed.run(c);
    }
    return Database.openPostgres(server[0], server[1], null, schema);
  }

  private static String freshSchema() {
    return "veil_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong()
        & Long.MAX_VALUE);
  }

  /** JDBC URL and user of the local server, or of an embedded one started on first use. */
  private static synchronized String[] postgresServer() throws IOException {
    if (!"embedded".equals(System.getProperty("veil.test.postgres")) && localAnswers()) {
      return new String[] {"jdbc:postgresql://127.0.0.1:5432/test", "postgres"};
    }
    if (embedded == null) {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException e) {
          // The JVM is exiting; the temporary cluster folder is removed by the library.
        }
      }));
    }
    return new String[] {embedded.getJdbcUrl("postgres", "postgres"), "postgres"};
  }

  private static boolean localAnswers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
