package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Nationalities, religions and political groups, and the look-alikes that are none of them. */
class NrpRecognizerTest {

  private static final Detector DETECTOR = Detectors.structured();

  private static List<String> nrp(String text) {
    return DETECTOR.scan(text).stream().filter(f -> f.type() == EntityType.NRP)
        .map(f -> f.valueIn(text)).toList();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', value = {
      "Her mother is Nigerian.|Nigerian",
      "The Filipino nurses went on strike.|Filipino",
      "He speaks German at home.|German",
      "Three Brazilians and two Germans won.|Brazilians,Germans",
      "She is South African, he is a New Zealander.|South African,New Zealander",
      "Sri Lankan tea|Sri Lankan",
      "a devout Muslim|Muslim",
      "the Catholic and Protestant schools|Catholic,Protestant",
      "Jews and Hindus|Jews,Hindus",
      "I'm an atheist, she is agnostic.|atheist,agnostic",
      "He is a Jehovah's Witness.|Jehovah's Witness",
      "my aunt is a Democrat|Democrat",
      "Republicans blocked the bill|Republicans",
      "He voted Labour in 2019.|Labour",
      "The Tories lost.|Tories",
      "he is a socialist.|socialist",
      "a lifelong conservative and a liberal like her|conservative,liberal",
  })
  void findsTheGroup(String text, String values) {
    assertThat(nrp(text)).containsExactlyElementsOf(Arrays.asList(values.split(",")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "I'd like French fries.",
      "A French press and an English muffin, then a Swiss roll.",
      "We flew to Turkey and China.",
      "Polish the silver before dinner.",
      "A German shepherd barked.",
      "That is a conservative estimate.",
      "Add a liberal amount of salt.",
      "Labour costs rose by 5%.",
      "The Republican Party met.",
      "The Dominican Republic is sunny.",
      "Christian Bale starred in it.",
      "Use your Christian name.",
      "The socialist experiment failed.",
      "Germany and Nigeria signed a deal.",
      "The European Union agreed.",
      "Our supplier European Central Bank ships from Poland.",
      "Back in Laos, Kiribati and Eswatini, which are countries.",
      "germane remarks on the catholicity of taste",
      "Rewrite this in plain English for a patient.",
      "Translate it into simple German.",
      "A road trip through the Scottish Highlands.",
  })
  void findsNoGroupIn(String text) {
    assertThat(nrp(text)).isEmpty();
  }
}
