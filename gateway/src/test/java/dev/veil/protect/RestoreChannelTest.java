package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Matching surrogates in text fed in pieces: the same result for every way of cutting it. */
class RestoreChannelTest {

  private static Pseudonyms pseudonyms() {
    Pseudonyms p = new Pseudonyms();
    p.put("PERSON:ann", "Lena", "Ann");
    p.put("PERSON:ann lee", "Lena Moor", "Ann Lee");
    p.put("EMAIL:a@x.example", "[EMAIL_3c9f0a]", "a@x.example");
    p.put("PERSON:zoë", "Øyvind", "Zoë");
    return p;
  }

  private static String restoreWhole(String text) {
    RestoreChannel c = new RestoreChannel(pseudonyms(), false);
    StringBuilder out = new StringBuilder();
    c.feed(text, out);
    c.flush(out);
    return out.toString();
  }

  /** Feeds {@code text} in two pieces, cut at {@code cut}. */
  private static String restoreCut(String text, int cut) {
    RestoreChannel c = new RestoreChannel(pseudonyms(), false);
    StringBuilder out = new StringBuilder();
    c.feed(text.substring(0, cut), out);
    c.feed(text.substring(cut), out);
    c.flush(out);
    return out.toString();
  }

  @Test
  void theLongestCompleteKeyWinsAndShorterKeysStillMatchOnTheirOwn() {
    assertThat(restoreWhole("Lena Moor met Lena, then Lena Mo.")).isEqualTo(
        "Ann Lee met Ann, then Ann Mo.");
  }

  @Test
  void keysMatchInAnyCaseOnlyAsWholeWords() {
    assertThat(restoreWhole("LENA MOOR and lena, not Lenas or xLena")).isEqualTo(
        "Ann Lee and Ann, not Lenas or xLena");
  }

  @Test
  void tokensMatchWithOrWithoutBracketsAndNonAsciiKeysMatch() {
    assertThat(restoreWhole("[EMAIL_3c9f0a] / email_3c9f0a / øyvind"))
        .isEqualTo("a@x.example / a@x.example / Zoë");
  }

  @Test
  void everyCutGivesTheSameResultAsTheWholeText() {
    String text = "Hi Lena Moor, [EMAIL_3c9f0a] wrote to Lena and Øyvind at Lena Mo";
    String whole = restoreWhole(text);
    assertThat(whole).isEqualTo("Hi Ann Lee, a@x.example wrote to Ann and Zoë at Ann Mo");
    for (int cut = 0; cut <= text.length(); cut++) {
      assertThat(restoreCut(text, cut)).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void onlyAPossibleSurrogateStartIsHeldBack() {
    RestoreChannel c = new RestoreChannel(pseudonyms(), false);
    StringBuilder out = new StringBuilder();
    c.feed("Dear Lena M", out);
    assertThat(out).hasToString("Dear ");
    c.feed("oor!", out);
    assertThat(out).hasToString("Dear Ann Lee!");
  }
}
