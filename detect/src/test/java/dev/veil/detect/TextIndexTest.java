package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextIndexTest {

  @Test
  void nextDigitPointsAtTheFirstDigitAtOrAfterAPosition() {
    TextIndex index = TextIndex.of("ab 12-x3 é4");
    assertThat(index.nextDigit(0)).isEqualTo(3);
    assertThat(index.nextDigit(4)).isEqualTo(4);
    assertThat(index.nextDigit(5)).isEqualTo(7);
    assertThat(index.nextDigit(8)).isEqualTo(10);
    assertThat(index.nextDigit(11)).isEqualTo(-1);
    assertThat(index.digitRuns()).isEqualTo(3);
    assertThat(index.digitRunStart(0)).isEqualTo(3);
    assertThat(index.digitRunEnd(0)).isEqualTo(5);
  }

  @Test
  void indexAgreesWithACharByCharSearchOnRandomTexts() {
    Random random = new Random(42);
    String alphabet = "a Z9 0-.:\n\u00e9\u4e2d";
    for (int round = 0; round < 500; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(60); k > 0; k--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = b.toString();
      TextIndex index = TextIndex.of(s);
      for (int from = 0; from <= s.length(); from++) {
        assertThat(index.nextDigit(from)).as(s).isEqualTo(naiveNextDigit(s, from));
          }
    }
  }

  private static int naiveNextDigit(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return i;
      }
    }
    return -1;
  }
}
