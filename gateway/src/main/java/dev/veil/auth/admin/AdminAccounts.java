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
 * codes, sign-in throttling, and short-lived session tokens. Every sign-in, lockout, enrolment and
 * user change is an audit event.
 *
 * <p>Throttling counts failed sign-ins on three subjects, each forgotten after {@link
 * Settings#failureWindow} without a failure:
 *
 * <ul>
 *   <li>a user name from one address: exponential back-off, then a lockout, so guessing one
 *       user's password from one place is slow;
 *   <li>an address, whatever the names: only a lockout, at a much higher count, so that one
 *       address trying many names is stopped while the other users behind it (a NAT, a proxy) are
 *       not held back by one user's typos;
 *   <li>a user name from any address, counting only wrong second factors after a right password:
 *       a lockout, so that many addresses cannot share the guessing of a TOTP code, while someone
 *       who knows only the name cannot lock its user out.
 * </ul>
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

  /**
   * Tunables with safe defaults.
   *
   * @param pairLockoutFailures failures of one user name from one address that lock that pair
   * @param addressLockoutFailures failures from one address, any names, that lock the address
   * @param secondFactorLockoutFailures wrong second factors after a right password, from any
   *     address, that lock the user
   * @param failureWindow how long without a failure after which a subject's count starts again
   */
  public record Settings(
      Duration sessionTtl,
      Duration enrollmentTtl,
      Duration backoffBase,
      Duration backoffMax,
      int pairLockoutFailures,
      int addressLockoutFailures,
      int secondFactorLockoutFailures,
      Duration lockout,
      Duration failureWindow,
      String issuer) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(15),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          10,
          100,
          10,
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          "Veil");
    }
  }

  /**
   * An admin user as listed: never a hash or a secret.
   *
   * @param federated signs in through single sign-on, so has no password or TOTP here
   */
  public record UserInfo(String name, Role role, boolean disabled, boolean mfaEnrolled,
      boolean federated, Instant createdAt) {}

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int RECOVERY_CODES = 10;
  private static final String PURPOSE_SESSION = "session";
  private static final String PURPOSE_ENROLL = "enroll";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Throttling subjects: user name from an address, address, user name from anywhere. */
  private static final String PAIR = "pair:";
  private static final String ADDRESS = "addr:";
  private static final String USER = "user:";
  /** The password hash of a user who signs in by single sign-on: no password matches it. */
  private static final String SSO_PASSWORD = "!sso";
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

  /** Every admin user, by name. */
  public List<UserInfo> users() {
    return run(false, c -> {
      List<UserInfo> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + INFO_COLUMNS
              + " FROM admin_user ORDER BY name");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(info(rs));
        }
      }
      return out;
    });
  }

  /** The user called {@code name}, if there is one. */
  public Optional<UserInfo> find(String name) {
    return run(false, c -> info(c, name));
  }

  /**
   * Disables a user (ending its sessions) or enables it again. A disabled user cannot sign in, by
   * password or by single sign-on.
   *
   * @param actor who does it: {@code null} for the command line on the server itself
   * @return whether the user's state changed (false if it was already so)
   * @throws IllegalArgumentException if there is no such user, or the actor names itself
   * @throws AccessDeniedException if {@code actor} may not manage users of that role
   */
  public boolean setDisabled(AdminPrincipal actor, String name, boolean disabled, String source) {
    return run(c -> {
      UserInfo user = manageable(c, actor, name);
      if (actor != null && actor.name().equals(name)) {
        throw new IllegalArgumentException("a user cannot disable or enable itself");
      }
      if (user.disabled() == disabled) {
        return false;
      }
      try (PreparedStatement s =
          c.prepareStatement("UPDATE admin_user SET disabled = ? WHERE name = ?")) {
        s.setInt(1, disabled ? 1 : 0);
        s.setString(2, name);
        s.executeUpdate();
      }
      deleteSessions(c, name);
      record(actorName(actor), disabled ? AuditAction.USER_DISABLED : AuditAction.USER_ENABLED,
          "user:" + name, source, AuditOutcome.SUCCESS, Map.of());
      return true;
    });
  }

  /**
   * Gives a user a new password, ends its sessions and forgets its failed sign-ins.
   *
   * @throws IllegalArgumentException if there is no such user, it signs in by single sign-on, or
   *     the password is too short or too long
   * @throws AccessDeniedException if {@code actor} may not manage users of that role
   */
  public void resetPassword(AdminPrincipal actor, String name, char[] password, String source) {
    String hash = hasher.hash(password);
    run(c -> {
      UserInfo user = manageable(c, actor, name);
      if (user.federated()) {
        throw new IllegalArgumentException("user " + name + " signs in by single sign-on and has"
            + " no password here");
      }
      try (PreparedStatement s =
          c.prepareStatement("UPDATE admin_user SET password_hash = ? WHERE name = ?")) {
        s.setString(1, hash);
        s.setString(2, name);
        s.executeUpdate();
      }
      deleteSessions(c, name);
      forgetFailures(c, name);
      record(actorName(actor), AuditAction.PASSWORD_CHANGED, "user:" + name, source,
          AuditOutcome.SUCCESS, Map.of("via", "reset"));
      return null;
    });
  }

  /**
   * Removes a user's second factor: its TOTP secret and recovery codes go, its sessions end, and
   * its next sign-in with the password enrols a new authenticator.
   *
   * <p><b>Warning:</b> until then, the password alone leads to that enrolment.
   *
   * @throws IllegalArgumentException if there is no such user or it signs in by single sign-on
   * @throws AccessDeniedException if {@code actor} may not manage users of that role
   */
  public void resetMfa(AdminPrincipal actor, String name, String source) {
    run(c -> {
      UserInfo user = manageable(c, actor, name);
      if (user.federated()) {
        throw new IllegalArgumentException("user " + name + " signs in by single sign-on; its"
            + " second factor is the issuer's");
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE admin_user SET totp_sealed = NULL, totp_secret = NULL,"
              + " totp_pending_sealed = NULL, totp_pending = NULL, totp_last_step = -1"
              + " WHERE name = ?")) {
        s.setString(1, name);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM admin_recovery_code WHERE user_name = ?")) {
        s.setString(1, name);
        s.executeUpdate();
      }
      deleteSessions(c, name);
      forgetFailures(c, name);
      record(actorName(actor), AuditAction.MFA_RESET, "user:" + name, source,
          AuditOutcome.SUCCESS, Map.of());
      return null;
    });
  }

  private static final String INFO_COLUMNS = "name, role, disabled,"
      + " totp_sealed IS NOT NULL OR totp_secret IS NOT NULL, password_hash = '" + SSO_PASSWORD
      + "', created_at";

  private static UserInfo info(ResultSet rs) throws SQLException {
    return new UserInfo(rs.getString(1), Role.parse(rs.getString(2)), rs.getInt(3) != 0,
        rs.getBoolean(4), rs.getBoolean(5), Instant.ofEpochMilli(rs.getLong(6)));
  }

  private static Optional<UserInfo> info(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + INFO_COLUMNS
        + " FROM admin_user WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(info(rs)) : Optional.empty();
      }
    }
  }

  /** The user {@code actor} is about to change; never one of a higher role than the actor's. */
  private static UserInfo manageable(Connection c, AdminPrincipal actor, String name)
      throws SQLException {
    UserInfo user = (name == null ? Optional.<UserInfo>empty() : info(c, name))
        .orElseThrow(() -> new IllegalArgumentException("no admin user named '" + name + "'"));
    if (actor != null && !actor.role().mayAssign(user.role())) {
      throw new AccessDeniedException(actor.role(), Permission.USERS_MANAGE);
    }
    return user;
  }

  private static String actorName(AdminPrincipal actor) {
    return actor == null ? "system" : actor.actor();
  }

  private static void deleteSessions(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM admin_session WHERE user_name = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    }
  }

  /** Forgets a user's failed sign-ins, from every address; an address's own count stays. */
  private static void forgetFailures(Connection c, String name) throws SQLException {
    String pairs = PAIR + name + "@";
    try (PreparedStatement s = c.prepareStatement("DELETE FROM admin_login_throttle"
        + " WHERE subject = ? OR SUBSTR(subject, 1, ?) = ?")) {
      s.setString(1, USER + name);
      s.setInt(2, pairs.length());
      s.setString(3, pairs);
      s.executeUpdate();
    }
  }

  /**
   * First sign-in step (password and, once enrolled, a TOTP or recovery code).
   *
   * @param secondFactor a six-digit TOTP code or a recovery code; ignored before enrolment
   * @param source the client's address, for throttling and the audit log
   */
  public SignInResult signIn(String name, char[] password, String secondFactor, String source) {
    boolean wellFormed = name != null && NAME.matcher(name).matches();
    // A malformed name is throttled under a digest: the subject column has a length limit.
    String who = wellFormed ? name : "~" + sha256(String.valueOf(name)).substring(0, 16);
    String address = source == null ? "" : source;
    Subjects keys = new Subjects(PAIR + who + "@" + address, ADDRESS + address, USER + who);
    String actor = wellFormed ? "user:" + name : "unknown";
    SecretBox box = totpBox.get();
    return run(c -> {
      long now = clock.millis();
      SignInResult.Refused throttled = throttled(c, now, keys);
      if (throttled != null) {
        hasher.verifyNothing(password);
        record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.DENIED,
            Map.of("reason", throttled.reason().name().toLowerCase(java.util.Locale.ROOT)));
        return throttled;
      }
      Optional<User> found = name == null ? Optional.empty() : user(c, name);
      if (found.isEmpty() || found.get().disabled) {
        hasher.verifyNothing(password);
        return failure(c, now, actor, source, keys, false);
      }
      User user = found.get();
      if (!hasher.verify(password, user.passwordHash)) {
        return failure(c, now, actor, source, keys, false);
      }
      if (!user.enrolled()) {
        clearThrottle(c, keys.pair());
        SessionToken token = SessionToken.random();
        Instant expires = Instant.ofEpochMilli(now).plus(settings.enrollmentTtl());
        insertSession(c, token, user.name, PURPOSE_ENROLL, now, expires);
        record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.SUCCESS,
            Map.of("mfa", "enrolment_required"));
        return new SignInResult.EnrollmentRequired(token, expires);
      }
      String method = secondFactor(c, box, user, secondFactor, now);
      if (method == null) {
        return failure(c, now, actor, source, keys, true);
      }
      clearThrottle(c, keys.pair());
      clearThrottle(c, keys.user());
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
              + " created_at) VALUES (?, ?, '" + SSO_PASSWORD + "', -1, 0, ?)";
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
      return Optional.of(newSession(c, new User(name, identity.role(), SSO_PASSWORD, null, null,
          null, -1, false), now));
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

  /** The throttling subjects of one sign-in attempt. */
  private record Subjects(String pair, String address, String user) {}

  private SignInResult.Refused throttled(Connection c, long now, Subjects keys)
      throws SQLException {
    SignInResult.Refused worst = null;
    for (String key : List.of(keys.pair(), keys.address(), keys.user())) {
      Throttle t = throttle(c, key);
      if (t == null) {
        continue;
      }
      SignInResult.Refused refused = null;
      if (t.lockedUntil > now) {
        refused = new SignInResult.Refused(
            SignInResult.Reason.LOCKED, Duration.ofMillis(t.lockedUntil - now));
      } else if (key.equals(keys.pair()) && t.lockedUntil == 0 && t.failures > 0) {
        long next = t.lastFailureAt + backoff(t.failures).toMillis();
        if (next > now) {
          refused = new SignInResult.Refused(
              SignInResult.Reason.BACKING_OFF, Duration.ofMillis(next - now));
        }
      }
      if (refused != null
          && (worst == null || refused.retryAfter().compareTo(worst.retryAfter()) > 0)) {
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

  /**
   * Counts a failed sign-in on the pair and the address, and a wrong second factor (after a right
   * password) also on the user.
   */
  private SignInResult.Refused failure(Connection c, long now, String actor, String source,
      Subjects keys, boolean secondFactor) throws SQLException {
    List<String> locked = new ArrayList<>();
    if (countFailure(c, keys.pair(), now, settings.pairLockoutFailures())) {
      locked.add("pair");
    }
    if (countFailure(c, keys.address(), now, settings.addressLockoutFailures())) {
      locked.add("address");
    }
    if (secondFactor
        && countFailure(c, keys.user(), now, settings.secondFactorLockoutFailures())) {
      locked.add("user");
    }
    record(actor, AuditAction.ADMIN_SIGN_IN, "", source, AuditOutcome.FAILURE,
        Map.of("reason", secondFactor ? "second_factor" : "credentials"));
    for (String what : locked) {
      record(actor, AuditAction.ADMIN_LOCKED_OUT, what, source, AuditOutcome.SUCCESS,
          Map.of("minutes", Long.toString(settings.lockout().toMinutes())));
    }
    return new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO);
  }

  /** Counts one failure; returns whether it starts a lockout. */
  private boolean countFailure(Connection c, String key, long now, int limit) throws SQLException {
    Throttle t = throttle(c, key);
    boolean fresh = t == null || (t.lockedUntil != 0 && t.lockedUntil <= now)
        || now - t.lastFailureAt >= settings.failureWindow().toMillis();
    int failures = fresh ? 1 : t.failures + 1;
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
