package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NerRecognizersTest {

  private static NerRecognizers ner;

  @BeforeAll
  static void load() {
    ner = NerRecognizers.load();
  }

  private static List<Finding> scan(String text) {
    List<Finding> out = new ArrayList<>();
    for (Recognizer r : ner.all()) {
      r.recognize(text, out);
    }
    return Scoring.resolve(out, 0.5);
  }

  private static List<String> values(String text, EntityType type) {
    return scan(text).stream().filter(f -> f.type() == type).map(f -> f.valueIn(text)).toList();
  }

  @Test
  void personAfterMyNameIsIsFound() {
    assertThat(values("Hello, my name is Maria Gonzalez and I need help.", EntityType.PERSON))
        .containsExactly("Maria Gonzalez");
  }

  @Test
  void titleMakesASurnameAPerson() {
    assertThat(values("Please call Dr. Okafor tomorrow.", EntityType.PERSON)).containsExactly("Okafor");
  }

  @Test
  void honorificWithoutADotStillMakesAPerson() {
    assertThat(values("I spoke with Dr Perkins from Facebook yesterday.", EntityType.PERSON))
        .containsExactly("Perkins");
    assertThat(values("Ask Mrs Fearing Whitlock about it.", EntityType.PERSON))
        .containsExactly("Fearing Whitlock");
    assertThat(values("The Dr Pepper General Store.", EntityType.PERSON)).doesNotContain("General");
  }

  @Test
  void greetedAndSigningNamesAreFoundButGroupsAreNot() {
    assertThat(values("Hi Pearl, thanks for reaching out.", EntityType.PERSON)).containsExactly("Pearl");
    assertThat(values("Sounds good.\nCheers, Syed", EntityType.PERSON)).containsExactly("Syed");
    assertThat(values("thanks a lot for the help\ncheers, jermaine", EntityType.PERSON))
        .containsExactly("jermaine");
    assertThat(values("Hello World! Hi team, hello everyone. Thanks, Support", EntityType.PERSON))
        .isEmpty();
  }

  @Test
  void signOffNameIsFound() {
    assertThat(values("Thanks for your help.\nBest regards,\nDaniel Kim", EntityType.PERSON))
        .containsExactly("Daniel Kim");
  }

  @Test
  void lowercaseNameAfterCueIsFound() {
    assertThat(values("my name is jennifer lopez", EntityType.PERSON)).containsExactly("jennifer lopez");
  }

  @Test
  void placesAndOrganisationsAreFound() {
    String text = "Priya Patel works at Goldman Sachs and lives in Chicago, Illinois.";
    assertThat(values(text, EntityType.ORGANIZATION)).containsExactly("Goldman Sachs");
    assertThat(values(text, EntityType.LOCATION)).contains("Chicago");
    assertThat(values(text, EntityType.PERSON)).containsExactly("Priya Patel");
  }

  @Test
  void noEntityRunsAcrossALineBreak() {
    String form = "Manager: Sarah Connor\nDepartment: Sales\nContact: Daniel Kim\nInc. 2020";
    for (Finding f : scan(form)) {
      assertThat(f.valueIn(form)).doesNotContain("\n");
    }
    assertThat(values(form, EntityType.PERSON)).contains("Sarah Connor", "Daniel Kim");
  }

  @Test
  void fieldLabelsOfAFormAreNoEntitiesButTheirValuesAre() {
    String form = "Name: John Smith\nCity: Boston\nCompany: Acme Corp\nMAC: 00:1A:2B:3C:4D:5E\n"
        + "Bank: Chase";
    List<Finding> found = scan(form);
    assertThat(found).noneMatch(f -> List.of("Name", "City", "Company", "MAC", "Bank")
        .contains(f.valueIn(form)));
    assertThat(values(form, EntityType.PERSON)).contains("John Smith");
    assertThat(values(form, EntityType.ORGANIZATION)).contains("Acme Corp");
    // a speaker in a transcript keeps their name
    assertThat(values("Mac: are you coming?\nAnna: yes", EntityType.PERSON)).contains("Mac");
  }

  @Test
  void firmsNamedAfterPartnersAreOrganisationsInOtherLanguagesToo() {
    // "A, B and C" was an organisation only with the English "and"
    assertThat(values("Der Vertrag mit Schmidt, Becker und Fischer ist unterschrieben.",
        EntityType.ORGANIZATION)).containsExactly("Schmidt, Becker und Fischer");
    assertThat(values("El despacho Gonzalez, Rojas y Ortiz nos representa.", EntityType.ORGANIZATION))
        .containsExactly("Gonzalez, Rojas y Ortiz");
  }

  @Test
  void legalFormsOfOtherCountriesMakeOrganisations() {
    // these were places or persons: only English suffixes and a few others were known
    String text = "We bought it from Tamm Aktsiaselts last year. Payment came from Rahman Berhad"
        + " on Monday. I spoke with Duarte Hermanos about the order. Invoice sent to Nowak Spółka.";
    assertThat(values(text, EntityType.ORGANIZATION)).containsExactlyInAnyOrder(
        "Tamm Aktsiaselts", "Rahman Berhad", "Duarte Hermanos", "Nowak Spółka");
    assertThat(values(text, EntityType.PERSON)).isEmpty();
    assertThat(values(text, EntityType.LOCATION)).isEmpty();
  }

  @Test
  void organisationSuffixKeepsItsAbbreviationDot() {
    assertThat(values("The invoice from Harlow Ltd. is overdue.", EntityType.ORGANIZATION))
        .containsExactly("Harlow Ltd.");
  }

  @Test
  void commonWordsAtSentenceStartAreNotNames() {
    String text = "Will you send the report? May I see it first? Long meetings are tiring. "
        + "Rose petals are red. Young people vote.";
    assertThat(values(text, EntityType.PERSON)).isEmpty();
  }

  @Test
  void capitalisedHeadingsProduceNoFlood() {
    String text = "The Quick Start Guide Explains How To Install The App And Configure Your Account. "
        + "Please Review The Attached Invoice And Confirm By Friday.";
    assertThat(scan(text)).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void allCapsTextWithoutEntitiesProducesNoFlood() {
    String text = "PLEASE SEND THE QUARTERLY REPORT BY FRIDAY. THANK YOU FOR YOUR PATIENCE. "
        + "THE SYSTEM WILL BE DOWN FOR MAINTENANCE ON SUNDAY NIGHT.";
    assertThat(scan(text)).isEmpty();
  }

  @Test
  void allCapsNameIsStillFound() {
    assertThat(values("MY NAME IS ROBERT JOHNSON AND I LIVE IN DALLAS.", EntityType.PERSON))
        .containsExactly("ROBERT JOHNSON");
  }

  @Test
  void findingsNeverRevealTheValue() {
    String canary = "Zebulon Quackenbush";
    String text = "My name is " + canary + " and I live at 12 Canaryfield Road, Leeds LS1 4AB.";
    List<Finding> found = scan(text);
    assertThat(found).isNotEmpty();
    for (Finding f : found) {
      assertThat(f.toString()).doesNotContain("Zebulon").doesNotContain("Quackenbush").doesNotContain("Canaryfield");
    }
  }

  @Test
  void emptyAndPunctuationOnlyTextsAreFine() {
    assertThat(scan("")).isEmpty();
    assertThat(scan("?!... -- ,,, \n\n\t")).isEmpty();
  }

  @Test
  void concurrentScansAgreeWithSequentialOnes() throws Exception {
    List<String> texts = List.of(
        "Contact Dr. Alice Nguyen at the Mayo Clinic in Rochester.",
        "Ship it to 55 Elm Street, Apt 3B, Springfield, IL 62704.",
        "i met carlos and ana in madrid last week",
        "Barclays and HSBC opened offices in Dublin.");
    List<List<Finding>> expected = texts.stream().map(NerRecognizersTest::scan).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int k = 0; k < 200; k++) {
        int idx = k % texts.size();
        results.add(pool.submit(() -> scan(texts.get(idx)).equals(expected.get(idx))));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void megabytesOfCapitalisedWordsScanInLinearTime() {
    StringBuilder sb = new StringBuilder();
    String[] words = {"Alpha", "Bravo", "Smith", "John", "Mr.", "Street", "Inc.", "London", "University", "Of"};
    for (int i = 0; sb.length() < 1_000_000; i++) {
      sb.append(words[i % words.length]).append(i % 7 == 0 ? ", " : " ");
    }
    String text = sb.toString();
    for (Recognizer r : ner.all()) {
      List<Finding> out = new ArrayList<>();
      r.recognize(text, out);
      assertThat(out).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void repeatedTitlesAndHouseNumbersScanInLinearTime() {
    String text = "Dr. Mr. Mrs. 12 Main Main Main ".repeat(20_000) + "\n" + "P.O. Box ".repeat(40_000);
    for (Recognizer r : ner.all()) {
      r.recognize(text, new ArrayList<>());
    }
  }

  @Test
  void recognizerNamesAreStable() {
    assertThat(ner.names().name()).isEqualTo("ner");
    assertThat(ner.streetAddresses().name()).isEqualTo("street_address");
  }

  @Test
  void combinedRecognizerFindsExactlyWhatBothRecognizersFind() {
    String text = "Dear Mr. John Smith, please send the forms to 742 Evergreen Terrace, Springfield,"
        + " IL 62704 or P.O. Box 123. Maria works at Acme Corp in London.\nRegards, Anna Berg";
    List<Finding> separate = new ArrayList<>();
    for (Recognizer r : ner.all()) {
      r.recognize(text, separate);
    }
    List<Finding> combined = new ArrayList<>();
    ner.combined().recognize(text, combined);
    assertThat(separate).isNotEmpty();
    assertThat(combined).containsExactlyElementsOf(separate);
    assertThat(combined).extracting(Finding::recognizer).contains("ner", "street_address");
  }

  @Test
  void socialMediaHandlesArePersonsOrOrganisations() {
    assertThat(values("@colgo hey, congrats to you and the team!", EntityType.PERSON))
        .containsExactly("@colgo");
    assertThat(values("as reported by @BBCNews tonight", EntityType.ORGANIZATION))
        .containsExactly("@BBCNews");
    assertThat(values("thanks @jane_doe99: see you there", EntityType.PERSON))
        .containsExactly("@jane_doe99");
  }

  @Test
  void atWordsOfCodeAndMailAreNoHandles() {
    String code = "@Override\npublic String toString() {}\n@app.route('/x')\n"
        + "import x from '@types/node';\n/** @param name the name */\n@media screen {}\n"
        + "mail me at jane@example.com, cc @here";
    assertThat(scan(code)).noneMatch(f -> code.charAt(f.start()) == '@');
  }

  @Test
  void speakerLabelsOfATranscriptArePersons() {
    String transcript = "Anna Kovács: shall we start?\nOlek Wisniewski: yes, go ahead\n"
        + "Anna Kovács: ok";
    assertThat(values(transcript, EntityType.PERSON)).contains("Anna Kovács", "Olek Wisniewski");
    // one label alone is no transcript, and form fields are never speakers
    assertThat(values("Status: open\nNotes: call back", EntityType.PERSON)).isEmpty();
  }

  @Test
  void aSurnameBeforeFamilyIsAPerson() {
    assertThat(values("Write a thank-you note to the Nowak family for hosting us.", EntityType.PERSON))
        .containsExactly("Nowak");
  }

  @Test
  void theOtherItemsOfAListOfNamesArePersonsToo() {
    String list = "Who should I invite? List: Jorge Luis Téllez, Priit Kaasik, Lisanne Siebert.";
    assertThat(values(list, EntityType.PERSON)).contains("Priit Kaasik", "Lisanne Siebert");
    // a list of places stays places, and everyday words never join a list of names
    assertThat(values("We flew to Paris, Lisbon and Tallinn.", EntityType.PERSON)).isEmpty();
  }

  @Test
  void aNameUsedTwiceIsFoundBothTimes() {
    String text = "Please ask Maria Jensen to call. Tell Maria the invoice is late.";
    assertThat(values(text, EntityType.PERSON)).contains("Maria Jensen", "Maria");
  }

  @Test
  void singleLetterFieldLabelsOfAContactCardAreNoSpeakers() {
    String card = "FINJA ILLING\nM: 069 705 84 54\nE: mail me\nW: see site";
    assertThat(values(card, EntityType.PERSON)).doesNotContain("E", "W", "M");
  }

  @Test
  void aNameIsFoundWholeNotCutAfterTheGivenName() {
    // regression: "I am [PERSON] Quarrington" went upstream, half of the name in clear
    assertThat(values("I am Zebulon Quarrington, a nurse.", EntityType.PERSON))
        .containsExactly("Zebulon Quarrington");
  }

  @Test
  void acronymsAndIdentifierPartsAreNoEntities() {
    assertThat(scan("Please store my name, email and IBAN safely.")).isEmpty();
    assertThat(scan("export OPENAI_API_KEY=abc and send the NDA to legal")).isEmpty();
  }
}
