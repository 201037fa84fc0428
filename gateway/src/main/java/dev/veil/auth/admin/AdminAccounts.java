package dev.veil.auth.admin;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditOutcome;
import dev.veil.crypto.AssociatedData;
import dev.veil.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Admin users: Argon2id passwords, mandatory TOTP enrolled at first sign-in, single-use recovery
 * codes, exponential back-off and lockout per user and per source address, and short-lived session
 * tokens. Every sign-in, lockout, enrolment and user change is an audit event.
 *
 * <p>Sign-in is two steps only for a user who has no second factor yet: the password yields an
 * enrolment token, which is good for nothing but {@link #beginEnrollment} and {@link
 * #completeEnrollment}. Everyone else sends password and code together, and a failure never says
 * which of the two (or the user name) was wrong.
 *
 * <p><b>Security:</b> passwords, TOTP secrets, codes and tokens never reach an audit event, a log
 * or an exception message. Audit events go to {@code audit} synchronously; if it throws (for
 * example a full audit queue), the action fails, so nothing happens unaudited. TOTP secrets are
 * stored only sealed by a {@link SecretBox} (AES-256-GCM under a KEK-wrapped key), bound to the
 * tenant, the user and the column, so a sealed secret copied to another user's row does not open;
 * a secret that does not open fails the sign-in. A base32 secret left by an older version is
 * sealed at its user's next sign-in.
 *
 * <p>Thread-safe; state lives in the database, so several nodes share throttling and sessions.
 */
public final class AdminAccounts {

  /** Tunables with safe defaults. */
  public record Settings(
      Duration sessionTtl,
      Duration enrollmentTtl,
      Duration backoffBase,
      Duration backoffMax,
      int userLockoutFailures,
      int addressLockoutFailures,
      Duration lockout,
      String issuer) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(15),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          10,
          50,
          Duration.ofMinutes(30),
          "Veil");
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int RECOVERY_CODES = 10;
  private static final String PURPOSE_SESSION = "session";
  private static final String PURPOSE_ENROLL = "enroll";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String FIELD_SECRET = "totp_secret";
  private static final String FIELD_PENDING = "totp_pending";

  private final DataSource dataSource;
  private final PasswordHasher hasher;
  private final Supplier<SecretBox> totpBox;
  private final String tenant;
  private final Consumer<AuditEvent> audit;
  private final Clock clock;
  private final Settings settings;

  /**
   * @param totpBox seals TOTP secrets; asked for at each sign-in or enrolment step, before any
   *     database transaction starts (loading it may write its keyset), and not before, so a caller
   *     can open its key-encryption key on first use
   * @param tenant the tenant the sealed secrets are bound to
   */
  public AdminAccounts(
      DataSource dataSource,
      PasswordHasher hasher,
      Supplier<SecretBox> totpBox,
      String tenant,
      Consumer<AuditEvent> audit,
      Clock clock,
      Settings settings) {
    this.dataSource = dataSource;
    this.hasher = hasher;
    this.totpBox = Objects.requireNonNull(totpBox, "totpBox");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Creates a user who must enrol a second factor at first sign-in.
   *
   * @param actor who creates it: {@code null} for the command line on the server itself
   * @throws IllegalArgumentException for a malformed name, a weak password or an existing user
   * @throws AccessDeniedException if {@code actor} may not give {@code role}
   */
  public void addUser(AdminPrincipal actor, String name, Role role, char[] password, String source) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("user names match " + NAME.pattern());
    }
    if (actor != null && !actor.role().mayAssign(role)) {
      throw new AccessDeniedException(actor.role(), Permission.USERS_MANAGE);
    }
    String hash = hasher.hash(password);
    run(c -> {
      if (user(c, name).isPresent()) {
        throw new IllegalArgumentException("user " + name + " exists already");
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO admin_user (name, role, password_hash, totp_last_step, disabled, created_at)"
              + " VALUES (?, ?, ?, -1, 0, ?)")) {
        s.setString(1, name);
        s.setString(2, role.wireName());
        s.setString(3, hash);
        s.setLong(4, clock.millis());
        s.executeUpdate();
      }
      record(actor == null ? "system" : actor.actor(), AuditAction.USER_CREATED, "user:" + name,
          source, AuditOutcome.SUCCESS, Map.of("role", role.wireName()));
      return null;
    });
  }

  /**
   * First sign-in step (password and, once enrolled, a TOTP or recovery code).
   *
   * @param secondFactor a six-digit TOTP code or a recovery code; ignored before enrolment
   * @param source the client's address, for throttling and the audit log
   */
  public SignInResult signIn(String name, char[] password, String secondFactor, String source) {
    String userKey = "user:" + (name == null ? "" : name);
    String addressKey = "addr:" + (source == null ? "" : source);
    String actor = name != null && NAME.matcher(name).matches() ? "user:" + name : "unknown";
    SecretBox box = totpBox.get();
    return run(c -> {
      long now = clock.millis();
      SignInResult.Refused throttled = throttled(c, now, userKey, addressKey);
      if (throttled != null) {
        hasher.verifyNothing(password);
        record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.DENIED,
            Map.of("reason", throttled.reason().name().toLowerCase(java.util.Locale.ROOT)));
        return throttled;
      }
      Optional<User> found = name == null ? Optional.empty() : user(c, name);
      if (found.isEmpty() || found.get().disabled) {
        hasher.verifyNothing(password);
        return failure(c, now, actor, source, userKey, addressKey, "credentials");
      }
      User user = found.get();
      if (!hasher.verify(password, user.passwordHash)) {
        return failure(c, now, actor, source, userKey, addressKey, "credentials");
      }
      if (!user.enrolled()) {
        clearThrottle(c, userKey);
        SessionToken token = SessionToken.random();
        Instant expires = Instant.ofEpochMilli(now).plus(settings.enrollmentTtl());
        insertSession(c, token, user.name, PURPOSE_ENROLL, now, expires);
        record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.SUCCESS,
            Map.of("mfa", "enrolment_required"));
        return new SignInResult.EnrollmentRequired(token, expires);
      }
      String method = secondFactor(c, box, user, secondFactor, now);
      if (method == null) {
        return failure(c, now, actor, source, userKey, addressKey, "second_factor");
      }
      clearThrottle(c, userKey);
      if (method.equals("recovery_code")) {
        record(actor, AuditAction.MFA_RECOVERY_CODE_USED, "user:" + user.name, source,
            AuditOutcome.SUCCESS, Map.of());
      }
      record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.SUCCESS,
          Map.of("mfa", method));
      return newSession(c, user, now);
    });
  }

  /**
   * Starts TOTP enrolment: a fresh secret as an {@code otpauth://} URI, to show once.
   *
   * @throws IllegalArgumentException if the token is not a live enrolment token
   */
  public SignInResult.Enrollment beginEnrollment(SessionToken enrollmentToken) {
    SecretBox box = totpBox.get();
    return run(c -> {
      User user = enrollingUser(c, enrollmentToken);
      byte[] secret = Totp.newSecret();
      String sealed = box.seal(secret, ad(user.name, FIELD_PENDING));
      try (PreparedStatement s =
          c.prepareStatement("UPDATE admin_user SET totp_pending_sealed = ? WHERE name = ?")) {
        s.setString(1, sealed);
        s.setString(2, user.name);
        s.executeUpdate();
      }
      return new SignInResult.Enrollment(
          Totp.otpauthUri(settings.issuer(), user.name, secret), Totp.Base32.encode(secret));
    });
  }

  /**
   * Finishes enrolment with a code from the new authenticator: stores the secret, issues recovery
   * codes (shown once) and a session.
   *
   * @return empty if the code is wrong (the enrolment can be retried until the token expires)
   */
  public Optional<SignInResult.Enrolled> completeEnrollment(
      SessionToken enrollmentToken, String code, String source) {
    SecretBox box = totpBox.get();
    return run(c -> {
      User user = enrollingUser(c, enrollmentToken);
      if (user.totpPending == null) {
        throw new IllegalArgumentException("enrolment has not been started");
      }
      long now = clock.millis();
      byte[] secret = box.open(user.totpPending, ad(user.name, FIELD_PENDING));
      long step = Totp.matchingStep(secret, code, Totp.step(now / 1000));
      if (step < 0) {
        record("user:" + user.name, AuditAction.MFA_ENROLLED, "user:" + user.name, source,
            AuditOutcome.FAILURE, Map.of());
        return Optional.empty();
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE admin_user SET totp_sealed = ?, totp_pending_sealed = NULL,"
              + " totp_last_step = ? WHERE name = ?")) {
        s.setString(1, box.seal(secret, ad(user.name, FIELD_SECRET)));
        s.setLong(2, step);
        s.setString(3, user.name);
        s.executeUpdate();
      }
      deleteSession(c, enrollmentToken);
      List<String> codes = newRecoveryCodes(c, user.name);
      record("user:" + user.name, AuditAction.MFA_ENROLLED, "user:" + user.name, source,
          AuditOutcome.SUCCESS, Map.of("method", "totp"));
      return Optional.of(new SignInResult.Enrolled(newSession(c, user, now), codes));
    });
  }

  /**
   * A session for a user the OpenID Connect issuer vouched for. The user is provisioned on first
   * sign-in as {@code sso-} and 24 hexadecimal digits of SHA-256 over issuer, newline, subject; its
   * role follows the issuer's groups at every sign-in. Such a user has no password, and its second
   * factor is the issuer's business.
   *
   * @return empty if that user has been disabled here
   */
  public Optional<SignInResult.Session> federatedSession(OidcSignIn.Identity identity, String source) {
    String name = "sso-" + sha256(identity.issuer() + "\n" + identity.subject()).substring(0, 24);
    return run(c -> {
      long now = clock.millis();
      Optional<User> existing = user(c, name);
      if (existing.isPresent() && existing.get().disabled) {
        record("user:" + name, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.DENIED,
            Map.of("mfa", "sso", "reason", "disabled"));
        return Optional.empty();
      }
      String sql = existing.isPresent()
          ? "UPDATE admin_user SET role = ? WHERE name = ?"
          : "INSERT INTO admin_user (role, name, password_hash, totp_last_step, disabled,"
              + " created_at) VALUES (?, ?, '!sso', -1, 0, ?)";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, identity.role().wireName());
        s.setString(2, name);
        if (existing.isEmpty()) {
          s.setLong(3, now);
        }
        s.executeUpdate();
      }
      if (existing.isEmpty()) {
        record("system", AuditAction.USER_CREATED, "user:" + name, source, AuditOutcome.SUCCESS,
            Map.of("role", identity.role().wireName(), "via", "sso"));
      } else if (existing.get().role != identity.role()) {
        record("system", AuditAction.USER_ROLE_CHANGED, "user:" + name, source,
            AuditOutcome.SUCCESS, Map.of("role", identity.role().wireName(), "via", "sso"));
      }
      record("user:" + name, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.SUCCESS,
          Map.of("mfa", "sso"));
      return Optional.of(newSession(c, new User(name, identity.role(), "!sso", null, null, null,
          -1, false), now));
    });
  }

  /** The user behind a live session token, with the role the user has now. */
  public Optional<AdminPrincipal> authenticate(SessionToken token) {
    if (token == null) {
      return Optional.empty();
    }
    return run(false, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT u.name, u.role, u.disabled FROM admin_session t JOIN admin_user u"
              + " ON u.name = t.user_name WHERE t.token_hash = ? AND t.purpose = ?"
              + " AND t.expires_at > ?")) {
        s.setString(1, token.hash());
        s.setString(2, PURPOSE_SESSION);
        s.setLong(3, clock.millis());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || rs.getInt(3) != 0) {
            return Optional.empty();
          }
          return Optional.of(new AdminPrincipal(rs.getString(1), Role.parse(rs.getString(2))));
        }
      }
    });
  }

  /** Ends a session. */
  public void signOut(SessionToken token, String source) {
    run(c -> {
      Optional<AdminPrincipal> who = authenticate(token);
      deleteSession(c, token);
      who.ifPresent(p -> record(p.actor(), AuditAction.ADMIN_SIGN_OUT, "", source,
          AuditOutcome.SUCCESS, Map.of()));
      return null;
    });
  }

  private SignInResult.Session newSession(Connection c, User user, long now) throws SQLException {
    SessionToken token = SessionToken.random();
    Instant expires = Instant.ofEpochMilli(now).plus(settings.sessionTtl());
    insertSession(c, token, user.name, PURPOSE_SESSION, now, expires);
    return new SignInResult.Session(token, new AdminPrincipal(user.name, user.role), expires);
  }

  private String secondFactor(Connection c, SecretBox box, User user, String given,
      long now) throws SQLException {
    if (given == null) {
      return null;
    }
    String code = given.strip();
    if (code.length() == Totp.DIGITS) {
      long step = Totp.matchingStep(totpSecret(c, box, user), code, Totp.step(now / 1000));
      if (step <= user.totpLastStep) {
        return null;
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE admin_user SET totp_last_step = ? WHERE name = ? AND totp_last_step < ?")) {
        s.setLong(1, step);
        s.setString(2, user.name);
        s.setLong(3, step);
        return s.executeUpdate() == 1 ? "totp" : null;
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE admin_recovery_code SET used_at = ? WHERE user_name = ? AND code_hash = ?"
            + " AND used_at IS NULL")) {
      s.setLong(1, now);
      s.setString(2, user.name);
      s.setString(3, sha256(normaliseRecoveryCode(code)));
      return s.executeUpdate() == 1 ? "recovery_code" : null;
    }
  }

  /** The user's TOTP secret, sealing in place one that an older version left in base32. */
  private byte[] totpSecret(Connection c, SecretBox box, User user) throws SQLException {
    if (user.totpSealed != null) {
      return box.open(user.totpSealed, ad(user.name, FIELD_SECRET));
    }
    byte[] secret = Totp.Base32.decode(user.legacyTotpSecret);
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE admin_user SET totp_sealed = ?, totp_secret = NULL WHERE name = ?")) {
      s.setString(1, box.seal(secret, ad(user.name, FIELD_SECRET)));
      s.setString(2, user.name);
      s.executeUpdate();
    }
    return secret;
  }

  private AssociatedData ad(String userName, String field) {
    return AssociatedData.of(tenant, "admin_user:" + userName, field);
  }

  private List<String> newRecoveryCodes(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM admin_recovery_code WHERE user_name = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    }
    List<String> codes = new ArrayList<>(RECOVERY_CODES);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO admin_recovery_code (user_name, code_hash) VALUES (?, ?)")) {
      for (int i = 0; i < RECOVERY_CODES; i++) {
        byte[] raw = new byte[10];
        RANDOM.nextBytes(raw);
        String b32 = Totp.Base32.encode(raw).toLowerCase(java.util.Locale.ROOT);
        codes.add(b32.substring(0, 4) + "-" + b32.substring(4, 8) + "-" + b32.substring(8, 12)
            + "-" + b32.substring(12, 16));
        s.setString(1, name);
        s.setString(2, sha256(b32));
        s.addBatch();
      }
      s.executeBatch();
    }
    return List.copyOf(codes);
  }

  private static String normaliseRecoveryCode(String code) {
    return code.replace("-", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  private SignInResult.Refused throttled(Connection c, long now, String... keys)
      throws SQLException {
    SignInResult.Refused worst = null;
    for (String key : keys) {
      Throttle t = throttle(c, key);
      if (t == null) {
        continue;
      }
      SignInResult.Refused refused = null;
      if (t.lockedUntil > now) {
        refused = new SignInResult.Refused(
            SignInResult.Reason.LOCKED, Duration.ofMillis(t.lockedUntil - now));
      } else if (t.lockedUntil == 0 && t.failures > 0) {
        long next = t.lastFailureAt + backoff(t.failures).toMillis();
        if (next > now) {
          refused = new SignInResult.Refused(
              SignInResult.Reason.BACKING_OFF, Duration.ofMillis(next - now));
        }
      }
      if (refused != null && (worst == null || refused.retryAfter().compareTo(worst.retryAfter()) > 0)) {
        worst = refused;
      }
    }
    return worst;
  }

  private Duration backoff(int failures) {
    long base = settings.backoffBase().toMillis();
    long max = settings.backoffMax().toMillis();
    int shift = Math.min(failures - 1, 30);
    return Duration.ofMillis(Math.min(max, base << shift));
  }

  private SignInResult.Refused failure(Connection c, long now, String actor, String source,
      String userKey, String addressKey, String what) throws SQLException {
    boolean userLocked = countFailure(c, userKey, now, settings.userLockoutFailures());
    boolean addressLocked = countFailure(c, addressKey, now, settings.addressLockoutFailures());
    record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.FAILURE,
        Map.of("reason", what));
    if (userLocked || addressLocked) {
      record(actor, AuditAction.ADMIN_LOCKED_OUT, userLocked ? "user" : "address", source,
          AuditOutcome.SUCCESS, Map.of("minutes", Long.toString(settings.lockout().toMinutes())));
    }
    return new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO);
  }

  /** Counts one failure; returns whether it starts a lockout. */
  private boolean countFailure(Connection c, String key, long now, int limit) throws SQLException {
    Throttle t = throttle(c, key);
    int failures = t == null || (t.lockedUntil != 0 && t.lockedUntil <= now) ? 1 : t.failures + 1;
    long lockedUntil = failures >= limit ? now + settings.lockout().toMillis() : 0;
    String sql = t == null
        ? "INSERT INTO admin_login_throttle (failures, last_failure_at, locked_until, subject)"
            + " VALUES (?, ?, ?, ?)"
        : "UPDATE admin_login_throttle SET failures = ?, last_failure_at = ?, locked_until = ?"
            + " WHERE subject = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, failures);
      s.setLong(2, now);
      s.setLong(3, lockedUntil);
      s.setString(4, key);
      s.executeUpdate();
    }
    return lockedUntil != 0;
  }

  private static void clearThrottle(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM admin_login_throttle WHERE subject = ?")) {
      s.setString(1, key);
      s.executeUpdate();
    }
  }

  private record Throttle(int failures, long lastFailureAt, long lockedUntil) {}

  private static Throttle throttle(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT failures, last_failure_at, locked_until FROM admin_login_throttle"
            + " WHERE subject = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new Throttle(rs.getInt(1), rs.getLong(2), rs.getLong(3)) : null;
      }
    }
  }

  /** A row of {@code admin_user}; the TOTP fields are sealed, except a legacy base32 secret. */
  private record User(String name, Role role, String passwordHash, String totpSealed,
      String legacyTotpSecret, String totpPending, long totpLastStep, boolean disabled) {
    boolean enrolled() {
      return totpSealed != null || legacyTotpSecret != null;
    }
  }

  private static Optional<User> user(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT name, role, password_hash, totp_sealed, totp_secret, totp_pending_sealed,"
            + " totp_last_step, disabled FROM admin_user WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new User(rs.getString(1), Role.parse(rs.getString(2)),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7),
            rs.getInt(8) != 0));
      }
    }
  }

  private User enrollingUser(Connection c, SessionToken token) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT user_name FROM admin_session WHERE token_hash = ? AND purpose = ?"
            + " AND expires_at > ?")) {
      s.setString(1, token.hash());
      s.setString(2, PURPOSE_ENROLL);
      s.setLong(3, clock.millis());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          Optional<User> user = user(c, rs.getString(1));
          if (user.isPresent() && !user.get().disabled && !user.get().enrolled()) {
            return user.get();
          }
        }
      }
    }
    throw new IllegalArgumentException("not a valid enrolment token");
  }

  private static void insertSession(Connection c, SessionToken token, String name, String purpose,
      long now, Instant expires) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO admin_session (token_hash, user_name, purpose, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, token.hash());
      s.setString(2, name);
      s.setString(3, purpose);
      s.setLong(4, now);
      s.setLong(5, expires.toEpochMilli());
      s.executeUpdate();
    }
  }

  private static void deleteSession(Connection c, SessionToken token) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM admin_session WHERE token_hash = ?")) {
      s.setString(1, token.hash());
      s.executeUpdate();
    }
  }

  private void record(String actor, AuditAction action, String target, String source,
      AuditOutcome outcome, Map<String, String> details) {
    audit.accept(new AuditEvent(clock.instant(), actor, action, target,
        source == null ? "" : source, outcome, details));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * SQLite starts a transaction as a reader and fails a later write with SQLITE_BUSY_SNAPSHOT if
   * another connection (the audit appender, the metadata writer) wrote in between. A write as the
   * first statement takes the write lock up front, waiting out the busy timeout instead.
   */
  private static void takeWriteLockOnSqlite(Connection c) throws SQLException {
    if ("SQLite".equals(c.getMetaData().getDatabaseProductName())) {
      try (java.sql.Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE admin_user SET role = role WHERE 1 = 0");
      }
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    return run(true, work);
  }

  private <T> T run(boolean writes, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (writes) {
          takeWriteLockOnSqlite(c);
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("admin account storage failed", e);
    }
  }
}
