package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lexicon is hashed from Strings and looked up from token char arrays: both must agree. */
class HashingTest {

  @Test
  void charArrayAndCharSequenceRangesHashAlike() {
    String text = "Mr O\u2019Brien of Zürich met ÉLODIE at 5pm";
    char[] chars = text.toCharArray();
    for (int from = 0; from < text.length(); from++) {
      for (int to = from; to <= text.length(); to++) {
        assertThat(Hashing.lower(chars, from, to)).as("[%d, %d)", from, to)
            .isEqualTo(Hashing.lower(text, from, to));
      }
    }
  }

  @Test
  void caseAndTypographicApostrophesDoNotChangeTheHash() {
    assertThat(Hashing.lower("O\u2019BRIEN")).isEqualTo(Hashing.lower("o'brien"));
    assertThat(Hashing.lower("Élodie")).isEqualTo(Hashing.lower("élodie"));
    assertThat(Hashing.lower("obrien")).isNotEqualTo(Hashing.lower("o'brien"));
  }

  @Test
  void latinDiacriticsHashAsTheirBaseLetter() {
    assertThat(Hashing.lower("Kónya")).isEqualTo(Hashing.lower("konya"));
    assertThat(Hashing.lower("Łukasz Wiśniewski")).isEqualTo(Hashing.lower("lukasz wisniewski"));
    assertThat(Hashing.lower("Søren Ødegård")).isEqualTo(Hashing.lower("soren odegard"));
    assertThat(Hashing.lower("Nguyễn")).isEqualTo(Hashing.lower("nguyen"));
    assertThat(Hashing.lower("Straße")).isNotEqualTo(Hashing.lower("strase"));
  }
}
