package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreetAddressRecognizerTest {

  private static StreetAddressRecognizer recognizer;

  @BeforeAll
  static void load() {
    recognizer = new StreetAddressRecognizer(Lexicon.load());
  }

  private static List<String> addresses(String text) {
    List<Finding> out = new ArrayList<>();
    recognizer.recognize(text, out);
    return out.stream().filter(f -> f.type() == EntityType.STREET_ADDRESS).map(f -> f.valueIn(text))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1600 Pennsylvania Ave NW, Washington, DC 20500",
      "350 Fifth Avenue, Suite 3300, New York, NY 10118",
      "42 Wallaby Way",
      "0487 Hansen Ways Apt. 443\nNorth Brianfort, OR 59183",
      "7 W 34th St, New York, NY 10001-2304",
      "221B Baker Street, London NW1 6XE",
      "PO Box 4521, Austin, TX 78701",
      "P.O. Box 77",
      "12 Oak Lane, Springfield, Illinois 62704",
      "88 Martin Luther King Jr Blvd #12",
      "5 main st, boston, ma 02108"})
  void wholeAddressIsOneFinding(String address) {
    assertThat(addresses("Please send it to " + address + " by Monday.")).containsExactly(address);
  }

  @Test
  void numbersBeforeOrdinaryWordsAreNotAddresses() {
    assertThat(addresses("I have 3 cats and 2 dogs. The meeting is at 10 in Room 4.")).isEmpty();
    assertThat(addresses("We shipped 200 units last week and 12 more today.")).isEmpty();
  }

  @Test
  void streetTypeAloneIsNotAnAddress() {
    assertThat(addresses("Main Street is busy; Park Avenue is quieter.")).isEmpty();
  }

  @Test
  void twoAddressesInOneTextAreBothFound() {
    assertThat(addresses("From 10 Downing Street, London SW1A 2AA to 1 Infinite Loop, Cupertino, CA 95014."))
        .containsExactly("10 Downing Street, London SW1A 2AA", "1 Infinite Loop, Cupertino, CA 95014");
  }
}
