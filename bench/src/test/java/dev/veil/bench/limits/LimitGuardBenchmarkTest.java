package dev.veil.bench.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitGuardBenchmarkTest {

  @Test
  void theGuardsLetTheRequestPassAndThePromptIsAboutAKilobyte() throws Exception {
    LimitGuardBenchmark bench = new LimitGuardBenchmark();
    bench.counters = "local";
    bench.setUp();
    try {
      assertThat(bench.limitGuards().status()).isEqualTo(200);
      assertThat(LimitGuardBenchmark.PROMPT.length()).isBetween(1_000, 1_400);
      assertThat(bench.tokenCount()).isBetween(200L, 300L);
    } finally {
      bench.tearDown();
    }
  }
}
