package dev.veil.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Keeps the tree-head signing key as PEM files in the data directory: {@value #PRIVATE_FILE}
 * (PKCS#8, readable by the owner only) and {@value #PUBLIC_FILE} (SubjectPublicKeyInfo). The key
 * is generated on first use.
 *
 * <p>The private file holds both PEM blocks, the private key followed by its public key, since the
 * JDK cannot derive an Ed25519 public key from a private one.
 *
 * <p><b>Warning:</b> the private key file is plaintext; protect the data directory accordingly.
 * Gateway nodes that share one database must share this key too (same file in each data
 * directory), or their tree heads will not verify under one public key.
 */
public final class FileSigningKeySource implements SigningKeySource {

  public static final String PRIVATE_FILE = "audit-signing-key.pem";
  public static final String PUBLIC_FILE = "audit-public-key.pem";

  private final Path dataDir;
  private volatile KeyPair cached;

  public FileSigningKeySource(Path dataDir) {
    this.dataDir = dataDir;
  }

  @Override
  public KeyPair keyPair() {
    KeyPair keys = cached;
    if (keys == null) {
      synchronized (this) {
        if (cached == null) {
          cached = loadOrCreate();
        }
        keys = cached;
      }
    }
    return keys;
  }

  private KeyPair loadOrCreate() {
    Path privateFile = dataDir.resolve(PRIVATE_FILE);
    Path publicFile = dataDir.resolve(PUBLIC_FILE);
    try {
      if (!Files.exists(privateFile)) {
        create(privateFile);
      }
      String both = Files.readString(privateFile, StandardCharsets.US_ASCII);
      PrivateKey privateKey = Pem.parsePrivateKey(both);
      PublicKey publicKey = Pem.parsePublicKey(both);
      String publicPem = Pem.publicKey(publicKey);
      if (!Files.exists(publicFile)
          || !Files.readString(publicFile, StandardCharsets.US_ASCII).equals(publicPem)) {
        Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
      }
      return new KeyPair(publicKey, privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit signing key", e);
    }
  }

  private void create(Path privateFile) throws IOException {
    KeyPair fresh;
    try {
      fresh = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
    dev.veil.config.DataDirectory.ensure(dataDir);
    Path temp = Files.createTempFile(dataDir, ".audit-key", ".tmp");
    try {
      if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(
          temp,
          Pem.privateKey(fresh.getPrivate()) + Pem.publicKey(fresh.getPublic()),
          StandardCharsets.US_ASCII);
      // Another process may have created the key meanwhile; theirs wins so nodes agree.
      Files.move(temp, privateFile);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
