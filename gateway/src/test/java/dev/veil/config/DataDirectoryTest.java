package dev.veil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.veil.store.Database;
import dev.veil.tls.LocalCa;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theDataDirectoryAndTheStoreAreTheOwnersAloneAndTheCaCertificateIsPublic() throws Exception {
    // regression: veil.db and its WAL were 0644 in a 0755 directory, and ca.pem 0600
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "the file system has no POSIX permissions");
    Path data = tmp.resolve("veil-data");
    try (Database db = Database.openSqlite(data);
        var c = db.connection();
        var st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
      st.execute("INSERT INTO t VALUES (1)");
    }
    LocalCa.ensure(data.resolve("tls"), Clock.systemUTC());

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("veil.db"))).isEqualTo("rw-------");
    for (String derived : new String[] {"veil.db-wal", "veil.db-shm"}) {
      if (Files.exists(data.resolve(derived))) {
        assertThat(mode(data.resolve(derived))).as(derived).isEqualTo("rw-------");
      }
    }
    assertThat(mode(data.resolve("tls/ca.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(data.resolve("tls/ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve("tls/server-key.pem"))).isEqualTo("rw-------");
  }

  @Test
  void anExistingOpenDirectoryIsTightened() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "the file system has no POSIX permissions");
    Path data = Files.createDirectory(tmp.resolve("old"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    DataDirectory.ensure(data);
    assertThat(mode(data)).isEqualTo("rwx------");
  }
}
