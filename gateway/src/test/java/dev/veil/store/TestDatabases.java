package dev.veil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

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
    String schema = "veil_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong()
        & Long.MAX_VALUE);
    if (!"embedded".equals(System.getProperty("veil.test.postgres")) && localAnswers()) {
      return Database.openPostgres("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null,
          schema);
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
    return Database.openPostgres(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null,
        schema);
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
