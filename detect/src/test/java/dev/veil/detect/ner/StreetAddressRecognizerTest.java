package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreetAddressRecognizerTest {

  private static StreetAddressRecognizer recognizer;

  @BeforeAll
  static void load() {
    recognizer = new StreetAddressRecognizer(Lexicon.load());
  }

  private static List<String> zipCodes(String text) {
    List<Finding> out = new ArrayList<>();
    recognizer.recognize(text, out);
    return out.stream().filter(f -> f.type() == EntityType.ZIP_CODE).map(f -> f.valueIn(text))
        .toList();
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

  @ParameterizedTest
  @ValueSource(strings = {
      "12 rue de la Paix, 75002 Paris",
      "Hauptstraße 5, 10115 Berlin",
      "Bahnhofstr. 12\n80335 München",
      "Kerkstraat 12, 1017 GB Amsterdam",
      "Via Roma 10, 00184 Roma",
      "Calle Mayor 5, 3º B, 28013 Madrid",
      "Rua Augusta 27, 1100-048 Lisboa",
      "ul. Marszałkowska 10/12, 00-950 Warszawa",
      "Storgatan 3, 114 55 Stockholm",
      "Kossuth Lajos utca 12.\n1053 Budapest",
      "Rua das Flores, 123, São Paulo - SP, 01310-100",
      "Av. Insurgentes Sur 1602, Piso 10, 03940 Ciudad de México",
      "Flat 3, 14 Queen's Road, Brighton BN1 3XE",
      "Unit 5, 12 George Street, Sydney NSW 2000",
      "24 Sussex Drive, Ottawa, ON K1M 1M4",
      "Postfach 10 01 01, 50441 Köln",
      "Mariahilfer Straße 77, 1060 Wien"})
  void addressesOfOtherCountriesAreOneFinding(String address) {
    String text = "Bitte an " + address + " senden.";
    assertThat(addresses(text)).containsExactly(address);
    assertThat(zipCodes(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Öner Caddesi No: 40, 19654 Mersin",
      "Jl. Yulianto No. 39, 28504 Trenggalek",
      "Velebitska 58\n15670 Donja Stubica",
      "Baníkova 377\n624 19 Banská Bystrica",
      "Borgo Giordano 53\nScala C, int. 4\n84271 Quasimodo",
      "Engelbertstr. 9, Hinterhaus, 2. OG, 14907 Birkemeyerdorf",
      "Deichtorstr. 47, c/o 2. OG, 47479 Sachsegrün",
      "Kuusik põik 1c, 20158 Türi"})
  void housesAfterANumberWordOrOnTheirOwnLineAndStaircasesBelongToTheAddress(String address) {
    String text = "Ship to:\nPerla Kostrecová\n" + address + "\nTel. +421 2 17 143 000";
    assertThat(addresses(text)).containsExactly(address);
    assertThat(zipCodes(text)).isEmpty();
  }

  @Test
  void aLoneCapitalisedWordOpeningASentenceBeforeANumberIsNoStreet() {
    assertThat(addresses("Chapter 5 explains it. Table 12 lists the 10115 Berlin sites."))
        .isEmpty();
  }

  @Test
  void hungarianOrderWithPostcodeAndCityFirstIsOneFinding() {
    assertThat(addresses("Az iroda: 1053 Budapest, Kossuth Lajos utca 12."))
        .containsExactly("1053 Budapest, Kossuth Lajos utca 12.");
  }

  @Test
  void careOfLineAboveTheStreetBelongsToTheAddress() {
    assertThat(addresses("Write to c/o Northwind Traders\n45 Oak Road\nBoulder, CO 80302 soon"))
        .containsExactly("c/o Northwind Traders\n45 Oak Road\nBoulder, CO 80302");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "5 Main points to consider before the launch.",
      "Step 3 Street view is disabled in the settings.",
      "Upgrade to version 2.14.3 before Friday, it costs $12 Main.",
      "Model 3 Standard Range is cheaper.",
      "Chapter 12 Drive Safely covers the basics.",
      "Top 10 Via Ferrata routes in the Dolomites.",
      "Paris 2024 was a great Olympics.",
      "Order 94105 shipped yesterday.",
      "I have 3 cats and 2 dogs, and a Marketing plan 3 for Gate 5.",
      "reference 44026, due 2010",
      "In 2019 Berlin hosted the event."})
  void numbersNextToWordsThatLookLikeStreetsAreNeitherAddressesNorZipCodes(String text) {
    assertThat(addresses(text)).isEmpty();
    assertThat(zipCodes(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ZIP: [94105]", "Zip code [10001-2304] please", "Die PLZ ist [70173].", "CEP: [01310-100]",
      "Code postal : [31000]", "My postcode is [M1 1AE].", "Postal code [K1A 0B1] is Ottawa.",
      "The office is in Berlin [10115].", "San Francisco, CA [94107] too",
      "J'habite à [75011] Paris.",
      "〒[100-0001] Tokyo", "Mijn postcode is [1012 AB]."})
  void postcodeOutsideAnAddressIsAZipCode(String marked) {
    String text = marked.replace("[", "").replace("]", "");
    String zip = marked.substring(marked.indexOf('[') + 1, marked.indexOf(']'));
    assertThat(zipCodes(text)).containsExactly(zip);
    assertThat(addresses(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"12 Main Street, ", "Hauptstraße 5, 10115 Berlin, ", "Via Roma 1 ",
      "1 Rue De La Paix De La ", "PO Box 1 Box 2 ", "Flat 3, ", "10 01 01 ", "A1 1AA ",
      "Calle Mayor 5, 3º B, ", "New York, NY ", "1-1 ", "ZIP: 1 ", "c/o x\n"})
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void repeatedAddressPartsAreScannedInLinearTime(String unit) {
    String text = unit.repeat((1 << 18) / unit.length());
    List<Finding> out = new ArrayList<>();
    recognizer.recognize(text, out);
    assertThat(out).allSatisfy(f -> assertThat(f.end() - f.start()).isLessThan(400));
  }
}
