package dev.veil.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test double of the gateway's command line, to exercise {@link GatewayProcess} and the TLS path
 * of the driver: {@code keys create} prints a new key, {@code serve} makes a CA at {@code
 * tls/ca.pem}, serves {@code /healthz} on the admin port and relays chat requests with a known key
 * to the configured {@code base_url}, both over TLS. It applies no guard at all.
 */
public final class StandInGateway {

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("keys") && args[1].equals("create")) {
      Path data = Path.of(option(args, "--data-dir"));
      Files.createDirectories(data);
      String key = "sk-veil-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      Files.writeString(data.resolve("keys"), key + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.println(key);
      return;
    }
    if (args.length >= 1 && args[0].equals("serve")) {
      serve(Path.of(option(args, "--data-dir")), Path.of(option(args, "--config")),
          option(args, "--listen"), option(args, "--admin-listen"));
      return;
    }
    System.err.println("usage: serve ... | keys create ...");
    System.exit(2);
  }

  private static void serve(Path data, Path config, String listen, String adminListen) throws Exception {
    String baseUrl = Files.readAllLines(config).stream().map(String::trim)
        .filter(l -> l.startsWith("base_url:")).map(l -> l.substring(9).trim()).findFirst().orElseThrow();
    SSLContext tls = makeTls(data.resolve("tls"));
    HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpsServer admin = HttpsServer.create(address(adminListen), 64);
    admin.setHttpsConfigurator(new HttpsConfigurator(tls));
    admin.createContext("/healthz", exchange -> respond(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8)));
    admin.start();

    HttpsServer api = HttpsServer.create(address(listen), 1024);
    api.setHttpsConfigurator(new HttpsConfigurator(tls));
    api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    api.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")
            || !Files.readAllLines(data.resolve("keys")).contains(auth.substring(7))) {
          respond(exchange, 401, "{\"error\":{\"message\":\"bad key\"}}".getBytes(StandardCharsets.UTF_8));
          return;
        }
        HttpResponse<InputStream> answer = upstream.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        exchange.getResponseHeaders().set("Content-Type",
            answer.headers().firstValue("Content-Type").orElse("application/json"));
        exchange.sendResponseHeaders(answer.statusCode(), 0);
        try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    api.start();
  }

  private static SSLContext makeTls(Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair caKeys = generator.generateKeyPair();
    KeyPair serverKeys = generator.generateKeyPair();
    Date from = new Date(System.currentTimeMillis() - 60_000);
    Date to = new Date(System.currentTimeMillis() + 86_400_000);
    X500Name caName = new X500Name("CN=stand-in CA");
    X509Certificate ca = new JcaX509CertificateConverter().getCertificate(
        new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName, caKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    X509Certificate server = new JcaX509CertificateConverter().getCertificate(
        new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, from, to, new X500Name("CN=127.0.0.1"),
            serverKeys.getPublic())
            .addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new Certificate[] {server, ca});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    Files.createDirectories(dir);
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(ca);
    }
    Files.writeString(dir.resolve("ca.pem"), pem.toString());
    return context;
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String option(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }
}
