package dev.veil.auth.admin;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect issuer for tests: discovery, JWKS and a token endpoint that checks the
 * PKCE verifier. The authorization step is {@link #approve}, standing in for the user's browser.
 */
final class TestIssuer implements AutoCloseable {

  /** Ways to spoil the next ID token. */
  enum Tamper { NONE, WRONG_AUDIENCE, WRONG_ISSUER, WRONG_NONCE, EXPIRED, OTHER_KEY }

  private record Grant(String clientId, String redirectUri, String challenge, String nonce,
      String subject, List<String> groups) {}

  final String clientId = "veil-admin";
  final String clientSecret = "issuer-test-secret";
  volatile Tamper tamper = Tamper.NONE;

  private final HttpServer server;
  private final RSAKey key;
  private final RSAKey otherKey;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final String issuer;

  TestIssuer() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", ex -> send(ex, 200,
        "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
            + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
    server.createContext("/jwks", ex -> send(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/token", this::token);
    server.start();
  }

  URI issuer() {
    return URI.create(issuer);
  }

  /** The user signs in at the issuer and consents: returns the code for the callback. */
  String approve(URI authorizationUri, String subject, List<String> groups) {
    Map<String, String> q = parse(authorizationUri.getRawQuery());
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"),
        q.get("nonce"), subject, groups));
    return code;
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form =
        parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant grant = codes.remove(form.getOrDefault("code", ""));
    if (grant == null
        || !"authorization_code".equals(form.get("grant_type"))
        || !clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))
        || !grant.redirectUri().equals(form.get("redirect_uri"))
        || !OidcSignIn.s256(form.getOrDefault("code_verifier", "")).equals(grant.challenge())) {
      send(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    try {
      long now = System.currentTimeMillis();
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .issuer(tamper == Tamper.WRONG_ISSUER ? issuer + "/other" : issuer)
          .subject(grant.subject())
          .audience(tamper == Tamper.WRONG_AUDIENCE ? "someone-else" : clientId)
          .issueTime(new Date(now - 1000))
          .expirationTime(new Date(tamper == Tamper.EXPIRED ? now - 600_000 : now + 300_000))
          .claim("nonce", tamper == Tamper.WRONG_NONCE ? "not-the-nonce" : grant.nonce())
          .claim("groups", grant.groups())
          .build();
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
          claims);
      jwt.sign(new RSASSASigner(tamper == Tamper.OTHER_KEY ? otherKey : key));
      send(ex, 200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\""
          + jwt.serialize() + "\"}");
    } catch (Exception e) {
      send(ex, 500, "{}");
    }
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> out = new HashMap<>();
    if (query == null) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
