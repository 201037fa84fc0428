package dev.veil.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit log on a SQLite file. */
class SqliteAuditLogTest extends AuditLogContract {

  private static Path template;

  @Override
  DataSource freshDatabase() throws Exception {
    synchronized (SqliteAuditLogTest.class) {
      if (template == null) {
        template = Files.createTempFile("veil-audit-template", ".db");
        template.toFile().deleteOnExit();
        TestDatabases.migrate(TestDatabases.sqlite(template));
      }
    }
    Files.copy(template, temp.resolve("veil.db"));
    return TestDatabases.sqlite(temp.resolve("veil.db"));
  }

  @Override
  List<DataSource> nodes(int count) {
    List<DataSource> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(TestDatabases.sqlitePool(temp.resolve("veil.db"), 2));
    }
    return nodes;
  }
}
