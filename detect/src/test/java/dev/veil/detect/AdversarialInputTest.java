package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to make a backtracking or quadratic scanner blow up. Each must be scanned by the
 * full detector within the timeout; a linear scanner needs a small fraction of it.
 */
class AdversarialInputTest {

  private static final int SIZE = 1 << 18;
  private static final Detector DETECTOR = Detectors.standard();

  private static String repeat(String unit) {
    return unit.repeat(SIZE / unit.length() + 1);
  }

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of("a@ repeated", repeat("a@")),
        Arguments.of("a@a. repeated", repeat("a@a.")),
        Arguments.of("one long local part then @", repeat("a") + "@" + repeat("b.")),
        Arguments.of("long digit run", repeat("1")),
        Arguments.of("digits with single spaces", repeat("4 ")),
        Arguments.of("digits with dashes", repeat("12-")),
        Arguments.of("dots", repeat(".")),
        Arguments.of("dashes", repeat("-")),
        Arguments.of("colons", repeat(":")),
        Arguments.of("hex and colons", repeat("a:")),
        Arguments.of("double colons", repeat("1::")),
        Arguments.of("scheme separators", repeat("://")),
        Arguments.of("http scheme repeated", repeat("http://a")),
        Arguments.of("unclosed PEM blocks", repeat("-----BEGIN PRIVATE KEY-----\nMIIE")),
        Arguments.of("one unclosed PEM block", "-----BEGIN RSA PRIVATE KEY-----\n" + repeat("A")),
        Arguments.of("context words", repeat("card ssn iban phone passport ")),
        Arguments.of("context words then one value", repeat("card ") + "4111111111111111"),
        Arguments.of("assignments", repeat("password=")),
        Arguments.of("key value chain", repeat("password:x")),
        Arguments.of("quotes after keys", repeat("token=\"")),
        Arguments.of("JWT starts", repeat("eyJ.")),
        Arguments.of("JWT-like parts", repeat("eyJhbGciOi.")),
        Arguments.of("secret prefixes", repeat("ghp_ sk- xoxb- AKIA AIza ")),
        Arguments.of("prefix with long body", "sk-proj-" + repeat("a")),
        Arguments.of("month names", repeat("March 3, ")),
        Arguments.of("ordinal days", repeat("3rd of ")),
        Arguments.of("times", repeat("10:30 ")),
        Arguments.of("IBAN-like", repeat("DE89 ")),
        Arguments.of("base58 run", repeat("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN")),
        Arguments.of("telegram-like colons", repeat("12345678:")),
        Arguments.of("mailchimp markers", repeat("-us1")),
        Arguments.of("azure markers", repeat("Q~")),
        Arguments.of("www dots", repeat("www.")),
        Arguments.of("plus and parens", repeat("+(")),
        Arguments.of("phone words and national numbers", repeat("phone 0123 4567 ")),
        Arguments.of("phone word then digit groups", "tel " + repeat("12 ")),
        Arguments.of("mixed punctuation", repeat("a.b-c:d@e/f=g;h")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void scanFinishesQuickly(String name, String input) {
    assertThat(DETECTOR.scan(input)).isNotNull();
  }
}
