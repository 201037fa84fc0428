package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final String CANARY = "canary-7Qx9-secret";

  @Test
  void toStringRevealsNothing() {
    SecretBytes s = SecretBytes.copyOf(CANARY.getBytes(StandardCharsets.UTF_8));
    assertThat(s.toString()).doesNotContain(CANARY).doesNotContain("canary").contains("redacted");
  }

  @Test
  void equalityComparesContentAndHashDependsOnlyOnLength() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes c = SecretBytes.copyOf(new byte[] {1, 2, 4});
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.hashCode()).isEqualTo(c.hashCode());
  }

  @Test
  void revealReturnsACopySoTheSecretCannotBeChangedFromOutside() {
    byte[] source = {9, 9, 9};
    SecretBytes s = SecretBytes.copyOf(source);
    source[0] = 0;
    byte[] revealed = s.reveal(InsecureKeyAccess.get());
    revealed[1] = 0;
    assertThat(s.reveal(InsecureKeyAccess.get())).containsExactly(9, 9, 9);
  }

  @Test
  void associatedDataRejectsEmptyPartsAndEncodesUnambiguously() {
    assertThatThrownBy(() -> AssociatedData.of("", "r", "f")).isInstanceOf(IllegalArgumentException.class);
    assertThat(AssociatedData.of("a|b", "c", "f").encoded())
        .isNotEqualTo(AssociatedData.of("a", "b|c", "f").encoded());
  }
}
