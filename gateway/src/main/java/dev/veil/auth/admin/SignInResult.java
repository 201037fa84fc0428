package dev.veil.auth.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a sign-in step led to. */
public sealed interface SignInResult {

  /** Signed in; send {@code token} as a bearer token until {@code expiresAt}. */
  record Session(SessionToken token, AdminPrincipal principal, Instant expiresAt)
      implements SignInResult {}

  /**
   * Password accepted but no second factor is enrolled yet: the token allows only {@link
   * AdminAccounts#beginEnrollment} and {@link AdminAccounts#completeEnrollment}.
   */
  record EnrollmentRequired(SessionToken enrollmentToken, Instant expiresAt)
      implements SignInResult {}

  /**
   * Refused. The reason does not tell an unknown user from a wrong password.
   *
   * @param retryAfter how long to wait before trying again, zero if at once
   */
  record Refused(Reason reason, Duration retryAfter) implements SignInResult {}

  /** Why a sign-in was refused. */
  enum Reason {
    INVALID_CREDENTIALS,
    /** Too many recent failures: wait {@code retryAfter}. */
    BACKING_OFF,
    /** Locked out for {@code retryAfter} after repeated failures. */
    LOCKED
  }

  /**
   * A second factor to scan, shown once.
   *
   * <p><b>Security:</b> both fields are the TOTP secret; {@link #toString()} hides them.
   */
  record Enrollment(String otpauthUri, String secretBase32) {
    @Override
    public String toString() {
      return "Enrollment[██]";
    }
  }

  /**
   * Enrolment done: a session, and recovery codes shown once.
   *
   * <p><b>Security:</b> {@link #toString()} hides the codes.
   */
  record Enrolled(Session session, List<String> recoveryCodes) {
    @Override
    public String toString() {
      return "Enrolled[" + session.principal() + ", " + recoveryCodes.size() + " recovery codes]";
    }
  }
}
