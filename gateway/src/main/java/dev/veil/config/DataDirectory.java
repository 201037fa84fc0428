package dev.veil.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory holds the store (SQLite), the local key-encryption keyset and the audit
 * signing key: only its owner may enter it (0700), and files of content are 0600.
 * On file systems without POSIX permissions these calls only create what is missing.
 */
public final class DataDirectory {

  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} (and its parents) if missing, and makes it 0700. */
  public static Path ensure(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix() && !Files.getPosixFilePermissions(dir).equals(OWNER_DIR)) {
      Files.setPosixFilePermissions(dir, OWNER_DIR);
    }
    return dir;
  }

  /**
   * Makes {@code file} 0600, creating it empty if missing, so that what a library later writes
   * into it (and the files it derives the permissions of, such as SQLite's WAL) is private.
   */
  public static void ownerOnly(Path file) throws IOException {
    if (!posix()) {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      return;
    }
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
    } else if (!Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
      Files.setPosixFilePermissions(file, OWNER_FILE);
    }
  }

  /** Makes an existing {@code file} readable by everyone (0644): certificates to hand out. */
  public static void publicReadable(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
