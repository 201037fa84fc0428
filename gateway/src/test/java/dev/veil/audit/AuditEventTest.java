package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  private static final String CANARY = "sk-canary-9d41c0ffee";

  @Test
  void canonicalEntryHasSortedKeysAndNoWhitespace() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("zeta", "1");
    details.put("alpha", "two words");
    AuditEvent event =
        new AuditEvent(
            Instant.parse("2026-03-04T05:06:07.890123Z"),
            "user:alice",
            AuditAction.CONTENT_READ,
            "record:r1",
            "192.0.2.7",
            AuditOutcome.DENIED,
            details);
    assertThat(AuditEntryCodec.encode(42, event))
        .isEqualTo(
            "{\"action\":\"content.read\",\"actor\":\"user:alice\",\"details\":{\"alpha\":\"two"
                + " words\",\"zeta\":\"1\"},\"outcome\":\"denied\",\"seq\":42,\"source\":\"192.0.2.7\","
                + "\"target\":\"record:r1\",\"time\":\"2026-03-04T05:06:07.890Z\",\"v\":1}");
  }

  @Test
  void sequenceNumberIsFoundOnlyAtTheTopLevel() {
    AuditEvent event =
        AuditEvent.of("user:a", AuditAction.CONFIG_CHANGED, "x", "", AuditOutcome.SUCCESS)
            .with("note", "\"seq\":7 {\"seq\":8}")
            .with("aseq", "9");
    byte[] entry = AuditEntryCodec.encode(123, event).getBytes(StandardCharsets.UTF_8);
    assertThat(AuditEntryCodec.seqOf(entry, entry.length)).isEqualTo(123);
    byte[] none = "{\"a\":{\"seq\":5}}".getBytes(StandardCharsets.UTF_8);
    assertThat(AuditEntryCodec.seqOf(none, none.length)).isEqualTo(-1);
  }

  @Test
  void everyActionHasADistinctDottedWireName() {
    assertThat(AuditAction.ADMIN_SIGN_IN.wireName()).isEqualTo("admin.sign_in");
    assertThat(java.util.Arrays.stream(AuditAction.values()).map(AuditAction::wireName).distinct())
        .hasSize(AuditAction.values().length);
  }

  @Test
  void invalidFieldsAreRefusedWithoutEchoingTheValue() {
    AuditEvent base = AuditEvent.of("user:a", AuditAction.POLICY_CHANGED, "", "", AuditOutcome.SUCCESS);
    assertThatThrownBy(() -> base.with("note", CANARY + "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(CANARY);
    assertThatThrownBy(() -> base.with("note", CANARY.repeat(20)))
        .message()
        .doesNotContain(CANARY);
    assertThatThrownBy(() -> base.with("Bad-Key", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> AuditEvent.of("", AuditAction.POLICY_CHANGED, "", "", AuditOutcome.SUCCESS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
