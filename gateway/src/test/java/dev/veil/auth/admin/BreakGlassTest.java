package dev.veil.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakGlassTest {

  private final List<AuditEvent> events = new ArrayList<>();
  private final BreakGlass glass = new BreakGlass(events::add, Clock.systemUTC());

  @Test
  void everyRoleIsCheckedAndEveryAttemptIsAudited() {
    for (Role role : Role.values()) {
      AdminPrincipal who = new AdminPrincipal("u-" + role.wireName(), role);
      if (role.allows(Permission.CONTENT_READ_BREAK_GLASS)) {
        glass.open(who, "r1", "ticket INC-4711", "10.0.0.1");
      } else {
        assertThatThrownBy(() -> glass.open(who, "r1", "ticket INC-4711", "10.0.0.1"))
            .isInstanceOf(AccessDeniedException.class);
      }
    }
    assertThat(events).hasSize(Role.values().length);
    assertThat(events).allMatch(e -> e.action() == AuditAction.CONTENT_READ);
    assertThat(events).filteredOn(e -> e.outcome() == AuditOutcome.SUCCESS)
        .extracting(AuditEvent::actor)
        .containsExactlyInAnyOrder("user:u-owner", "user:u-admin");
  }

  @Test
  void readingWithoutAReasonIsRefusedAndAudited() {
    AdminPrincipal owner = new AdminPrincipal("olga", Role.OWNER);
    assertThatThrownBy(() -> glass.open(owner, "r2", "  ", "10.0.0.2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(events).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED));
  }
}
