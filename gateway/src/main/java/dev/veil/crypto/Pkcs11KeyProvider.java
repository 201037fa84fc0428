package dev.veil.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pkcs11} key provider: KEK versions are AES-256 keys inside an HSM, used through Java's
 * SunPKCS11 provider with {@code CKM_AES_GCM}. The keys never leave the HSM; wrapping sends the data
 * key in and gets ciphertext back.
 *
 * <p>Version {@code n} is the token secret key with label {@code <prefix>-<n>}; the highest present
 * version is primary. {@link #open} creates version 1 when the token has none.
 *
 * <p><b>Warning:</b> {@link #disable(String)} <em>destroys</em> the key in the HSM (PKCS#11 offers
 * no portable reversible disable through JCA). Run {@link KekRotation} first; {@link
 * KekRotation#disableRetiredVersions} only destroys versions that no wrapped key references.
 */
public final class Pkcs11KeyProvider implements KeyProvider {
  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11KeyProvider.class);
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

  private final Provider provider;
  private final KeyStore keyStore;
  private final String prefix;
  private final SecureRandom random = new SecureRandom();

  private Pkcs11KeyProvider(Provider provider, KeyStore keyStore, String prefix) {
    this.provider = provider;
    this.keyStore = keyStore;
    this.prefix = prefix;
  }

  /**
   * Logs in to the token and loads its KEK versions.
   *
   * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
   * @param slotListIndex index of the token's slot in the module's slot list
   * @param pin the user PIN
   * @param labelPrefix label prefix of the KEK versions, e.g. {@code veil-kek}
   */
  public static Pkcs11KeyProvider open(Path library, int slotListIndex, SecretBytes pin, String labelPrefix) {
    Objects.requireNonNull(pin, "pin");
    if (labelPrefix == null || !labelPrefix.matches("[A-Za-z0-9_.-]{1,40}")) {
      throw new IllegalArgumentException("label prefix must be 1-40 of [A-Za-z0-9_.-], was '" + labelPrefix + "'");
    }
    if (!Files.isReadable(library)) {
      throw new CryptoException("PKCS#11 library not found: " + library);
    }
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new CryptoException("this JDK has no SunPKCS11 provider");
    }
    String config =
        "--name=veil-" + INSTANCES.incrementAndGet() + "\n"
            + "library=" + library.toAbsolutePath() + "\n"
            + "slotListIndex=" + slotListIndex + "\n";
    char[] chars = null;
    try {
      Provider p = base.configure(config);
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      byte[] raw = pin.reveal(InsecureKeyAccess.get());
      chars = new String(raw, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
      SecretBytes.wipe(raw);
      ks.load(null, chars);
      Pkcs11KeyProvider kp = new Pkcs11KeyProvider(p, ks, labelPrefix);
      if (kp.numbers().isEmpty()) {
        kp.rotate();
      }
      return kp;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new CryptoException("cannot open PKCS#11 token (slot index " + slotListIndex + ")", e);
    } finally {
      if (chars != null) {
        java.util.Arrays.fill(chars, '\0');
      }
    }
  }

  @Override
  public String name() {
    return "pkcs11";
  }

  @Override
  public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
    String version = primaryVersion();
    byte[] plain = secret.reveal(InsecureKeyAccess.get());
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.ENCRYPT_MODE, key(version), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(context.encoded());
      byte[] ct = c.doFinal(plain);
      return new WrappedKey(version, ByteBuffer.allocate(IV_BYTES + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("HSM wrap failed (version " + version + ")", e);
    } finally {
      SecretBytes.wipe(plain);
    }
  }

  @Override
  public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
    byte[] blob = wrapped.ciphertext();
    if (blob.length <= IV_BYTES + TAG_BITS / 8) {
      throw new CryptoException("wrapped key too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.DECRYPT_MODE, key(wrapped.kekVersion()), new GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES));
      c.updateAAD(context.encoded());
      byte[] plain = c.doFinal(blob, IV_BYTES, blob.length - IV_BYTES);
      SecretBytes s = SecretBytes.copyOf(plain);
      SecretBytes.wipe(plain);
      return s;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("HSM unwrap failed (version " + wrapped.kekVersion() + ")", e);
    }
  }

  @Override
  public synchronized KekVersion rotate() {
    List<Integer> existing = numbers();
    int next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
    try {
      KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
      gen.init(256);
      SecretKey k = gen.generateKey();
      keyStore.setEntry(alias(next), new KeyStore.SecretKeyEntry(k), null);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot create KEK version " + alias(next) + " in the HSM", e);
    }
    LOG.info("created HSM KEK version {}", alias(next));
    return new KekVersion(alias(next), KekVersion.State.ENABLED, true);
  }

  @Override
  public List<KekVersion> versions() {
    List<Integer> n = numbers();
    List<KekVersion> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(new KekVersion(alias(n.get(i)), KekVersion.State.ENABLED, i == n.size() - 1));
    }
    return out;
  }

  @Override
  public synchronized void disable(String versionId) {
    if (versionId.equals(primaryVersion())) {
      throw new IllegalStateException("cannot disable the primary KEK version " + versionId);
    }
    try {
      if (!keyStore.containsAlias(versionId)) {
        throw new IllegalArgumentException("unknown KEK version " + versionId);
      }
      keyStore.deleteEntry(versionId);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot destroy KEK version " + versionId + " in the HSM", e);
    }
    LOG.info("destroyed HSM KEK version {}", versionId);
  }

  private SecretKey key(String version) throws GeneralSecurityException {
    if (!keyStore.isKeyEntry(version)) {
      throw new CryptoException("KEK version " + version + " is not in the HSM (destroyed or unknown)");
    }
    return (SecretKey) keyStore.getKey(version, null);
  }

  private List<Integer> numbers() {
    try {
      List<Integer> out = new ArrayList<>();
      for (String a : Collections.list(keyStore.aliases())) {
        if (a.startsWith(prefix + "-")) {
          try {
            out.add(Integer.parseInt(a.substring(prefix.length() + 1)));
          } catch (NumberFormatException ignored) {
            // Some other object whose label shares our prefix: not a KEK version.
          }
        }
      }
      out.sort(Comparator.naturalOrder());
      return out;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot list HSM keys", e);
    }
  }

  private String alias(int n) {
    return prefix + "-" + n;
  }

  @Override
  public String toString() {
    return "Pkcs11KeyProvider[" + prefix + "]";
  }
}
