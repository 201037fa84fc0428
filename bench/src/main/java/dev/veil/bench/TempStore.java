package dev.veil.bench;

import dev.veil.crypto.AssociatedData;
import dev.veil.crypto.KekVersion;
import dev.veil.crypto.KeyProvider;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.SecretBytes;
import dev.veil.crypto.WrappedKey;
import dev.veil.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A throw-away data directory for benchmarks: the gateway's SQLite store (migrated as at start-up)
 * and a passphrase-protected local KEK that counts how often it is asked to wrap or unwrap, so a
 * benchmark can prove that its measured path never reaches the KEK.
 *
 * <p>The scrypt cost of the KEK file is lowered, which changes only how long opening the file
 * takes, not any measured operation. Close it to delete the directory.
 */
public final class TempStore implements AutoCloseable {

  private static final LocalKeyProvider.ScryptParams CHEAP_FILE_KEY =
      new LocalKeyProvider.ScryptParams(1 << 10, 8, 1);

  private final Path dir;
  private final Database database;
  private final CountingKek kek;

  private TempStore(Path dir, Database database, CountingKek kek) {
    this.dir = dir;
    this.database = database;
    this.kek = kek;
  }

  /** Creates the directory, the store and the KEK. */
  public static TempStore create() {
    Path dir;
    try {
      dir = Files.createTempDirectory("veil-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data directory", e);
    }
    LocalKeyProvider local = LocalKeyProvider.open(dir,
        Optional.of(SecretBytes.copyOf("benchmark passphrase, not a secret".getBytes(StandardCharsets.UTF_8))),
        false, CHEAP_FILE_KEY);
    return new TempStore(dir, Database.openSqlite(dir), new CountingKek(local));
  }

  /** The data directory. */
  public Path dir() {
    return dir;
  }

  /** The migrated SQLite store in {@link #dir()}. */
  public Database database() {
    return database;
  }

  /** The KEK; every wrap and unwrap is counted by {@link #kekCalls()}. */
  public KeyProvider kek() {
    return kek;
  }

  /** How many times the KEK was asked to wrap or unwrap so far. */
  public long kekCalls() {
    return kek.calls.get();
  }

  @Override
  public void close() {
    database.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary data directory", e);
    }
  }

  /** Delegates to a real provider and counts the calls that need the KEK itself. */
  private static final class CountingKek implements KeyProvider {
    private final KeyProvider delegate;
    private final AtomicLong calls = new AtomicLong();

    CountingKek(KeyProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
      calls.incrementAndGet();
      return delegate.wrap(secret, context);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
      calls.incrementAndGet();
      return delegate.unwrap(wrapped, context);
    }

    @Override
    public KekVersion rotate() {
      return delegate.rotate();
    }

    @Override
    public List<KekVersion> versions() {
      return delegate.versions();
    }

    @Override
    public void disable(String versionId) {
      delegate.disable(versionId);
    }
  }
}
