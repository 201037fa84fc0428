package dev.veil.auth.admin;

import dev.veil.crypto.CryptoException;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.SecretBox;
import dev.veil.crypto.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEntryCodec;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class AdminAccountsTest {

  private static final String PASSWORD = "correct horse battery canary-5e1f";
  private static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
  private final List<AuditEvent> events = new ArrayList<>();
  private AdminAccounts accounts;
  private SQLiteDataSource ds;

  private static Path template;

  @BeforeEach
  void setUp() throws Exception {
    synchronized (AdminAccountsTest.class) {
      if (template == null) {
        template = Files.createTempFile("veil-admin-template", ".db");
        template.toFile().deleteOnExit();
        SQLiteDataSource migrate = new SQLiteDataSource();
        migrate.setUrl("jdbc:sqlite:" + template);
        Flyway.configure().dataSource(migrate).locations("classpath:db/migration").load().migrate();
      }
    }
    Files.copy(template, temp.resolve("admin.db"));
    ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + temp.resolve("admin.db"));
    // Loaded on first use, as Operations does: regression for a sign-in that loaded the box
    // (writing its keyset) inside its own write transaction and so waited on itself.
    SecretBox[] box = new SecretBox[1];
    accounts = new AdminAccounts(ds, FAST, () -> {
      if (box[0] == null) {
        box[0] = SecretBox.loadOrCreate(ds, TestKeys.localKek(temp), "admin-totp");
      }
      return box[0];
    }, "acme", events::add, clock, AdminAccounts.Settings.defaults());
  }

  private byte[] lastSecret;

  /** Creates and enrols a user; its TOTP secret is left in {@link #lastSecret}. */
  private SignInResult.Enrolled enrol(String name, Role role) {
    accounts.addUser(null, name, role, PASSWORD.toCharArray(), "127.0.0.1");
    SignInResult first = accounts.signIn(name, PASSWORD.toCharArray(), null, "10.0.0.1");
    assertThat(first).isInstanceOf(SignInResult.EnrollmentRequired.class);
    SessionToken enrolToken = ((SignInResult.EnrollmentRequired) first).enrollmentToken();
    SignInResult.Enrollment enrollment = accounts.beginEnrollment(enrolToken);
    lastSecret = Totp.Base32.decode(enrollment.secretBase32());
    String code = Totp.code(lastSecret, step());
    return accounts.completeEnrollment(enrolToken, code, "10.0.0.1").orElseThrow();
  }

  private long step() {
    return Totp.step(clock.instant().getEpochSecond());
  }

  @Test
  void firstSignInEnrolsTotpAndThenPasswordPlusCodeGivesASession() {
    accounts.addUser(null, "alice", Role.ADMIN, PASSWORD.toCharArray(), "127.0.0.1");
    SignInResult first = accounts.signIn("alice", PASSWORD.toCharArray(), null, "10.0.0.1");
    SessionToken enrolToken = ((SignInResult.EnrollmentRequired) first).enrollmentToken();
    assertThat(accounts.authenticate(enrolToken)).isEmpty();

    SignInResult.Enrollment enrollment = accounts.beginEnrollment(enrolToken);
    assertThat(enrollment.otpauthUri()).startsWith("otpauth://totp/Veil:alice?secret=");
    assertThat(enrollment.toString()).doesNotContain(enrollment.secretBase32());
    byte[] secret = Totp.Base32.decode(enrollment.secretBase32());
    assertThat(accounts.completeEnrollment(enrolToken, "000000".equals(Totp.code(secret, step()))
        ? "111111" : "000000", "10.0.0.1")).isEmpty();
    SignInResult.Enrolled enrolled =
        accounts.completeEnrollment(enrolToken, Totp.code(secret, step()), "10.0.0.1").orElseThrow();
    assertThat(enrolled.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
    assertThat(accounts.authenticate(enrolled.session().token()))
        .contains(new AdminPrincipal("alice", Role.ADMIN));

    clock.advance(Duration.ofSeconds(60));
    SignInResult second =
        accounts.signIn("alice", PASSWORD.toCharArray(), Totp.code(secret, step()), "10.0.0.1");
    assertThat(second).isInstanceOf(SignInResult.Session.class);
    assertThat(events).extracting(AuditEvent::action).contains(
        AuditAction.USER_CREATED, AuditAction.MFA_ENROLLED, AuditAction.ADMIN_SIGN_IN);
  }

  @Test
  void passwordAloneIsRefusedOnceEnrolledAndACodeIsNeverAcceptedTwice() {
    accounts.addUser(null, "bob", Role.AUDITOR, PASSWORD.toCharArray(), "");
    SessionToken enrolToken = ((SignInResult.EnrollmentRequired)
        accounts.signIn("bob", PASSWORD.toCharArray(), null, "10.0.0.2")).enrollmentToken();
    byte[] secret = Totp.Base32.decode(accounts.beginEnrollment(enrolToken).secretBase32());
    accounts.completeEnrollment(enrolToken, Totp.code(secret, step()), "10.0.0.2").orElseThrow();

    assertThat(accounts.signIn("bob", PASSWORD.toCharArray(), null, "10.0.0.2"))
        .isEqualTo(new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO));
    clock.advance(Duration.ofMinutes(10));
    String code = Totp.code(secret, step());
    assertThat(accounts.signIn("bob", PASSWORD.toCharArray(), code, "10.0.0.2"))
        .isInstanceOf(SignInResult.Session.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(accounts.signIn("bob", PASSWORD.toCharArray(), code, "10.0.0.2"))
        .isInstanceOf(SignInResult.Refused.class);
  }

  @Test
  void recoveryCodeWorksOnceInPlaceOfTotp() {
    SignInResult.Enrolled enrolled = enrol("carol", Role.OWNER);
    String recovery = enrolled.recoveryCodes().get(3);
    assertThat(enrolled.toString()).doesNotContain(recovery);
    assertThat(accounts.signIn("carol", PASSWORD.toCharArray(), recovery.toUpperCase(), "10.0.0.3"))
        .isInstanceOf(SignInResult.Session.class);
    clock.advance(Duration.ofMinutes(10));
    assertThat(accounts.signIn("carol", PASSWORD.toCharArray(), recovery, "10.0.0.3"))
        .isInstanceOf(SignInResult.Refused.class);
    assertThat(events).extracting(AuditEvent::action).contains(AuditAction.MFA_RECOVERY_CODE_USED);
  }

  @Test
  void failuresBackOffExponentiallyAndThenLockTheUserAtThatAddressOut() {
    enrol("dave", Role.DEVELOPER);
    byte[] secret = lastSecret;
    long expectedWait = 1;
    for (int i = 1; i < 10; i++) {
      assertThat(accounts.signIn("dave", "wrong password!!".toCharArray(), "123456", "10.1.0.1"))
          .isInstanceOf(SignInResult.Refused.class);
      SignInResult.Refused early = (SignInResult.Refused) accounts.signIn(
          "dave", PASSWORD.toCharArray(), "123456", "10.1.0.1");
      assertThat(early.reason()).isEqualTo(SignInResult.Reason.BACKING_OFF);
      assertThat(early.retryAfter()).isEqualTo(Duration.ofSeconds(Math.min(expectedWait, 300)));
      clock.advance(early.retryAfter());
      expectedWait *= 2;
    }
    accounts.signIn("dave", "wrong password!!".toCharArray(), "123456", "10.1.0.1");
    SignInResult.Refused locked = (SignInResult.Refused) accounts.signIn(
        "dave", PASSWORD.toCharArray(), "123456", "10.1.0.1");
    assertThat(locked.reason()).isEqualTo(SignInResult.Reason.LOCKED);
    assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(events).extracting(AuditEvent::action).contains(AuditAction.ADMIN_LOCKED_OUT);
    assertThat(accounts.signIn("dave", PASSWORD.toCharArray(), Totp.code(secret, step()),
            "10.3.0.1"))
        .as("the same user from another address").isInstanceOf(SignInResult.Session.class);

    clock.advance(Duration.ofMinutes(30));
    assertThat(accounts.signIn("dave", PASSWORD.toCharArray(), Totp.code(secret, step()),
            "10.1.0.1"))
        .isInstanceOf(SignInResult.Session.class);
  }

  /** Regression: one user's failures backed off and locked out everyone at the same address. */
  @Test
  void oneUsersFailuresDoNotHoldBackOtherUsersAtTheSameAddress() {
    enrol("gwen", Role.ADMIN);
    byte[] secret = lastSecret;
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofMinutes(5));
      accounts.signIn("typo-prone", "wrong password!!".toCharArray(), null, "192.0.2.7");
    }
    clock.advance(Duration.ofSeconds(35));
    assertThat(accounts.signIn("typo-prone", PASSWORD.toCharArray(), null, "192.0.2.7"))
        .isInstanceOf(SignInResult.Refused.class);
    assertThat(accounts.signIn("gwen", PASSWORD.toCharArray(), Totp.code(secret, step()),
            "192.0.2.7"))
        .isInstanceOf(SignInResult.Session.class);
  }

  @Test
  void oneAddressTryingManyUsersIsLockedOut() {
    for (int i = 0; i < 100; i++) {
      accounts.signIn("nobody" + i, "wrong password!!".toCharArray(), null, "203.0.113.9");
    }
    SignInResult.Refused locked = (SignInResult.Refused)
        accounts.signIn("someone", "wrong password!!".toCharArray(), null, "203.0.113.9");
    assertThat(locked.reason()).isEqualTo(SignInResult.Reason.LOCKED);
    assertThat(accounts.signIn("someone", "wrong password!!".toCharArray(), null, "203.0.113.10"))
        .isEqualTo(new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO));
  }

  @Test
  void anAddressesFailuresAreForgottenAfterAnHourWithoutOne() {
    for (int i = 0; i < 99; i++) {
      accounts.signIn("nobody" + i, "wrong password!!".toCharArray(), null, "203.0.113.11");
    }
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 98; i++) {
      accounts.signIn("again" + i, "wrong password!!".toCharArray(), null, "203.0.113.11");
    }
    assertThat(accounts.signIn("someone", "wrong password!!".toCharArray(), null, "203.0.113.11"))
        .isEqualTo(new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO));
  }

  @Test
  void wrongCodesAfterTheRightPasswordFromManyAddressesLockTheUser() {
    enrol("hal", Role.AUDITOR);
    byte[] secret = lastSecret;
    for (int i = 0; i < 10; i++) {
      accounts.signIn("hal", PASSWORD.toCharArray(), "000000", "198.51.100." + i);
    }
    SignInResult.Refused locked = (SignInResult.Refused) accounts.signIn("hal",
        PASSWORD.toCharArray(), Totp.code(secret, step()), "198.51.100.200");
    assertThat(locked.reason()).isEqualTo(SignInResult.Reason.LOCKED);

    for (int i = 0; i < 20; i++) {
      accounts.signIn("erin-unknown", "wrong password!!".toCharArray(), null, "198.51.101." + i);
    }
    assertThat(events).filteredOn(e -> e.action() == AuditAction.ADMIN_LOCKED_OUT)
        .extracting(AuditEvent::target).containsExactly("user");
  }

  @Test
  void aMalformedOrOverlongNameIsThrottledWithoutFailing() {
    String longName = "x".repeat(5000);
    assertThat(accounts.signIn(longName, PASSWORD.toCharArray(), null, "10.8.0.1"))
        .isEqualTo(new SignInResult.Refused(SignInResult.Reason.INVALID_CREDENTIALS, Duration.ZERO));
    assertThat(accounts.signIn(longName, PASSWORD.toCharArray(), null, "10.8.0.1"))
        .extracting(r -> ((SignInResult.Refused) r).reason())
        .isEqualTo(SignInResult.Reason.BACKING_OFF);
  }

  @Test
  void usersAreListedWithoutHashesOrSecrets() {
    enrol("ivy", Role.ADMIN);
    accounts.addUser(null, "jack", Role.DEVELOPER, PASSWORD.toCharArray(), "");
    assertThat(accounts.users()).extracting(AdminAccounts.UserInfo::name, u -> u.role(),
            AdminAccounts.UserInfo::mfaEnrolled, AdminAccounts.UserInfo::disabled)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ivy", Role.ADMIN, true, false),
            org.assertj.core.groups.Tuple.tuple("jack", Role.DEVELOPER, false, false));
    assertThat(accounts.users().toString()).doesNotContain("argon2").doesNotContain(PASSWORD);
  }

  @Test
  void aDisabledUserCannotSignInAndLosesItsSessionsUntilEnabled() {
    SignInResult.Session session = enrol("kim", Role.ADMIN).session();
    byte[] secret = lastSecret;
    assertThat(accounts.setDisabled(null, "kim", true, "")).isTrue();
    assertThat(accounts.setDisabled(null, "kim", true, "")).isFalse();
    assertThat(accounts.authenticate(session.token())).isEmpty();
    assertThat(accounts.signIn("kim", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.4.0.1")).isInstanceOf(SignInResult.Refused.class);

    clock.advance(Duration.ofMinutes(10));
    assertThat(accounts.setDisabled(null, "kim", false, "")).isTrue();
    assertThat(accounts.signIn("kim", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.4.0.2")).isInstanceOf(SignInResult.Session.class);
    assertThat(events).extracting(AuditEvent::action)
        .contains(AuditAction.USER_DISABLED, AuditAction.USER_ENABLED);
  }

  @Test
  void aResetPasswordReplacesTheOldOneEndsSessionsAndForgetsFailures() {
    SignInResult.Session session = enrol("lou", Role.AUDITOR).session();
    byte[] secret = lastSecret;
    for (int i = 0; i < 10; i++) {
      accounts.signIn("lou", "wrong password!!".toCharArray(), "123456", "10.5.0.1");
      clock.advance(Duration.ofMinutes(6));
    }
    String fresh = "a brand new canary password 77";
    accounts.resetPassword(null, "lou", fresh.toCharArray(), "");
    assertThat(accounts.authenticate(session.token())).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(accounts.signIn("lou", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.5.0.2")).isInstanceOf(SignInResult.Refused.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(accounts.signIn("lou", fresh.toCharArray(), Totp.code(secret, step()),
        "10.5.0.1")).isInstanceOf(SignInResult.Session.class);
    assertThat(events).filteredOn(e -> e.action() == AuditAction.PASSWORD_CHANGED)
        .singleElement().satisfies(e -> {
          assertThat(e.target()).isEqualTo("user:lou");
          assertThat(e.toString()).doesNotContain(fresh);
        });
  }

  @Test
  void aResetSecondFactorEndsSessionsAndMakesTheNextSignInEnrolAgain() {
    SignInResult.Enrolled enrolled = enrol("max", Role.OWNER);
    byte[] secret = lastSecret;
    accounts.resetMfa(null, "max", "");
    assertThat(accounts.authenticate(enrolled.session().token())).isEmpty();
    assertThat(accounts.find("max")).get().extracting(AdminAccounts.UserInfo::mfaEnrolled)
        .isEqualTo(false);
    clock.advance(Duration.ofMinutes(1));
    assertThat(accounts.signIn("max", PASSWORD.toCharArray(), enrolled.recoveryCodes().get(0),
        "10.6.0.1")).isInstanceOf(SignInResult.EnrollmentRequired.class);
    assertThat(accounts.signIn("max", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.6.0.2")).isInstanceOf(SignInResult.EnrollmentRequired.class);
    assertThat(events).extracting(AuditEvent::action).contains(AuditAction.MFA_RESET);
  }

  @Test
  void userChangesNeedARoleAtLeastAsHighAndAnExistingLocalUser() {
    accounts.addUser(null, "olga", Role.OWNER, PASSWORD.toCharArray(), "");
    AdminPrincipal admin = new AdminPrincipal("pete", Role.ADMIN);
    assertThatThrownBy(() -> accounts.setDisabled(admin, "olga", true, ""))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> accounts.resetMfa(admin, "olga", ""))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> accounts.setDisabled(null, "nobody", true, ""))
        .hasMessageContaining("no admin user named 'nobody'");
    assertThatThrownBy(() -> accounts.setDisabled(new AdminPrincipal("olga", Role.OWNER), "olga",
        true, "")).hasMessageContaining("itself");
    String sso = accounts.federatedSession(new OidcSignIn.Identity("https://issuer.example",
        "subject-1", Role.DEVELOPER), "").orElseThrow().principal().name();
    assertThatThrownBy(() -> accounts.resetPassword(null, sso, PASSWORD.toCharArray(), ""))
        .hasMessageContaining("single sign-on");
    assertThat(accounts.find(sso)).get().extracting(AdminAccounts.UserInfo::federated)
        .isEqualTo(true);
  }

  @Test
  void unknownUserAndWrongPasswordLookTheSame() {
    enrol("erin", Role.ADMIN);
    SignInResult unknown = accounts.signIn("zed", PASSWORD.toCharArray(), "123456", "10.9.0.1");
    SignInResult wrong = accounts.signIn("erin", "not the password".toCharArray(), "123456", "10.9.0.2");
    assertThat(unknown).isEqualTo(wrong);
  }

  @Test
  void sessionsExpireAndSignOutEndsThem() {
    SignInResult.Session session = enrol("fay", Role.AUDITOR).session();
    assertThat(accounts.authenticate(session.token())).isPresent();
    accounts.signOut(session.token(), "10.0.0.6");
    assertThat(accounts.authenticate(session.token())).isEmpty();

    SignInResult.Session other = enrol("gus", Role.AUDITOR).session();
    clock.advance(Duration.ofMinutes(14));
    assertThat(accounts.authenticate(other.token())).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(accounts.authenticate(other.token())).isEmpty();
  }

  @Test
  void adminCannotCreateAnOwner() {
    AdminPrincipal admin = new AdminPrincipal("root", Role.ADMIN);
    assertThatThrownBy(() -> accounts.addUser(admin, "hal", Role.OWNER,
            PASSWORD.toCharArray(), "10.0.0.7"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> accounts.addUser(null, "ivy", Role.ADMIN,
            "short".toCharArray(), "10.0.0.7"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noSecretReachesAnAuditEvent() {
    SignInResult.Enrolled enrolled = enrol("jan", Role.OWNER);
    accounts.signIn("jan", PASSWORD.toCharArray(), enrolled.recoveryCodes().get(0), "10.0.0.8");
    accounts.signIn("jan", (PASSWORD + "x").toCharArray(), "654321", "10.0.0.8");
    for (int i = 0; i < events.size(); i++) {
      String encoded = AuditEntryCodec.encode(i, events.get(i));
      assertThat(encoded).doesNotContain("canary-5e1f");
      assertThat(encoded).doesNotContain(enrolled.session().token().value());
      for (String code : enrolled.recoveryCodes()) {
        assertThat(encoded).doesNotContain(code).doesNotContain(code.replace("-", ""));
      }
    }
    assertThat(enrolled.session().token().toString()).doesNotContain(
        enrolled.session().token().value());
    assertThat(events).extracting(AuditEvent::outcome).contains(AuditOutcome.FAILURE);
  }

  @Test
  void federatedUserGetsASessionWithTheIssuersRoleAndNoPasswordSignIn() {
    OidcSignIn.Identity identity =
        new OidcSignIn.Identity("https://idp.example.com", "subject-7", Role.AUDITOR);
    SignInResult.Session session = accounts.federatedSession(identity, "10.0.0.9").orElseThrow();
    assertThat(session.principal().role()).isEqualTo(Role.AUDITOR);
    assertThat(session.principal().name()).startsWith("sso-").hasSize(28);
    assertThat(accounts.authenticate(session.token())).contains(session.principal());

    SignInResult.Session promoted = accounts.federatedSession(
        new OidcSignIn.Identity("https://idp.example.com", "subject-7", Role.ADMIN), "10.0.0.9")
        .orElseThrow();
    assertThat(promoted.principal().name()).isEqualTo(session.principal().name());
    assertThat(accounts.authenticate(session.token()))
        .contains(new AdminPrincipal(session.principal().name(), Role.ADMIN));
    assertThat(accounts.signIn(session.principal().name(), "!sso".toCharArray(), null, "10.0.0.9"))
        .isInstanceOf(SignInResult.Refused.class);
    assertThat(events).extracting(AuditEvent::action).contains(AuditAction.USER_ROLE_CHANGED);
  }

  @Test
  void theDatabaseNeverHoldsTheTotpSecretInTheClear() throws Exception {
    accounts.addUser(null, "alice", Role.ADMIN, PASSWORD.toCharArray(), "127.0.0.1");
    SessionToken enrolToken = ((SignInResult.EnrollmentRequired) accounts.signIn(
        "alice", PASSWORD.toCharArray(), null, "10.0.0.1")).enrollmentToken();
    SignInResult.Enrollment enrollment = accounts.beginEnrollment(enrolToken);
    String base32 = enrollment.secretBase32();
    assertThat(row("alice")).doesNotContainIgnoringCase(base32);

    byte[] secret = Totp.Base32.decode(base32);
    accounts.completeEnrollment(enrolToken, Totp.code(secret, step()), "10.0.0.1").orElseThrow();
    String row = row("alice");
    assertThat(row).doesNotContainIgnoringCase(base32)
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(secret))
        .doesNotContainIgnoringCase(java.util.HexFormat.of().formatHex(secret));
    assertThat(column("alice", "totp_sealed")).isNotBlank();
    assertThat(column("alice", "totp_secret")).isNull();
    assertThat(new String(Files.readAllBytes(temp.resolve("admin.db")),
        java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContainIgnoringCase(base32);
    assertThat(events.toString()).doesNotContainIgnoringCase(base32);
  }

  @Test
  void aSealedSecretCopiedToAnotherUsersRowDoesNotOpen() throws Exception {
    enrol("alice", Role.ADMIN);
    byte[] aliceSecret = lastSecret;
    enrol("bob", Role.AUDITOR);
    update("UPDATE admin_user SET totp_sealed = ? WHERE name = 'bob'", column("alice", "totp_sealed"));
    clock.advance(Duration.ofSeconds(60));

    assertThatThrownBy(() -> accounts.signIn(
        "bob", PASSWORD.toCharArray(), Totp.code(aliceSecret, step()), "10.0.0.2"))
        .isInstanceOf(CryptoException.class)
        .hasMessageNotContaining(Totp.Base32.encode(aliceSecret));
    assertThat(accounts.signIn("alice", PASSWORD.toCharArray(), Totp.code(aliceSecret, step()),
        "10.0.0.1")).isInstanceOf(SignInResult.Session.class);
  }

  @Test
  void aBase32SecretLeftByAnOlderVersionIsSealedAtTheNextSignIn() throws Exception {
    accounts.addUser(null, "carol", Role.ADMIN, PASSWORD.toCharArray(), "127.0.0.1");
    byte[] secret = Totp.newSecret();
    String base32 = Totp.Base32.encode(secret);
    update("UPDATE admin_user SET totp_secret = ? WHERE name = 'carol'", base32);

    assertThat(accounts.signIn("carol", PASSWORD.toCharArray(), null, "10.0.0.3"))
        .isInstanceOf(SignInResult.Refused.class);
    clock.advance(Duration.ofMinutes(1));
    assertThat(accounts.signIn("carol", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.0.0.3")).isInstanceOf(SignInResult.Session.class);
    assertThat(column("carol", "totp_secret")).isNull();
    assertThat(row("carol")).doesNotContainIgnoringCase(base32);

    clock.advance(Duration.ofMinutes(1));
    assertThat(accounts.signIn("carol", PASSWORD.toCharArray(), Totp.code(secret, step()),
        "10.0.0.3")).isInstanceOf(SignInResult.Session.class);
  }

  /** Every column of a user's row, as text. */
  private String row(String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT * FROM admin_user WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          out.append(rs.getString(i)).append('|');
        }
        return out.toString();
      }
    }
  }

  private String column(String name, String column) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + column + " FROM admin_user WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private void update(String sql, String value) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, value);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void defaultHasherWritesArgon2idHashesThatVerify() {
    String hash = PasswordHasher.DEFAULT.hash(PASSWORD.toCharArray());
    assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
    assertThat(PasswordHasher.DEFAULT.verify(PASSWORD.toCharArray(), hash)).isTrue();
    assertThat(PasswordHasher.DEFAULT.verify("another password".toCharArray(), hash)).isFalse();
    assertThat(FAST.verify(PASSWORD.toCharArray(), hash)).isTrue();
  }
}
