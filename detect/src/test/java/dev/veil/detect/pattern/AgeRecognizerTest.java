package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ages: the number with its unit words ("79 years old"), or the number alone after a cue. */
class AgeRecognizerTest {

  private static final Detector DETECTOR = Detectors.structured();

  private static List<String> ages(String text) {
    return DETECTOR.scan(text).stream().filter(f -> f.type() == EntityType.AGE)
        .map(f -> f.valueIn(text)).toList();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', value = {
      "My grandfather is 91 years old.|91 years old",
      "a 46-year-old woman|46-year-old",
      "the 8-years-old boy|8-years-old",
      "a 30 year old man|30 year old",
      "the patient was aged 31 at admission|31",
      "Aged 75 he still runs|75",
      "age: 52|52",
      "Age 40; non-smoker|40",
      "at the age of 12 she moved|12",
      "my age is 36|36",
      "Age at onset: 47|47",
      "31 yo male|31 yo",
      "F, 24 y/o, student|24 y/o",
      "I'm 27 and new here|27",
      "I am 33.|33",
      "she's 19, a student|19",
      "My son is 7.|7",
      "Dad turned 60 yesterday|60",
      "applicants must be 18 years of age|18 years of age",
      "Er ist 45 Jahre alt.|45 Jahre alt",
      "der 62-jährige Fahrer|62-jährige",
      "Il a 45 ans.|45 ans",
      "âgé de 52 ans|52 ans",
      "Tiene 45 años.|45 años",
      "Ho 35 anni.|35 anni",
      "Ele tem 50 anos.|50 anos",
      "Hij is 40 jaar oud.|40 jaar oud",
      "a woman in her 40s|40s",
      "Ms Smith, 45, of Leeds|45",
      "aged 18-65|18,65",
  })
  void findsTheAge(String text, String values) {
    assertThat(ages(text)).containsExactlyElementsOf(Arrays.asList(values.split(",")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "We met 10 years ago.",
      "She has 30 years of experience.",
      "I'm 100% sure.",
      "I'm 5 minutes away.",
      "Turn 90 degrees, then the car turned 90 degrees too.",
      "The cheese is aged in caves.",
      "The warranty lasts 2 years.",
      "I'm on page 27.",
      "The 40-hour week.",
      "Depuis 20 ans, la ville change.",
      "Hace 10 años que vivo aquí.",
      "Seit 15 Jahren arbeitet er hier.",
      "The total is 7.",
      "Rooms 4, 5, and 6 are free.",
      "In 2019, 45, maybe 50 people came.",
      "a 3-day course",
  })
  void findsNoAgeIn(String text) {
    assertThat(ages(text)).isEmpty();
  }
}
