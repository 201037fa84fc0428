package dev.veil.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} key provider: the KEK is a Tink AES-256-GCM keyset in a file of the data
 * directory ({@value #FILE_NAME}), encrypted under a key derived with scrypt from a passphrase.
 *
 * <p>Each keyset entry is one KEK version; {@link #rotate()} adds an entry and makes it primary,
 * {@link #disable(String)} disables an entry. Every change is written to a temporary file, forced
 * to disk and moved over the old file atomically.
 *
 * <p><b>Security:</b> the passphrase comes from {@value #PASSPHRASE_ENV} or the file named by
 * {@value #PASSPHRASE_FILE_ENV} (see {@link #passphraseFrom(Map)}). Without one the provider opens
 * only in development mode, which keeps the keyset <em>unencrypted</em> on disk and logs a WARN
 * line on every start. A keyset file made in one mode is refused in the other.
 */
public final class LocalKeyProvider implements KeyProvider {
  /** Name of the keyset file inside the data directory. */
  public static final String FILE_NAME = "kek-keyset.json";
  /** Environment variable holding the passphrase. */
  public static final String PASSPHRASE_ENV = "VEIL_KEK_PASSPHRASE";
  /** Environment variable naming a file whose content is the passphrase. */
  public static final String PASSPHRASE_FILE_ENV = "VEIL_KEK_PASSPHRASE_FILE";

  private static final Logger LOG = LoggerFactory.getLogger(LocalKeyProvider.class);
  private static final String FORMAT = "veil.local-kek.v1";
  private static final byte[] FILE_AD = FORMAT.getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * scrypt cost parameters. {@link #DEFAULT} (N=2^17, r=8, p=1: 128 MiB, a fraction of a second)
   * follows current guidance for interactive key derivation.
   */
  public record ScryptParams(int n, int r, int p) {
    public static final ScryptParams DEFAULT = new ScryptParams(1 << 17, 8, 1);

    public ScryptParams {
      if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1) {
        throw new IllegalArgumentException(
            "scrypt parameters must have N a power of two > 1, r >= 1, p >= 1; got N=" + n
                + " r=" + r + " p=" + p);
      }
    }
  }

  private final Path file;
  private final Aead fileAead;
  private final byte[] salt;
  private final ScryptParams params;
  private volatile KeysetHandle keyset;
  private volatile Aead aead;
  /** When the keyset file was last read or written here; another process may rotate it. */
  private volatile FileTime seen;

  private LocalKeyProvider(
      Path file, Aead fileAead, byte[] salt, ScryptParams params, KeysetHandle keyset) {
    this.file = file;
    this.fileAead = fileAead;
    this.salt = salt;
    this.params = params;
    this.keyset = keyset;
    this.aead = TinkSupport.aead(keyset);
    this.seen = modified(file);
  }

  /**
   * Opens (or creates) the keyset in {@code dataDir}.
   *
   * @param passphrase the passphrase; empty means none was configured
   * @param developmentMode the explicit flag that allows starting without a passphrase
   * @throws IllegalStateException when there is no passphrase and no development flag, or the file
   *     was made in the other mode
   * @throws CryptoException when the passphrase is wrong or the file is damaged
   */
  public static LocalKeyProvider open(
      Path dataDir, Optional<SecretBytes> passphrase, boolean developmentMode, ScryptParams params) {
    TinkSupport.init();
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(params, "params");
    if (passphrase.isEmpty() && !developmentMode) {
      throw new IllegalStateException(
          "no KEK passphrase: set " + PASSPHRASE_ENV + " or " + PASSPHRASE_FILE_ENV
              + ", or start in development mode (unencrypted local keys)");
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      dev.veil.config.DataDirectory.ensure(dataDir);
      if (passphrase.isEmpty()) {
        LOG.warn(
            "DEVELOPMENT MODE: the key-encryption key in {} is NOT protected by a passphrase. "
                + "Anyone who can read the data directory can read stored content. "
                + "Set {} before storing real data.",
            file, PASSPHRASE_ENV);
      }
      return Files.exists(file) ? load(file, passphrase) : create(file, passphrase, params);
    } catch (IOException e) {
      throw new CryptoException("cannot access KEK keyset file " + file, e);
    }
  }

  /**
   * Protects a keyset made in development mode (no passphrase) with {@code passphrase}, keeping
   * every KEK version, so everything wrapped by it stays readable. The file is replaced
   * atomically, then read back with the passphrase before this returns.
   *
   * <p><b>Warning:</b> a gateway that runs in development mode on this data directory cannot
   * read the file afterwards; stop it first and start it with the passphrase.
   *
   * @return the number of KEK versions now protected
   * @throws IllegalStateException when there is no keyset file or it already has a passphrase
   */
  public static int addPassphrase(Path dataDir, SecretBytes passphrase, ScryptParams params) {
    TinkSupport.init();
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("there is no local KEK keyset in " + dataDir);
    }
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
      if (root != null && "scrypt".equals(root.path("kdf").asText())) {
        throw new IllegalStateException(
            "the local KEK keyset " + file + " is already protected by a passphrase");
      }
      LocalKeyProvider plain = load(file, Optional.empty());
      byte[] salt = SecretBytes.random(16).reveal(InsecureKeyAccess.get());
      LocalKeyProvider sealed =
          new LocalKeyProvider(file, derive(passphrase, salt, params), salt, params, plain.keyset);
      sealed.persist(plain.keyset);
      LocalKeyProvider check = load(file, Optional.of(passphrase));
      if (!check.versions().equals(plain.versions())) {
        throw new CryptoException("the protected KEK keyset " + file + " does not read back");
      }
      LOG.info("the local KEK keyset {} is now protected by a passphrase", file);
      return check.versions().size();
    } catch (IOException e) {
      throw new CryptoException("cannot access KEK keyset file " + file, e);
    }
  }

  /**
   * Reads the passphrase from {@value #PASSPHRASE_ENV} or from the file named by {@value
   * #PASSPHRASE_FILE_ENV} (trailing line breaks removed). Setting both is an error.
   */
  public static Optional<SecretBytes> passphraseFrom(Map<String, String> env) {
    String direct = env.get(PASSPHRASE_ENV);
    String fileName = env.get(PASSPHRASE_FILE_ENV);
    if (direct != null && !direct.isEmpty() && fileName != null && !fileName.isEmpty()) {
      throw new IllegalStateException(
          "set only one of " + PASSPHRASE_ENV + " and " + PASSPHRASE_FILE_ENV);
    }
    if (direct != null && !direct.isEmpty()) {
      return Optional.of(SecretBytes.copyOf(direct.getBytes(StandardCharsets.UTF_8)));
    }
    if (fileName != null && !fileName.isEmpty()) {
      try {
        byte[] b = Files.readAllBytes(Path.of(fileName));
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
          end--;
        }
        if (end == 0) {
          throw new IllegalStateException("KEK passphrase file " + fileName + " is empty");
        }
        SecretBytes s = SecretBytes.copyOf(java.util.Arrays.copyOf(b, end));
        SecretBytes.wipe(b);
        return Optional.of(s);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read KEK passphrase file " + fileName, e);
      }
    }
    return Optional.empty();
  }

  private static LocalKeyProvider create(
      Path file, Optional<SecretBytes> passphrase, ScryptParams params) throws IOException {
    KeysetHandle handle;
    try {
      handle =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate KEK", e);
    }
    byte[] salt = passphrase.isPresent() ? SecretBytes.random(16).reveal(InsecureKeyAccess.get()) : null;
    Aead fileAead = passphrase.map(p -> derive(p, salt, params)).orElse(null);
    LocalKeyProvider provider = new LocalKeyProvider(file, fileAead, salt, params, handle);
    provider.persist(handle);
    LOG.info("created local KEK keyset {}", file);
    return provider;
  }

  private static LocalKeyProvider load(Path file, Optional<SecretBytes> passphrase)
      throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new CryptoException("KEK keyset file " + file + " has an unknown format");
    }
    String kdf = root.path("kdf").asText();
    byte[] keysetBytes = Base64.getDecoder().decode(root.path("keyset").asText());
    try {
      if ("none".equals(kdf)) {
        if (passphrase.isPresent()) {
          throw new IllegalStateException(
              "KEK keyset file " + file + " was created in development mode without a passphrase;"
                  + " refusing to use it with a passphrase");
        }
        KeysetHandle h = TinkProtoKeysetFormat.parseKeyset(keysetBytes, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
        return new LocalKeyProvider(file, null, null, ScryptParams.DEFAULT, h);
      }
      if (!"scrypt".equals(kdf)) {
        throw new CryptoException("KEK keyset file " + file + " uses an unknown KDF");
      }
      if (passphrase.isEmpty()) {
        throw new IllegalStateException(
            "KEK keyset file " + file + " is passphrase-protected; set " + PASSPHRASE_ENV);
      }
      ScryptParams params =
          new ScryptParams(root.path("n").asInt(), root.path("r").asInt(), root.path("p").asInt());
      byte[] salt = Base64.getDecoder().decode(root.path("salt").asText());
      Aead fileAead = derive(passphrase.get(), salt, params);
      KeysetHandle h;
      try {
        h = TinkProtoKeysetFormat.parseEncryptedKeyset(keysetBytes, fileAead, FILE_AD, RegistryConfiguration.get());
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot decrypt KEK keyset " + file + ": wrong passphrase?", e);
      }
      return new LocalKeyProvider(file, fileAead, salt, params, h);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot read KEK keyset " + file, e);
    }
  }

  private static Aead derive(SecretBytes passphrase, byte[] salt, ScryptParams params) {
    byte[] p = passphrase.reveal(InsecureKeyAccess.get());
    byte[] key = SCrypt.generate(p, salt, params.n(), params.r(), params.p(), 32);
    try {
      return TinkSupport.rawAesGcm(key);
    } finally {
      SecretBytes.wipe(p);
      SecretBytes.wipe(key);
    }
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
    refreshIfChanged();
    byte[] plain = secret.reveal(InsecureKeyAccess.get());
    try {
      KeysetHandle h = keyset;
      byte[] ct = TinkSupport.aead(h).encrypt(plain, context.encoded());
      return new WrappedKey(versionId(h.getPrimary().getId()), ct);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("KEK wrap failed", e);
    } finally {
      SecretBytes.wipe(plain);
    }
  }

  @Override
  public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
    if (versions().stream().noneMatch(x -> x.id().equals(wrapped.kekVersion()))) {
      refreshIfChanged();
    }
    KekVersion v =
        versions().stream()
            .filter(x -> x.id().equals(wrapped.kekVersion()))
            .findFirst()
            .orElseThrow(() -> new CryptoException("unknown KEK version " + wrapped.kekVersion()));
    if (v.state() != KekVersion.State.ENABLED) {
      throw new CryptoException("KEK version " + v.id() + " is disabled");
    }
    try {
      byte[] plain = aead.decrypt(wrapped.ciphertext(), context.encoded());
      SecretBytes s = SecretBytes.copyOf(plain);
      SecretBytes.wipe(plain);
      return s;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("KEK unwrap failed (version " + v.id() + ")", e);
    }
  }

  @Override
  public synchronized KekVersion rotate() {
    try {
      KeysetHandle next =
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      install(next);
      KekVersion v = new KekVersion(versionId(next.getPrimary().getId()), KekVersion.State.ENABLED, true);
      LOG.info("rotated local KEK: new primary version {}", v.id());
      return v;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("KEK rotation failed", e);
    }
  }

  @Override
  public List<KekVersion> versions() {
    KeysetHandle h = keyset;
    List<KekVersion> out = new ArrayList<>(h.size());
    for (int i = 0; i < h.size(); i++) {
      KeysetHandle.Entry e = h.getAt(i);
      out.add(
          new KekVersion(
              versionId(e.getId()),
              e.getStatus() == KeyStatus.ENABLED ? KekVersion.State.ENABLED : KekVersion.State.DISABLED,
              e.isPrimary()));
    }
    return out;
  }

  @Override
  public synchronized void disable(String versionId) {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
    for (int i = 0; i < b.size(); i++) {
      KeysetHandle.Builder.Entry e = b.getAt(i);
      if (versionId(keyset.getAt(i).getId()).equals(versionId)) {
        if (e.isPrimary()) {
          throw new IllegalStateException("cannot disable the primary KEK version " + versionId);
        }
        e.setStatus(KeyStatus.DISABLED);
        try {
          install(b.build());
        } catch (GeneralSecurityException ex) {
          throw new CryptoException("cannot disable KEK version " + versionId, ex);
        }
        LOG.info("disabled local KEK version {}", versionId);
        return;
      }
    }
    throw new IllegalArgumentException("unknown KEK version " + versionId);
  }

  private void install(KeysetHandle next) {
    persist(next);
    keyset = next;
    aead = TinkSupport.aead(next);
  }

  /**
   * Re-reads the keyset file when another process ({@code veil kms rotate} while the gateway
   * runs) has changed it, so that new data keys are wrapped under the new primary version and
   * keys wrapped by it can be opened, without a restart. Costs one file stat per wrap, and wraps
   * happen once per data key.
   */
  private void refreshIfChanged() {
    FileTime now = modified(file);
    if (now == null || now.equals(seen)) {
      return;
    }
    synchronized (this) {
      if (now.equals(seen)) {
        return;
      }
      try {
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        byte[] body = Base64.getDecoder().decode(root.path("keyset").asText());
        KeysetHandle h = fileAead == null
            ? TinkProtoKeysetFormat.parseKeyset(body, InsecureSecretKeyAccess.get(),
                RegistryConfiguration.get())
            : TinkProtoKeysetFormat.parseEncryptedKeyset(body, fileAead, FILE_AD,
                RegistryConfiguration.get());
        keyset = h;
        aead = TinkSupport.aead(h);
        seen = now;
        LOG.info("reloaded the local KEK keyset {}: primary version {}", file,
            versionId(h.getPrimary().getId()));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new CryptoException("cannot reload KEK keyset file " + file, e);
      }
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  private void persist(KeysetHandle handle) {
    try {
      ObjectNode root = JSON.createObjectNode();
      root.put("format", FORMAT);
      byte[] body;
      if (fileAead == null) {
        root.put("kdf", "none");
        body = TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
      } else {
        root.put("kdf", "scrypt");
        root.put("n", params.n());
        root.put("r", params.r());
        root.put("p", params.p());
        root.put("salt", Base64.getEncoder().encodeToString(salt));
        body = TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, fileAead, FILE_AD, RegistryConfiguration.get());
      }
      root.put("keyset", Base64.getEncoder().encodeToString(body));
      SecretBytes.wipe(body);
      writeAtomically(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      seen = modified(file);
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot write KEK keyset file " + file, e);
    }
  }

  private void writeAtomically(byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: rely on the directory's permissions.
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String versionId(int tinkKeyId) {
    return "local-" + Integer.toUnsignedString(tinkKeyId, 16);
  }

  @Override
  public String toString() {
    return "LocalKeyProvider[" + file + "]";
  }
}
