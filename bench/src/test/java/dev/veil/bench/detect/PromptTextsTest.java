package dev.veil.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTextsTest {

  @Test
  void bothBenchmarkTextsAreAboutFourKilobytes() {
    assertThat(PromptTexts.WITH_PII.length()).isBetween(3_800, 4_400);
    assertThat(PromptTexts.WITHOUT_PII.length()).isBetween(3_800, 4_400);
  }

  @Test
  void theBaselineFindsThePatternShapedValuesInTheTextWithPersonalData() {
    List<EntityType> types = new RegexBaselineDetector().scan(PromptTexts.WITH_PII).stream()
        .map(Finding::type).toList();

    assertThat(types).containsExactlyInAnyOrder(EntityType.EMAIL_ADDRESS, EntityType.EMAIL_ADDRESS,
        EntityType.PHONE_NUMBER, EntityType.PHONE_NUMBER, EntityType.CREDIT_CARD, EntityType.IBAN_CODE,
        EntityType.IP_ADDRESS);
  }

  @Test
  void theBaselineFindsNothingInTheTextWithout() {
    assertThat(new RegexBaselineDetector().scan(PromptTexts.WITHOUT_PII)).isEmpty();
  }
}
