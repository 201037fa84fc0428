package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values written so that a plain scan would miss them are found, and cover the hiding chars. */
class HiddenValuesTest {

  private static Detector detector;

  @BeforeAll
  static void load() {
    detector = Detectors.standard(0.5);
  }

  /** The one finding of {@code type} in {@code text}, as the original text it covers. */
  private static String found(String text, EntityType type) {
    List<Finding> of = detector.scan(text).stream().filter(f -> f.type() == type).toList();
    assertThat(of).as("%s in %s", type, text).hasSize(1);
    return of.get(0).valueIn(text);
  }

  @Test
  void cardNumbersWithNoBreakOrZeroWidthSpacesOrALineBreakAreFound() {
    assertThat(found("my card 4556\u00A07375\u00A08689\u00A09855 thanks", EntityType.CREDIT_CARD))
        .isEqualTo("4556\u00A07375\u00A08689\u00A09855");
    assertThat(found("card 4556\u200B7375\u200B8689\u200B9855.", EntityType.CREDIT_CARD))
        .isEqualTo("4556\u200B7375\u200B8689\u200B9855");
    assertThat(found("card 4556 7375\n8689 9855 exp 11/27", EntityType.CREDIT_CARD))
        .isEqualTo("4556 7375\n8689 9855");
  }

  @Test
  void emailsWithZeroWidthSpacesSoftHyphensOrLookAlikeLettersAreFound() {
    assertThat(found("mail jane.doe\u200B@example.com now", EntityType.EMAIL_ADDRESS))
        .isEqualTo("jane.doe\u200B@example.com");
    assertThat(found("mail jane\u00ADdoe@example.com now", EntityType.EMAIL_ADDRESS))
        .isEqualTo("jane\u00ADdoe@example.com");
    // a Cyrillic а in the local part
    assertThat(found("mail j\u0430ne@example.com now", EntityType.EMAIL_ADDRESS))
        .isEqualTo("j\u0430ne@example.com");
  }

  @Test
  void percentEncodedAndEntityEncodedAtSignsAreFound() {
    assertThat(found("write to jane%40example.com", EntityType.EMAIL_ADDRESS))
        .isEqualTo("jane%40example.com");
    assertThat(found("write to jane&#64;example.com", EntityType.EMAIL_ADDRESS))
        .isEqualTo("jane&#64;example.com");
    assertThat(found("write to jane&#x40;example&period;com", EntityType.EMAIL_ADDRESS))
        .isEqualTo("jane&#x40;example&period;com");
  }

  @Test
  void fullwidthDigitsAndLettersAreFound() {
    String text = "card \uFF14\uFF15\uFF15\uFF16 \uFF17\uFF13\uFF17\uFF15 \uFF18\uFF16\uFF18\uFF19 \uFF19\uFF18\uFF15\uFF15";
    assertThat(found(text, EntityType.CREDIT_CARD)).startsWith("\uFF14").endsWith("\uFF15");
  }

  @Test
  void anAwsKeyWithAZeroWidthSpaceIsFound() {
    String text = "key AKIA\u200BZ7Q3LMXR4K2WPN6T ok";
    assertThat(found(text, EntityType.SECRET)).isEqualTo("AKIA\u200BZ7Q3LMXR4K2WPN6T");
  }

  @Test
  void aBase64BlobHoldingPersonalDataIsFoundWhole() {
    String blob = Base64.getEncoder().encodeToString(
        "name=Jane Doe, email=jane.doe@example.com".getBytes(StandardCharsets.UTF_8));
    String text = "payload: " + blob + " end";
    List<Finding> all = detector.scan(text);
    assertThat(all).anySatisfy(f -> {
      assertThat(f.start()).isEqualTo(text.indexOf(blob));
      assertThat(f.end()).isEqualTo(text.indexOf(blob) + blob.length());
    });
  }

  @Test
  void ordinaryTextAndBinaryBase64AreLeftAlone() {
    assertThat(detector.scan("The 50% discount & free shipping end on 4 May.")).noneMatch(
        f -> f.type() == EntityType.EMAIL_ADDRESS || f.type() == EntityType.CREDIT_CARD);
    String binary = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13,
        10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0});
    assertThat(detector.scan("image " + binary)).noneMatch(f -> f.recognizer().equals("base64"));
  }

  @Test
  void aTextWithNothingToUndoHasNoView() {
    assertThat(NormalizedText.of("plain ASCII, 100% fine & dandy")).isNull();
  }
}
