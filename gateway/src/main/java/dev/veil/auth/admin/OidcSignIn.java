package dev.veil.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256), a state that
 * is single-use and short-lived, a nonce, and ID tokens validated through the issuer's JWKS
 * (signature, issuer, audience, expiry, nonce). A claim of group names maps to a {@link Role}; the
 * most privileged mapped group wins, and a user with no mapped group is refused.
 *
 * <p>Endpoints come from the issuer's discovery document, whose {@code issuer} must equal the
 * configured one. The issuer must be {@code https}, except on a loopback address.
 *
 * <p><b>Warning:</b> pending sign-ins (state, nonce, PKCE verifier) are kept in this node's memory,
 * so the callback must reach the node that started the flow (sticky admin sessions).
 *
 * <p>Thread-safe.
 */
public final class OidcSignIn {

  /**
   * @param issuer the issuer identifier, exactly as in its ID tokens
   * @param clientId this gateway's client id, the required audience
   * @param clientSecret the client secret, or {@code null} for a public client
   * @param redirectUri the admin listener's callback URI, registered with the issuer
   * @param groupsClaim the claim holding group names, e.g. {@code groups}
   * @param groupRoles which group gives which role
   */
  public record Settings(
      URI issuer,
      String clientId,
      String clientSecret,
      URI redirectUri,
      String groupsClaim,
      Map<String, Role> groupRoles) {

    @Override
    public String toString() {
      return "OidcSignIn.Settings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
          + (clientSecret == null ? "none" : "██") + "]";
    }
  }

  /** Where to send the browser to start signing in. */
  public record Start(URI authorizationUri, String state) {}

  /** A user the issuer vouched for, with the role its groups map to. */
  public record Identity(String issuer, String subject, Role role) {}

  private static final Duration PENDING_TTL = Duration.ofMinutes(10);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Pending(String nonce, String verifier, long expiresAt) {}

  private final Settings settings;
  private final HttpClient http;
  private final Clock clock;
  private final URI authorizationEndpoint;
  private final URI tokenEndpoint;
  private final JWKSource<SecurityContext> keys;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * Reads the issuer's discovery document.
   *
   * @throws IOException if it cannot be fetched or does not describe this issuer
   */
  public OidcSignIn(Settings settings, HttpClient http, Clock clock)
      throws IOException, InterruptedException {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    requireSecure(settings.issuer());
    String base = settings.issuer().toString().replaceAll("/+$", "");
    JsonNode discovery = getJson(URI.create(base + "/.well-known/openid-configuration"));
    if (!settings.issuer().toString().equals(discovery.path("issuer").asText())) {
      throw new IOException("the discovery document names a different issuer");
    }
    this.authorizationEndpoint = requireSecure(URI.create(discovery.path("authorization_endpoint").asText()));
    this.tokenEndpoint = requireSecure(URI.create(discovery.path("token_endpoint").asText()));
    URI jwks = requireSecure(URI.create(discovery.path("jwks_uri").asText()));
    this.keys = JWKSourceBuilder.<SecurityContext>create(jwks.toURL()).retrying(false).build();
  }

  /** Begins a sign-in: a fresh state, nonce and PKCE verifier, remembered for ten minutes. */
  public Start start() {
    long now = clock.millis();
    pending.values().removeIf(p -> p.expiresAt <= now);
    String state = random();
    String nonce = random();
    String verifier = random() + random();
    pending.put(state, new Pending(nonce, verifier, now + PENDING_TTL.toMillis()));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", settings.redirectUri().toString());
    query.put("scope", "openid profile " + settings.groupsClaim());
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", s256(verifier));
    query.put("code_challenge_method", "S256");
    return new Start(URI.create(authorizationEndpoint + "?" + form(query)), state);
  }

  /**
   * Completes a sign-in from the callback's {@code state} and {@code code}: exchanges the code
   * with the PKCE verifier and validates the ID token.
   *
   * @return empty if the state is unknown, used or expired, the exchange fails, the ID token is
   *     invalid in any way, or no group maps to a role
   */
  public Optional<Identity> finish(String state, String code) throws InterruptedException {
    Pending p = state == null ? null : pending.remove(state);
    if (p == null || p.expiresAt <= clock.millis() || code == null) {
      return Optional.empty();
    }
    try {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("grant_type", "authorization_code");
      body.put("code", code);
      body.put("redirect_uri", settings.redirectUri().toString());
      body.put("client_id", settings.clientId());
      body.put("code_verifier", p.verifier);
      if (settings.clientSecret() != null) {
        body.put("client_secret", settings.clientSecret());
      }
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(tokenEndpoint)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(form(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      String idToken = JSON.readTree(response.body()).path("id_token").asText("");
      JWTClaimsSet claims = validate(idToken, p.nonce);
      return role(claims).map(role -> new Identity(claims.getIssuer(), claims.getSubject(), role));
    } catch (IOException | ParseException | BadJOSEException | JOSEException e) {
      return Optional.empty();
    }
  }

  private JWTClaimsSet validate(String idToken, String nonce)
      throws ParseException, BadJOSEException, JOSEException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(settings.clientId()),
            new JWTClaimsSet.Builder()
                .issuer(settings.issuer().toString())
                .claim("nonce", nonce)
                .build(),
            Set.of("sub", "exp", "iat", "aud"),
            Set.of()));
    return processor.process(idToken, null);
  }

  private Optional<Role> role(JWTClaimsSet claims) {
    Object value = claims.getClaim(settings.groupsClaim());
    List<String> groups = value instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : value instanceof String single ? List.of(single) : List.of();
    return groups.stream()
        .map(settings.groupRoles()::get)
        .filter(java.util.Objects::nonNull)
        .min(Enum::compareTo);
  }

  private JsonNode getJson(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private static URI requireSecure(URI uri) {
    String host = uri.getHost();
    boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
      throw new IllegalArgumentException("OpenID Connect endpoints must use https: " + uri);
    }
    return uri;
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
