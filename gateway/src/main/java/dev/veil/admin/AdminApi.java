package dev.veil.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditAppender;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditQueueFullException;
import dev.veil.audit.SignedTreeHead;
import dev.veil.auth.ApiKeys;
import dev.veil.auth.admin.AccessDeniedException;
import dev.veil.auth.admin.AdminAccounts;
import dev.veil.auth.admin.AdminPrincipal;
import dev.veil.auth.admin.BreakGlass;
import dev.veil.auth.admin.OidcSignIn;
import dev.veil.auth.admin.Permission;
import dev.veil.auth.admin.Role;
import dev.veil.auth.admin.SessionToken;
import dev.veil.auth.admin.SignInResult;
import dev.veil.consent.ConsentEntry;
import dev.veil.consent.ConsentState;
import dev.veil.consent.ConsentSubject;
import dev.veil.crypto.KeyDestroyedException;
import dev.veil.retention.OpenedRecord;
import dev.veil.retention.RetentionRun;
import dev.veil.retention.StoredRecord;
import dev.veil.policy.Policies;
import dev.veil.limits.LimitsConfig;
import dev.veil.limits.Spending;
import dev.veil.policy.Policy;
import dev.veil.store.ApiKeyRecord;
import dev.veil.config.ConfigException;
import dev.veil.config.VeilConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on the admin listener, under {@value #BASE}. JSON in and out.
 *
 * <p>Sign-in: {@code POST /sign-in} with {@code name}, {@code password} and (once enrolled) {@code
 * code}, a TOTP or recovery code. A user without a second factor gets an enrolment token and an
 * {@code otpauth://} URI instead of a session; {@code POST /sign-in/enroll} with that token and a
 * code from the authenticator finishes enrolment and returns a session and the recovery codes,
 * each shown only in that response. Sessions are short-lived bearer tokens ({@code Authorization:
 * Bearer ...}).
 *
 * <p>Every other endpoint needs a session whose role has the endpoint's permission ({@link
 * dev.veil.auth.admin.Role}): 401 without a live session, 403 without the permission. A developer
 * (only {@link Permission#API_KEYS_MANAGE_OWN}) sees and manages only the keys whose owner is
 * itself; the keys it creates are its own, named {@code <user>.<name>} so that names stay apart,
 * with the default policy and no team.
 *
 * <p>Bodies are JSON objects of at most {@value #MAX_BODY} bytes, sent with {@code Content-Type:
 * application/json} (415 otherwise, 413 when larger).
 *
 * <h2>Security</h2>
 * Stored content is returned only by {@code POST /records/{id}/content} through {@link BreakGlass}
 * (permitted role, a reason, an audit event). Changes (users, keys, consent, retention, tree heads)
 * are audit events, committed before the response is sent; if the audit log cannot take them the
 * request fails. Error messages never carry passwords, codes, tokens or content.
 */
public final class AdminApi {
  /** Path prefix of every admin API endpoint. */
  public static final String BASE = "/admin/v1";

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration AUDIT_WAIT = Duration.ofSeconds(5);
  private static final int MAX_RECORDS = 1000;
  private static final int MAX_BODY = 64 * 1024;

  private final Operations ops;
  private final ApiKeys keys;
  private final AuditAppender audit;
  private final AdminAccounts accounts;
  private final BreakGlass breakGlass;
  private final OidcSignIn sso;
  private final Policies policies;
  /** The budgets that spending is shown against, read once. */
  private final LimitsConfig limits;

  /**
   * @param keys the gateway's API keys (sharing its cache, so revocations apply at once)
   * @param audit where admin events go; each is awaited until committed
   * @param sso single sign-on, or {@code null} when none is configured ({@link #sso})
   */
  public AdminApi(Operations ops, ApiKeys keys, AuditAppender audit, OidcSignIn sso) {
    this.ops = ops;
    this.keys = keys;
    this.audit = audit;
    this.sso = sso;
    // AdminAccounts emits events inside its own transaction, so they are only enqueued: waiting
    // for the commit there would wait on that transaction's lock (SQLite). A full queue still
    // throws, and the action fails.
    this.accounts = ops.adminAccounts(audit::append);
    this.breakGlass = new BreakGlass(this::record, ops.clock());
    this.policies = Policies.parse(ops.config().raw().get("policies"));
    this.limits = LimitsConfig.of(ops.config());
  }

  /** Adds the admin API's routes to a listener's configuration. */
  public static void install(JavalinConfig c, AdminApi api) {
    c.routes.post(BASE + "/sign-in", api.open(api::signIn));
    c.routes.post(BASE + "/sign-in/enroll", api.open(api::enroll));
    c.routes.post(BASE + "/sign-out", api.secured(Set.of(), api::signOut));
    c.routes.get(BASE + "/sso/start", api.open(api::ssoStart));
    c.routes.get(BASE + "/sso/callback", api.open(api::ssoCallback));
    c.routes.get(BASE + "/me", api.secured(Set.of(), (ctx, who) -> fields(
        "user", who.name(), "role", who.role().wireName(),
        "permissions", who.role().permissions().stream().map(p -> p.name().toLowerCase()).sorted()
            .toList())));
    c.routes.get(BASE + "/users", api.secured(Set.of(Permission.USERS_READ), api::users));
    c.routes.post(BASE + "/users", api.secured(Set.of(Permission.USERS_MANAGE), api::addUser));
    Set<Permission> keyPerms = Set.of(Permission.API_KEYS_READ_ALL,
        Permission.API_KEYS_MANAGE_ALL, Permission.API_KEYS_MANAGE_OWN);
    Set<Permission> keyManage = Set.of(Permission.API_KEYS_MANAGE_ALL,
        Permission.API_KEYS_MANAGE_OWN);
    c.routes.get(BASE + "/keys", api.secured(keyPerms, api::listKeys));
    c.routes.post(BASE + "/keys", api.secured(keyManage, api::createKey));
    c.routes.delete(BASE + "/keys/{name}", api.secured(keyManage, api::revokeKey));
    c.routes.patch(BASE + "/keys/{name}",
        api.secured(Set.of(Permission.API_KEYS_MANAGE_ALL), api::changeKey));
    c.routes.get(BASE + "/policies", api.secured(Set.of(Permission.POLICIES_READ),
        (ctx, who) -> {
          JsonNode p = api.ops.config().raw().get("policies");
          return fields("policies", p == null ? JSON.createArrayNode() : p);
        }));
    c.routes.post(BASE + "/consent/lookup",
        api.secured(Set.of(Permission.CONSENT_READ), api::consentLookup));
    c.routes.post(BASE + "/consent",
        api.secured(Set.of(Permission.CONSENT_MANAGE), api::consentSet));
    c.routes.get(BASE + "/records",
        api.secured(Set.of(Permission.RECORDS_METADATA_READ), api::records));
    c.routes.get(BASE + "/records/{id}",
        api.secured(Set.of(Permission.RECORDS_METADATA_READ), api::recordMeta));
    // BreakGlass checks CONTENT_READ_BREAK_GLASS itself, so that refused attempts are audited too.
    c.routes.post(BASE + "/records/{id}/content", api.secured(Set.of(), api::recordContent));
    c.routes.get(BASE + "/audit/verify", api.secured(Set.of(Permission.AUDIT_READ),
        (ctx, who) -> raw(api.ops.auditLog().verify().toJson())));
    c.routes.get(BASE + "/audit/tree-heads", api.secured(Set.of(Permission.AUDIT_READ),
        (ctx, who) -> raw("[" + String.join(",", api.ops.auditLog().treeHeads().stream()
            .map(SignedTreeHead::toJson).toList()) + "]")));
    c.routes.post(BASE + "/audit/tree-heads", api.secured(Set.of(Permission.AUDIT_EXPORT),
        (ctx, who) -> raw(api.ops.auditLog().issueTreeHead().toJson())));
    c.routes.get(BASE + "/audit/proofs/inclusion", api.secured(Set.of(Permission.AUDIT_READ),
        (ctx, who) -> raw(api.ops.auditLog().prove(longParam(ctx, "index")).toJson())));
    c.routes.get(BASE + "/audit/proofs/consistency", api.secured(Set.of(Permission.AUDIT_READ),
        (ctx, who) -> raw(api.ops.auditLog().consistency(longParam(ctx, "from"),
            longParam(ctx, "to")).toJson())));
    c.routes.post(BASE + "/retention/run",
        api.secured(Set.of(Permission.RETENTION_RUN), api::retentionRun));
  }

  /** An action behind authentication. */
  @FunctionalInterface
  private interface Action {
    Object handle(Context ctx, AdminPrincipal who) throws Exception;
  }

  /** An action open to anyone (sign-in). */
  @FunctionalInterface
  private interface OpenAction {
    Object handle(Context ctx) throws Exception;
  }

  /** JSON text that is sent as it is. */
  private record Raw(String json) {}

  /** A response with a status other than 200. */
  private record Status(int code, Object body) {}

  private static final class HttpProblem extends RuntimeException {
    final int status;

    HttpProblem(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private Handler open(OpenAction action) {
    return ctx -> respond(ctx, () -> action.handle(ctx));
  }

  private Handler secured(Set<Permission> anyOf, Action action) {
    return ctx -> respond(ctx, () -> {
      AdminPrincipal who = authenticate(ctx).orElseThrow(() -> {
        ctx.header("WWW-Authenticate", "Bearer");
        return new HttpProblem(401, "a live admin session is required");
      });
      if (!anyOf.isEmpty() && anyOf.stream().noneMatch(who.role()::allows)) {
        throw new HttpProblem(403, "role " + who.role().wireName() + " may not do this");
      }
      return action.handle(ctx, who);
    });
  }

  @FunctionalInterface
  private interface Body {
    Object get() throws Exception;
  }

  private static void respond(Context ctx, Body body) {
    ctx.contentType("application/json");
    ctx.header("Cache-Control", "no-store");
    try {
      Object result = body.get();
      int status = 200;
      if (result instanceof Status s) {
        status = s.code();
        result = s.body();
      }
      ctx.status(status).result(result instanceof Raw r ? r.json()
          : JSON.writeValueAsString(result));
    } catch (HttpProblem e) {
      error(ctx, e.status, e.getMessage());
    } catch (AccessDeniedException e) {
      error(ctx, 403, "this role may not do this");
    } catch (JsonProcessingException e) {
      error(ctx, 400, "the body is not valid JSON");
    } catch (KeyDestroyedException e) {
      error(ctx, 410, "the record's retention has ended; its content was destroyed");
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
    } catch (AuditQueueFullException | AuditUnavailable e) {
      LOG.error("admin action refused: the audit log did not take its event ({})",
          e.getClass().getSimpleName());
      error(ctx, 503, "the audit log is not accepting events; try again");
    } catch (Exception e) {
      LOG.error("admin API failure: {}", e.getClass().getName());
      error(ctx, 500, "internal error");
    }
  }

  private static void error(Context ctx, int status, String message) {
    try {
      ctx.status(status).result(JSON.writeValueAsString(Map.of("error", Map.of("message",
          message == null ? "error" : message))));
    } catch (JsonProcessingException e) {
      ctx.status(500).result("{\"error\":{\"message\":\"internal error\"}}");
    }
  }

  private static final class AuditUnavailable extends RuntimeException {
    AuditUnavailable(Throwable cause) {
      super("audit event not committed", cause);
    }
  }

  /** Commits an event before the action proceeds, so nothing happens unaudited. */
  private void record(AuditEvent event) {
    try {
      audit.append(event).get(AUDIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditUnavailable(e);
    } catch (ExecutionException | TimeoutException | IllegalStateException e) {
      throw new AuditUnavailable(e);
    }
  }

  private Optional<AdminPrincipal> authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).strip();
    if (token.isEmpty() || token.length() > 200) {
      return Optional.empty();
    }
    return accounts.authenticate(new SessionToken(token));
  }

  /** The request's JSON object, read no further than {@value #MAX_BODY} bytes. */
  private static JsonNode body(Context ctx) throws IOException {
    String type = ctx.header("Content-Type");
    if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
      throw new HttpProblem(415, "the body must be JSON, sent with Content-Type: application/json");
    }
    if (ctx.req().getContentLengthLong() > MAX_BODY) {
      throw new HttpProblem(413, "the body is larger than " + MAX_BODY + " bytes");
    }
    byte[] bytes = ctx.req().getInputStream().readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new HttpProblem(413, "the body is larger than " + MAX_BODY + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    JsonNode n = JSON.readTree(text.isBlank() ? "{}" : text);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return n;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' is required (a string)");
    }
    return v.asText();
  }

  /** A field that may be absent or null; when present, a non-empty string. */
  private static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : text(body, field);
  }

  private static long longParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    try {
      return Long.parseLong(v == null ? "" : v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer");
    }
  }

  private static Raw raw(String json) {
    return new Raw(json);
  }

  private static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private Object signIn(Context ctx) throws Exception {
    JsonNode b = body(ctx);
    String code = b.hasNonNull("code") ? b.get("code").asText() : null;
    SignInResult r = accounts.signIn(text(b, "name"), text(b, "password").toCharArray(), code,
        ctx.ip());
    return switch (r) {
      case SignInResult.Session s -> session(s);
      case SignInResult.EnrollmentRequired e -> {
        SignInResult.Enrollment en = accounts.beginEnrollment(e.enrollmentToken());
        yield fields("status", "enrollment_required", "enrollment_token",
            e.enrollmentToken().value(), "expires_at", e.expiresAt().toString(),
            "otpauth_uri", en.otpauthUri());
      }
      case SignInResult.Refused f -> {
        if (f.reason() == SignInResult.Reason.INVALID_CREDENTIALS) {
          throw new HttpProblem(401, "sign-in refused");
        }
        ctx.header("Retry-After", Long.toString(retryAfterSeconds(f.retryAfter())));
        throw new HttpProblem(429, f.reason() == SignInResult.Reason.LOCKED
            ? "locked out after repeated failures; try again later"
            : "too many failed sign-ins; wait before trying again");
      }
    };
  }

  /** Whole seconds, rounded up: a client that waits that long is not refused again. */
  static long retryAfterSeconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }

  private Object enroll(Context ctx) throws Exception {
    JsonNode b = body(ctx);
    SessionToken token = new SessionToken(text(b, "enrollment_token"));
    Optional<SignInResult.Enrolled> done;
    try {
      done = accounts.completeEnrollment(token, text(b, "code"), ctx.ip());
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(401, "the enrolment token is not valid");
    }
    SignInResult.Enrolled en = done.orElseThrow(
        () -> new HttpProblem(401, "the code does not match; try again"));
    Map<String, Object> out = session(en.session());
    out.put("recovery_codes", en.recoveryCodes());
    return out;
  }

  /**
   * Single sign-on from the {@code admin.oidc} section, or {@code null} when there is none:
   *
   * <pre>{@code
   * admin:
   *   oidc:
   *     issuer: https://login.example.com
   *     client_id: veil-admin
   *     client_secret_env: VEIL_OIDC_SECRET     # by reference only; omit for a public client
   *     redirect_uri: https://veil.example.com:9443/admin/v1/sso/callback
   *     groups_claim: groups
   *     group_roles: {veil-owners: owner, veil-auditors: auditor}
   * }</pre>
   *
   * @throws IOException if the issuer's discovery document cannot be read
   */
  public static OidcSignIn sso(VeilConfig config, Map<String, String> env, Clock clock)
      throws IOException {
    JsonNode o = config.raw().path("admin").path("oidc");
    if (o.isMissingNode() || o.isNull()) {
      return null;
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    o.path("group_roles").fields().forEachRemaining(e -> {
      try {
        roles.put(e.getKey(), Role.parse(e.getValue().asText()));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(config.source(), "admin.oidc.group_roles." + e.getKey(),
            ex.getMessage(), "map each group to owner, admin, auditor or developer");
      }
    });
    String secretEnv = o.path("client_secret_env").asText(null);
    String secret = secretEnv == null ? null : env.get(secretEnv);
    if (secretEnv != null && secret == null) {
      throw new ConfigException(config.source(), "admin.oidc.client_secret_env",
          "environment variable " + secretEnv + " is not set", "export it, or remove the key");
    }
    for (String key : List.of("issuer", "client_id", "redirect_uri")) {
      if (o.path(key).asText("").isBlank()) {
        throw new ConfigException(config.source(), "admin.oidc." + key, "is required",
            "see docs/operations.md");
      }
    }
    try {
      return new OidcSignIn(new OidcSignIn.Settings(URI.create(o.path("issuer").asText()),
          o.path("client_id").asText(), secret, URI.create(o.path("redirect_uri").asText()),
          o.path("groups_claim").asText("groups"), roles),
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), clock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the OIDC discovery document", e);
    }
  }

  private Object ssoStart(Context ctx) {
    if (sso == null) {
      throw new HttpProblem(404, "single sign-on is not configured");
    }
    OidcSignIn.Start start = sso.start();
    ctx.header("Location", start.authorizationUri().toString());
    return new Status(302, fields("authorization_uri", start.authorizationUri().toString()));
  }

  private Object ssoCallback(Context ctx) throws Exception {
    if (sso == null) {
      throw new HttpProblem(404, "single sign-on is not configured");
    }
    String state = ctx.queryParam("state");
    String code = ctx.queryParam("code");
    if (state == null || code == null) {
      throw new HttpProblem(400, "state and code are required");
    }
    Optional<OidcSignIn.Identity> who = sso.finish(state, code);
    if (who.isEmpty()) {
      throw new HttpProblem(401, "single sign-on refused");
    }
    return session(accounts.federatedSession(who.get(), ctx.ip())
        .orElseThrow(() -> new HttpProblem(403, "this user is disabled")));
  }

  private static Map<String, Object> session(SignInResult.Session s) {
    return fields("status", "signed_in", "token", s.token().value(),
        "expires_at", s.expiresAt().toString(), "user", s.principal().name(),
        "role", s.principal().role().wireName());
  }

  private Object signOut(Context ctx, AdminPrincipal who) {
    String header = ctx.header("Authorization");
    accounts.signOut(new SessionToken(header.substring(7).strip()), ctx.ip());
    return fields("status", "signed_out");
  }

  private Object users(Context ctx, AdminPrincipal who) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AdminAccounts.UserInfo u : accounts.users()) {
      out.add(fields("name", u.name(), "role", u.role().wireName(), "disabled", u.disabled(),
          "mfa_enrolled", u.mfaEnrolled(), "sso", u.federated(),
          "created_at", u.createdAt().toString()));
    }
    return out;
  }

  private Object addUser(Context ctx, AdminPrincipal who) throws Exception {
    JsonNode b = body(ctx);
    String name = text(b, "name");
    accounts.addUser(who, name, Role.parse(text(b, "role")),
        text(b, "password").toCharArray(), ctx.ip());
    return new Status(201, fields("name", name, "role", text(b, "role").toLowerCase()));
  }

  /** The keys a principal may see: all, or with only the "own" permission those it owns. */
  private List<ApiKeyRecord> visibleKeys(AdminPrincipal who) {
    return who.role().allows(Permission.API_KEYS_READ_ALL) ? keys.list()
        : keys.ownedBy(who.name());
  }

  /** The keys with what each spent this UTC day and month against its key and team budgets. */
  private Object listKeys(Context ctx, AdminPrincipal who) throws java.sql.SQLException {
    List<ApiKeyRecord> visible = visibleKeys(who);
    Map<String, Spending.Spent> byKey = Spending.byKey(ops.database().dataSource(), ops.clock());
    Map<String, String> teams = new java.util.HashMap<>();
    keys.list().forEach(k -> {
      if (k.team() != null) {
        teams.put(k.id(), k.team());
      }
    });
    Map<String, Spending.Spent> byTeam = Spending.byTeam(byKey, teams);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ApiKeyRecord k : visible) {
      Map<String, Object> json = keyJson(k);
      json.put("spend", byKey.getOrDefault(k.id(), Spending.Spent.NONE)
          .against(limits.keyBudget()));
      json.put("team_spend", k.team() == null ? null
          : byTeam.getOrDefault(k.team(), Spending.Spent.NONE).against(limits.teamBudget()));
      out.add(json);
    }
    return out;
  }

  private static Map<String, Object> keyJson(ApiKeyRecord k) {
    return fields("id", k.id(), "name", k.name(), "prefix", k.prefix(), "models", k.models(),
        "policy", k.policy() == null ? Policy.DEFAULT_NAME : k.policy(), "owner", k.owner(),
        "team", k.team(), "created_at", str(k.createdAt()), "expires_at", str(k.expiresAt()),
        "revoked_at", str(k.revokedAt()), "last_used_at", str(k.lastUsedAt()));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  /**
   * Creates a key. With {@link Permission#API_KEYS_MANAGE_ALL}, {@code owner} (an admin user,
   * default the creator), {@code team} and {@code policy} (one this gateway has loaded) may be
   * given; a developer's key is its own, with the default policy and no team.
   */
  private Object createKey(Context ctx, AdminPrincipal who) throws Exception {
    JsonNode b = body(ctx);
    String name = text(b, "name");
    String owner = optionalText(b, "owner");
    String team = optionalText(b, "team");
    String policy = optionalText(b, "policy");
    if (who.role().allows(Permission.API_KEYS_MANAGE_ALL)) {
      if (owner == null) {
        owner = who.name();
      } else if (accounts.find(owner).isEmpty()) {
        throw new IllegalArgumentException("'owner': no admin user named '" + owner + "'");
      }
    } else {
      if (owner != null && !owner.equals(who.name())) {
        throw new HttpProblem(403, "role " + who.role().wireName()
            + " may create keys only for itself");
      }
      if (team != null || policy != null) {
        throw new HttpProblem(403, "role " + who.role().wireName()
            + " may not choose a key's team or policy");
      }
      owner = who.name();
      if (!name.startsWith(who.name() + ".")) {
        name = who.name() + "." + name;
      }
    }
    if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("name must be 1 to 100 letters, digits, '.', '_' or '-'");
    }
    if (policy != null && !policies.contains(policy)) {
      throw new IllegalArgumentException("'policy': this gateway has no policy named '" + policy
          + "'; it has " + policies.names());
    }
    List<String> models = new ArrayList<>();
    JsonNode m = b.get("models");
    if (m != null && !m.isNull()) {
      if (!m.isArray()) {
        throw new IllegalArgumentException("'models' must be a list of model names");
      }
      for (JsonNode model : m) {
        if (!model.isTextual() || model.asText().isBlank()) {
          throw new IllegalArgumentException("'models' must be a list of model names");
        }
        models.add(model.asText());
      }
    }
    Duration lifetime = null;
    if (b.hasNonNull("expires_in")) {
      lifetime = dev.veil.config.ConfigLoader.parseDuration(b.get("expires_in").asText());
    }
    String chosen = name;
    if (keys.list().stream().anyMatch(k -> k.name().equals(chosen))) {
      throw new HttpProblem(409, "a key with that name already exists");
    }
    ApiKeys.Created created = keys.create(name, models, lifetime, policy, owner, team);
    AuditEvent made = ops.event(who.actor(), AuditAction.API_KEY_CREATED,
        "apikey:" + created.record().id(), ctx.ip()).with("name", name).with("owner", owner)
        .with("policy", policy == null ? Policy.DEFAULT_NAME : policy);
    record(created.record().team() == null ? made : made.with("team", created.record().team()));
    Map<String, Object> out = keyJson(created.record());
    out.put("key", created.key());
    return new Status(201, out);
  }

  /**
   * Changes a key's {@code owner} (an admin user), {@code team} or {@code policy} (one this
   * gateway has loaded; every node applies it within {@link ApiKeys#SHARED_CACHE_TTL}): a field
   * that is absent stays, a {@code null} one is cleared ({@code policy}: back to the default).
   */
  private Object changeKey(Context ctx, AdminPrincipal who) throws Exception {
    String name = ctx.pathParam("name");
    JsonNode b = body(ctx);
    b.fieldNames().forEachRemaining(f -> {
      if (!f.equals("owner") && !f.equals("team") && !f.equals("policy")) {
        throw new IllegalArgumentException(
            "only 'owner', 'team' and 'policy' of a key can be changed");
      }
    });
    ApiKeyRecord k = keys.list().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new HttpProblem(404, "no key of that name"));
    String owner = b.has("owner") ? optionalText(b, "owner") : k.owner();
    String team = b.has("team") ? optionalText(b, "team") : k.team();
    String policy = b.has("policy") ? optionalText(b, "policy") : k.policy();
    if (Policy.DEFAULT_NAME.equals(policy)) {
      policy = null;
    }
    if (owner != null && !owner.equals(k.owner()) && accounts.find(owner).isEmpty()) {
      throw new IllegalArgumentException("'owner': no admin user named '" + owner + "'");
    }
    if (policy != null && !policies.contains(policy)) {
      throw new IllegalArgumentException("'policy': this gateway has no policy named '" + policy
          + "'");
    }
    // the team first: its name is checked there, an owner and a policy were checked above
    boolean found = (!b.has("team") || keys.setTeam(name, team))
        && (!b.has("owner") || keys.setOwner(name, owner))
        && (!b.has("policy") || keys.setPolicy(name, policy));
    if (!found) {
      throw new HttpProblem(404, "no key of that name");
    }
    record(ops.event(who.actor(), AuditAction.API_KEY_CHANGED, "apikey:" + k.id(), ctx.ip())
        .with("name", name).with("owner", owner == null ? "" : owner)
        .with("team", team == null ? "" : team)
        .with("policy", policy == null ? Policy.DEFAULT_NAME : policy));
    return keyJson(new ApiKeyRecord(k.id(), k.name(), k.prefix(), k.keyHash(), k.models(),
        policy, owner, team, k.createdAt(), k.expiresAt(), k.revokedAt(), k.lastUsedAt()));
  }

  /** Revokes a key; to a developer, a key it does not own does not exist. */
  private Object revokeKey(Context ctx, AdminPrincipal who) {
    String name = ctx.pathParam("name");
    ApiKeyRecord k = (who.role().allows(Permission.API_KEYS_MANAGE_ALL) ? keys.list()
            : keys.ownedBy(who.name())).stream()
        .filter(r -> r.name().equals(name) && r.revokedAt() == null).findFirst()
        .orElseThrow(() -> new HttpProblem(404, "no active key of that name"));
    if (!keys.revoke(name)) {
      throw new HttpProblem(404, "no active key of that name");
    }
    record(ops.event(who.actor(), AuditAction.API_KEY_REVOKED, "apikey:" + k.id(), ctx.ip())
        .with("name", name));
    return fields("status", "revoked", "name", name);
  }

  private ConsentSubject subject(JsonNode b) {
    boolean byKey = b.hasNonNull("key");
    boolean byUser = b.hasNonNull("user");
    if (byKey == byUser) {
      throw new IllegalArgumentException("give exactly one of 'key' (a key name) and 'user'");
    }
    if (byUser) {
      return ConsentSubject.endUser(ops.tenant(), text(b, "user"));
    }
    String name = text(b, "key");
    ApiKeyRecord k = keys.list().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new HttpProblem(404, "no key of that name"));
    return ConsentSubject.apiKey(ops.tenant(), k.id());
  }

  private Object consentLookup(Context ctx, AdminPrincipal who) throws Exception {
    ConsentSubject subject = subject(body(ctx));
    List<Map<String, Object>> history = new ArrayList<>();
    for (ConsentEntry e : ops.consent().history(subject)) {
      history.add(consentJson(e));
    }
    return fields("current", ops.consent().current(subject).name().toLowerCase(),
        "history", history);
  }

  static Map<String, Object> consentJson(ConsentEntry e) {
    return fields("seq", e.seq(), "decision", e.decision().name().toLowerCase(),
        "actor", e.actor(), "source", e.source(), "changed_at", e.changedAt().toString());
  }

  private Object consentSet(Context ctx, AdminPrincipal who) throws Exception {
    JsonNode b = body(ctx);
    ConsentSubject subject = subject(b);
    ConsentState decision = switch (text(b, "decision")) {
      case "granted" -> ConsentState.GRANTED;
      case "denied" -> ConsentState.DENIED;
      default -> throw new IllegalArgumentException("'decision' is granted or denied");
    };
    record(ops.consentEvent(who.actor(), subject, decision, ctx.ip()));
    return consentJson(ops.consent().record(subject, decision, who.actor(), "admin-api"));
  }

  private Object records(Context ctx, AdminPrincipal who) throws Exception {
    int limit = ctx.queryParam("limit") == null ? 100
        : (int) Math.min(MAX_RECORDS, Math.max(1, longParam(ctx, "limit")));
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = ops.database().connection();
        PreparedStatement s = c.prepareStatement("SELECT id, started_at, api_key_id, endpoint,"
            + " model, provider, status, streamed, latency_micros, total_tokens FROM"
            + " request_records ORDER BY started_at DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(fields("id", rs.getString(1),
              "started_at", Instant.ofEpochMilli(rs.getLong(2)).toString(),
              "api_key_id", rs.getString(3), "endpoint", rs.getString(4),
              "model", rs.getString(5), "provider", rs.getString(6), "status", rs.getInt(7),
              "streamed", rs.getInt(8) != 0, "latency_micros", rs.getLong(9),
              "total_tokens", rs.getObject(10)));
        }
      }
    }
    return out;
  }

  private Object recordMeta(Context ctx, AdminPrincipal who) throws Exception {
    StoredRecord r = ops.vault().meta(ctx.pathParam("id"))
        .orElseThrow(() -> new HttpProblem(404, "no stored record with that id"));
    return storedJson(r);
  }

  private static Map<String, Object> storedJson(StoredRecord r) {
    return fields("id", r.recordId(), "tenant", r.tenant(), "api_key_id", r.apiKeyId(),
        "mode", r.mode().name().toLowerCase(),
        "consent_at_capture", r.consentAtCapture().name().toLowerCase(),
        "captured_at", r.capturedAt().toString(), "expires_at", r.expiresAt().toString());
  }

  private Object recordContent(Context ctx, AdminPrincipal who) throws Exception {
    String id = ctx.pathParam("id");
    String reason = body(ctx).path("reason").asText("");
    breakGlass.open(who, id, reason, ctx.ip());
    OpenedRecord r = ops.vault().open(id)
        .orElseThrow(() -> new HttpProblem(404, "no stored record with that id"));
    Map<String, Object> out = storedJson(r.meta());
    out.put("fields", r.fields());
    return out;
  }

  private Object retentionRun(Context ctx, AdminPrincipal who) throws Exception {
    RetentionRun.Report r = ops.retentionRun().runNow();
    record(ops.retentionEvent(who.actor(), ctx.ip(), r));
    return retentionJson(r);
  }

  /** A retention report as JSON: tenants, period ends and counts. */
  public static Map<String, Object> retentionJson(RetentionRun.Report r) {
    List<Map<String, Object>> periods = new ArrayList<>();
    for (RetentionRun.ShreddedPeriod p : r.periods()) {
      periods.add(fields("tenant", p.tenant(), "period_end", p.periodEnd().toString(),
          "records_deleted", p.recordsDeleted()));
    }
    return fields("ran_at", r.ranAt().toString(), "keys_destroyed", r.keysDestroyed(),
        "records_deleted", r.recordsDeleted(), "orphan_records_deleted",
        r.orphanRecordsDeleted(), "periods", periods);
  }
}
