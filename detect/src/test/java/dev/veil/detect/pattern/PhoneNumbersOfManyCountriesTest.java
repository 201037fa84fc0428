package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** National and international phone formats beyond the default regions, and look-alikes. */
class PhoneNumbersOfManyCountriesTest {

  private static final Detector DETECTOR = Detectors.structured();

  private static List<String> phones(String text) {
    return DETECTOR.scan(text).stream().filter(f -> f.type() == EntityType.PHONE_NUMBER)
        .map(f -> f.valueIn(text)).toList();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', value = {
      // national numbers of other countries, after a phone word in the local language
      "Telefon: 60-56-85-91 (Danmark)|60-56-85-91",
      "Telefonas: (37) 788-063|(37) 788-063",
      "Bel me op 0612 345 678.|0612 345 678",
      "Mon portable : 06 12 34 56 78|06 12 34 56 78",
      "Telefon: 030 901820|030 901820",
      "Teléfono: 915 123 456|915 123 456",
      "Telefone: (21) 3456-7890|(21) 3456-7890",
      "cellulare 348 765 4321|348 765 4321",
      "Телефон: 8 (812) 234-56-78|8 (812) 234-56-78",
      "Tel. 2 234 56 78 (Warszawa)|2 234 56 78",
      "mobil 0712 345 678 (București)|0712 345 678",
      "WhatsApp: 0917 234 5678|0917 234 5678",
      "手机 139 1234 5678|139 1234 5678",
      "tel 02-2345-6789 (Seoul)|02-2345-6789",
      // with a country code, the sentence may end right after the number
      "Ligue para +351 912 345 678.|+351 912 345 678",
      "Sunați la +40 721 234 567.|+40 721 234 567",
      "Call +45 60 56 85 91.|+45 60 56 85 91",
      "tel +49 (0)30 901820|+49 (0)30 901820",
      // valid-looking but unassigned numbers, after a phone word
      "Belgian mobile: +32 2 123 45 67|+32 2 123 45 67",
  })
  void findsThePhoneNumber(String text, String value) {
    assertThat(phones(text)).containsExactly(value);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "ISBN 978-3-16-148410-0 second edition",
      "call about order 123 456 789 today",
      "Order #1002345678 shipped",
      "Upgrade to version 10.0.19041.1 now",
      "The budget is 1 234 567 euros.",
      "Phone bill: 2021-03-04",
      "call me between 10:00-12:30",
      "The population was 8 336 817.",
      "tel. invoice 2023 0045 117",
      "The coordinates are 48.8566, 2.3522.",
      "Danish number 60 56 85 91 without a phone word",
      // amounts, decimals and dates after a phone word in its noun sense
      "Call volume was 12 345 678 last year.",
      "Mobile revenue grew to 4 500 000 dollars.",
      "The mobile app has 25 000 000 users.",
      "Whatsapp group has 1 234 567 members",
      "call stack depth 1 024 000",
      "The phone was released on 2021 03 04.",
      "tel 3.14159265",
  })
  void findsNoPhoneNumberIn(String text) {
    assertThat(phones(text)).isEmpty();
  }
}
