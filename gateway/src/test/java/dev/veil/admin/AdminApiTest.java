package dev.veil.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminApiTest {

  /** Regression: 1.5 s became "Retry-After: 1", so a client that obeyed it was refused again. */
  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    assertThat(AdminApi.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
    assertThat(AdminApi.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(AdminApi.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
    assertThat(AdminApi.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(AdminApi.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
  }
}
