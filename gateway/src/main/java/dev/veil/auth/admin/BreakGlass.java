package dev.veil.auth.admin;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditOutcome;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gate in front of reading stored content: the role must allow {@link
 * Permission#CONTENT_READ_BREAK_GLASS}, a reason must be given, and every attempt, allowed or not,
 * is an audit event. The record's content is read only after {@link #open} returns.
 *
 * <p><b>Security:</b> the reason goes into the audit log as given; it is meant for a ticket number
 * or a short justification, never for content.
 */
public final class BreakGlass {

  private static final int MIN_REASON = 8;
  private static final int MAX_REASON = 200;

  private final Consumer<AuditEvent> audit;
  private final Clock clock;

  public BreakGlass(Consumer<AuditEvent> audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Records the access and lets it proceed.
   *
   * @param recordId the stored record about to be read
   * @throws AccessDeniedException if the role does not allow it (recorded as denied)
   * @throws IllegalArgumentException if the reason is missing, shorter than 8 or longer than 200
   *     characters (recorded as denied)
   */
  public void open(AdminPrincipal principal, String recordId, String reason, String source) {
    String why = reason == null ? "" : reason.strip();
    if (!principal.role().allows(Permission.CONTENT_READ_BREAK_GLASS)) {
      record(principal, recordId, source, AuditOutcome.DENIED, Map.of("denied", "role"));
      throw new AccessDeniedException(principal.role(), Permission.CONTENT_READ_BREAK_GLASS);
    }
    if (why.length() < MIN_REASON || why.length() > MAX_REASON) {
      record(principal, recordId, source, AuditOutcome.DENIED, Map.of("denied", "reason"));
      throw new IllegalArgumentException(
          "reading content needs a reason of " + MIN_REASON + " to " + MAX_REASON + " characters");
    }
    record(principal, recordId, source, AuditOutcome.SUCCESS, Map.of("reason", why));
  }

  private void record(AdminPrincipal principal, String recordId, String source,
      AuditOutcome outcome, Map<String, String> details) {
    audit.accept(new AuditEvent(clock.instant(), principal.actor(), AuditAction.CONTENT_READ,
        "record:" + recordId, source == null ? "" : source, outcome, details));
  }
}
