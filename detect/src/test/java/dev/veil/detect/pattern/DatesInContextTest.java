package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Years and weekdays that context makes dates, month-year, and dates written in other languages. */
class DatesInContextTest {

  private static final Detector DETECTOR = Detectors.structured();

  private static List<String> dates(String text) {
    return DETECTOR.scan(text).stream().filter(f -> f.type() == EntityType.DATE_TIME)
        .map(f -> f.valueIn(text)).toList();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', value = {
      "The club was founded in 1977.|1977",
      "born in 1985 in Leeds|1985",
      "customers since 2019 and happy|2019",
      "In 1969, men walked on the moon.|1969",
      "from 2015 to 2018.|2015,2018",
      "valid 1.1.2020-31.12.2020 only|1.1.2020,31.12.2020",
      "booked 2020-01-01/2020-12-31 for you|2020-01-01,2020-12-31",
      "Let's meet on Tuesday morning.|Tuesday morning",
      "I saw him last Friday.|last Friday",
      "We spoke on Wednesday about it.|Wednesday",
      "Can we move it to Friday?|Friday",
      "See you next Monday night!|next Monday night",
      "valid until 03/2021.|03/2021",
      "Joined in Sept 2019.|Sept 2019",
      "Geboren am 3. März 2021.|3. März 2021",
      "am 24. Dezember|24. Dezember",
      "Stand: Juni 2022|Juni 2022",
      "Il est né le 3 mars 2021.|3 mars 2021",
      "le 1er janvier 2020|1er janvier 2020",
      "depuis septembre 2020|septembre 2020",
      "Nació el 3 de marzo de 2021.|3 de marzo de 2021",
      "desde agosto de 2018|agosto de 2018",
      "Nato il 15 gennaio 2020.|15 gennaio 2020",
      "Nasceu em 3 de março de 2021.|3 de março de 2021",
      "Geboren op 3 maart 2021.|3 maart 2021",
      "à 14h30|14h30",
      "on 2021-03-03 at 10:15|2021-03-03 at 10:15",
  })
  void findsTheDate(String text, String values) {
    assertThat(dates(text)).containsExactlyElementsOf(Arrays.asList(values.split(",")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "We still run Windows 2000 here.",
      "There were 2000 people in 2000 seats.",
      "Room 1985 is upstairs.",
      "He scored 2010 points.",
      "I need 2048 bytes in 2048 chunks.",
      "Flight 2003 leaves at gate B.",
      "The build 4.12.3.1187 fixes it.",
      "The rover landed on mars 3 times.",
      "a ratio of 3/2021",
      "Sales increased to 2000 and then fell.",
      "a total of 2000.",
      "counting 4 4 4 4 to the end of the text 4 ",
      "on friday or sunday, lowercase, they are not taken for dates",
      "Sunday vibes :)",
      "Black Friday deals are here.",
  })
  void findsNoDateIn(String text) {
    assertThat(dates(text)).isEmpty();
  }
}
