package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticTest {

  @Test
  void generatedCardNumbersPassTheLuhnCheck() {
    Synthetic gen = new Synthetic(3L, true);
    for (int i = 0; i < 500; i++) {
      String digits = gen.creditCard().replaceAll("[ -]", "");
      int sum = 0;
      for (int k = 0; k < digits.length(); k++) {
        int d = digits.charAt(digits.length() - 1 - k) - '0';
        if (k % 2 == 1) {
          d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
      }
      assertThat(sum % 10).as(digits).isZero();
    }
  }

  @Test
  void generatedIbansHaveValidCheckDigits() {
    Synthetic gen = new Synthetic(4L, true);
    for (int i = 0; i < 500; i++) {
      String iban = gen.iban().replace(" ", "");
      String moved = iban.substring(4) + iban.substring(0, 4);
      StringBuilder numeric = new StringBuilder();
      for (char c : moved.toCharArray()) {
        numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
      }
      assertThat(new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue()).as(iban).isEqualTo(1);
    }
  }

  @Test
  void spansLieInsideTheTextAndCoverNoSurroundingSpace() {
    Synthetic gen = new Synthetic(5L, false);
    Set<String> types = Set.of("PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS", "EMAIL_ADDRESS",
        "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "DATE_TIME", "IP_ADDRESS", "URL");
    for (int i = 0; i < 2000; i++) {
      Example e = gen.next();
      for (Example.Span s : e.spans()) {
        assertThat(types).contains(s.type());
        assertThat(s.start()).isGreaterThanOrEqualTo(0);
        assertThat(s.end()).isLessThanOrEqualTo(e.text().length()).isGreaterThan(s.start());
        String value = e.text().substring(s.start(), s.end());
        assertThat(value).isEqualTo(value.strip());
      }
    }
  }

  @Test
  void markupRoundTripsExamples() {
    Synthetic gen = new Synthetic(6L, true);
    for (int i = 0; i < 200; i++) {
      Example e = gen.next();
      assertThat(Markup.parse(Markup.format(e))).isEqualTo(e);
    }
  }
}
