package dev.veil.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** The audit log on PostgreSQL, in a fresh schema per run, emptied before each test. */
class PostgresAuditLogTest extends AuditLogContract {

  private static String url;
  private final List<AutoCloseable> pools = new ArrayList<>();

  @Override
  DataSource freshDatabase() throws Exception {
    synchronized (PostgresAuditLogTest.class) {
      if (url == null) {
        String fresh = TestDatabases.postgresSchemaUrl();
        try (HikariDataSource migrator = TestDatabases.postgresPool(fresh, 3)) {
          TestDatabases.migrate(migrator);
        }
        url = fresh;
      }
    }
    HikariDataSource pool = TestDatabases.postgresPool(url, 2);
    pools.add(pool);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM audit_entry");
      s.executeUpdate("DELETE FROM audit_node");
      s.executeUpdate("DELETE FROM audit_tree_head");
      s.executeUpdate("UPDATE audit_head SET tree_size = 0, frontier = '' WHERE id = 1");
    }
    return pool;
  }

  @Override
  List<DataSource> nodes(int count) {
    List<DataSource> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HikariDataSource pool = TestDatabases.postgresPool(url, 2);
      pools.add(pool);
      nodes.add(pool);
    }
    return nodes;
  }

  @AfterEach
  void closePools() throws Exception {
    for (AutoCloseable pool : pools) {
      pool.close();
    }
  }
}
