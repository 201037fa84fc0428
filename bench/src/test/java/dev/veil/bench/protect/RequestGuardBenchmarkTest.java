package dev.veil.bench.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.bench.detect.PromptTexts;
import dev.veil.protect.ProtectionResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestGuardBenchmarkTest {

  private final RequestGuardBenchmark bench = new RequestGuardBenchmark();

  @BeforeAll
  void setUp() {
    bench.setUp();
  }

  @AfterAll
  void tearDown() {
    bench.tearDown();
  }

  @Test
  void theRequestIsAboutFourKilobytes() {
    int bytes = ProtectFixture.chatRequest(false).toString().getBytes(StandardCharsets.UTF_8).length;

    assertThat(bytes).isBetween(4_000, 4_700);
  }

  @Test
  void protectionPseudonymisesTheTenPersonalValuesAndTwoMoreFindings() {
    ProtectionResult.Protected result = (ProtectionResult.Protected) bench.protect();
    String sent = result.body().toString();

    assertThat(result.receipt().total()).isEqualTo(12);
    for (String value : PromptTexts.personalValues()) {
      assertThat(sent).doesNotContain(value);
    }
  }

  @Test
  void theGuardRestoresTheAnswerOfTheTerminal() {
    String answer = new String(bench.protectGuard(), StandardCharsets.UTF_8);

    assertThat(answer).contains("Margaret Lindqvist", "m.lindqvist@example.com", "Daniel Okafor",
        "+44 20 7946 0958");
    assertThat(answer).doesNotContain("[PERSON_", "[EMAIL_ADDRESS_", "[PHONE_NUMBER_");
  }

  @Test
  void everyCallProtectsTheOriginalRequestAgain() {
    bench.protect();
    byte[] first = bench.protectGuard();

    assertThat(bench.protect().receipt().total()).isEqualTo(12);
    assertThat(bench.protectGuard()).isEqualTo(first);
  }
}
