package dev.veil.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local certificate authority Veil makes on first start, and the PEM loading for configured
 * certificates.
 *
 * <p>Files in {@code <data-dir>/tls/}: {@code ca.pem} (give this to clients), {@code ca-key.pem},
 * {@code server.pem} (server certificate followed by the CA) and {@code server-key.pem}. Keys are
 * ECDSA P-256, certificates are signed with SHA-256. The server certificate names {@code
 * localhost}, {@code 127.0.0.1} and {@code ::1} and is valid for 397 days; it is renewed from the
 * same CA when less than 30 days remain. The CA is valid for 10 years.
 *
 * <h2>Security</h2>
 * Private keys are written with owner-only permissions. The CA key can issue certificates that
 * every client trusting {@code ca.pem} accepts: keep the data directory private.
 */
public final class LocalCa {
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private LocalCa() {}

  /**
   * Loads the CA and server certificate from {@code tlsDir}, making (or renewing) what is
   * missing.
   */
  public static TlsMaterial ensure(Path tlsDir, Clock clock) throws IOException {
    try {
      dev.veil.config.DataDirectory.ensure(tlsDir);
      Path caPem = tlsDir.resolve("ca.pem");
      Path caKeyPem = tlsDir.resolve("ca-key.pem");
      Path serverPem = tlsDir.resolve("server.pem");
      Path serverKeyPem = tlsDir.resolve("server-key.pem");
      Instant now = clock.instant();
      X509Certificate ca;
      PrivateKey caKey;
      if (Files.exists(caPem) && Files.exists(caKeyPem)) {
        ca = readCertificates(caPem).get(0);
        caKey = readPrivateKey(caKeyPem);
      } else {
        KeyPair pair = newKeyPair();
        ca = caCertificate(pair, now);
        caKey = pair.getPrivate();
        writeAtomically(caKeyPem, pem(caKey), true);
        writeAtomically(caPem, pem(ca), false);
        Files.deleteIfExists(serverPem);
      }
      boolean renew = !Files.exists(serverPem) || !Files.exists(serverKeyPem);
      if (!renew) {
        X509Certificate current = readCertificates(serverPem).get(0);
        renew = current.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))
            || !current.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
      }
      if (renew) {
        KeyPair pair = newKeyPair();
        X509Certificate server = serverCertificate(pair, ca, caKey, now);
        writeAtomically(serverKeyPem, pem(pair.getPrivate()), true);
        writeAtomically(serverPem, pem(server) + pem(ca), false);
      }
      dev.veil.config.DataDirectory.publicReadable(caPem);
      TlsMaterial loaded = fromPem(serverPem, serverKeyPem);
      return new TlsMaterial(loaded.keyStore(), loaded.password(), caPem, fingerprint(ca));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make the local TLS certificate: " + e.getMessage(), e);
    }
  }

  /** Loads a configured PEM certificate chain and private key (PKCS#8, EC or RSA). */
  public static TlsMaterial fromPem(Path certFile, Path keyFile) throws IOException {
    try {
      List<X509Certificate> chain = readCertificates(certFile);
      if (chain.isEmpty()) {
        throw new IOException(certFile + " holds no PEM certificate");
      }
      PrivateKey key = readPrivateKey(keyFile);
      char[] password = randomPassword();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(TlsMaterial.ALIAS, key, password, chain.toArray(new Certificate[0]));
      return new TlsMaterial(ks, password, null, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the TLS certificate " + certFile + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** The SHA-256 fingerprint of {@code cert}, as colon-separated upper-case hex. */
  public static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  /** Reads every certificate in a PEM file. */
  public static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    }
    return out;
  }

  private static PrivateKey readPrivateKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    }
    throw new IOException(file + " holds no unencrypted PEM private key");
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return gen.generateKeyPair();
  }

  private static X509Certificate caCertificate(KeyPair pair, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name name = new X500Name("CN=Veil local CA " + now.getEpochSecond() + ",O=Veil");
    var builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(60)),
        Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false,
        ext.createSubjectKeyIdentifier(pair.getPublic()));
    return sign(builder, pair.getPrivate());
  }

  private static X509Certificate serverCertificate(KeyPair pair, X509Certificate ca,
      PrivateKey caKey, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    var builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minusSeconds(60)),
        Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=localhost,O=Veil"),
        pair.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
        new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")
        }));
    builder.addExtension(Extension.authorityKeyIdentifier, false,
        ext.createAuthorityKeyIdentifier(ca));
    builder.addExtension(Extension.subjectKeyIdentifier, false,
        ext.createSubjectKeyIdentifier(pair.getPublic()));
    return sign(builder, caKey);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static char[] randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return java.util.Base64.getEncoder().encodeToString(b).toCharArray();
  }

  private static String pem(Object o) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o instanceof PrivateKey pk
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pk, null) : o);
    }
    return sw.toString();
  }

  private static void writeAtomically(Path file, String content, boolean secret)
      throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp,
            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // Non-POSIX file systems keep their default permissions.
      }
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
