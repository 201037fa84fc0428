package dev.veil.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void ownerHoldsEveryPermission() {
    assertThat(Role.OWNER.permissions()).containsExactlyInAnyOrder(Permission.values());
  }

  @Test
  void auditorReadsTheAuditLogAndMetadataButNeverContentOrChanges() {
    assertThat(Role.AUDITOR.allows(Permission.AUDIT_READ)).isTrue();
    assertThat(Role.AUDITOR.allows(Permission.AUDIT_EXPORT)).isTrue();
    assertThat(Role.AUDITOR.allows(Permission.RECORDS_METADATA_READ)).isTrue();
    assertThat(Role.AUDITOR.permissions())
        .doesNotContain(
            Permission.CONTENT_READ_BREAK_GLASS,
            Permission.USERS_MANAGE,
            Permission.POLICIES_MANAGE,
            Permission.CONFIG_MANAGE,
            Permission.API_KEYS_MANAGE_ALL,
            Permission.API_KEYS_MANAGE_OWN,
            Permission.CONSENT_MANAGE,
            Permission.KEYS_ROTATE);
  }

  @Test
  void developerManagesOnlyItsOwnApiKeys() {
    assertThat(Role.DEVELOPER.permissions())
        .isEqualTo(EnumSet.of(Permission.API_KEYS_MANAGE_OWN, Permission.POLICIES_READ));
  }

  @Test
  void onlyOwnersRotateKeysAndOnlyOwnersAndAdminsBreakTheGlass() {
    for (Role role : Role.values()) {
      assertThat(role.allows(Permission.KEYS_ROTATE)).isEqualTo(role == Role.OWNER);
      assertThat(role.allows(Permission.CONTENT_READ_BREAK_GLASS))
          .isEqualTo(role == Role.OWNER || role == Role.ADMIN);
    }
  }

  @Test
  void nobodyAssignsARoleAboveTheirOwn() {
    assertThat(Role.OWNER.mayAssign(Role.OWNER)).isTrue();
    assertThat(Role.ADMIN.mayAssign(Role.OWNER)).isFalse();
    assertThat(Role.ADMIN.mayAssign(Role.DEVELOPER)).isTrue();
    assertThat(Role.AUDITOR.mayAssign(Role.DEVELOPER)).isFalse();
    assertThat(Role.DEVELOPER.mayAssign(Role.DEVELOPER)).isFalse();
  }

  @Test
  void rolesParseByNameAndUnknownNamesAreRefused() {
    assertThat(Role.parse("Auditor")).isEqualTo(Role.AUDITOR);
    assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("owner, admin");
  }
}
