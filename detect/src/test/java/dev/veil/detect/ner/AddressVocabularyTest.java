package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressVocabularyTest {

  private static final AddressVocabulary VOCABULARY = AddressVocabulary.load();

  /** The combined hash of the word tokens of {@code text}, as the address scan computes it. */
  private static long scanned(String text) {
    Tokens t = Tokens.of(text);
    long h = 0;
    for (int i = 0; i < t.size; i++) {
      if (t.is(i, Tokens.LETTER) && !t.is(i, Tokens.DIGIT)) {
        h = Hashing.combine(h, t.lowerHash(i));
      }
    }
    return h;
  }

  @Test
  void entriesWithPunctuationInsideAWordAreFoundAsTheScanTokenisesThem() {
    // Catalan "parcel·la" is two tokens in a text; it was indexed as one word and never matched.
    assertThat(VOCABULARY.phrase(scanned("parcel·la")) & AddressVocabulary.F_UNIT).isNotZero();
    assertThat(VOCABULARY.phrase(scanned("parcel")) & AddressVocabulary.F_UNIT).isNotZero();
  }

  @Test
  void entriesHoldingASignTheScanNeverSeesAreLeftOut() {
    // "pn°" (a floor, "piano") would otherwise be indexed as the bare word "pn".
    assertThat(VOCABULARY.phrase(scanned("pn")) & AddressVocabulary.F_LEVEL).isZero();
  }
}
