package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.ModelType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link O200kTokens} counts what jtokkit's regular-expression tokenizer counts, everywhere. */
class O200kTokensTest {
  private static final Encoding JTOKKIT =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private final O200kTokens fast = O200kTokens.get();

  /** Characters where the expression's alternatives meet: each class, and each edge of one. */
  private static final String PALETTE = "aZzÉéßǅʰˇ漢字カナ한ا\u0301\u0903\u20dd"
      + "0129٣¾Ⅻ"
      + " \t\n\r\u000b\f\u0085\u00a0\u2028\u2029\u3000"
      + "'’\"/\\.,;:!?-_()[]{}<>@#$%^&*+=|~`€"
      + "sStTrReEvVmMlLdDſ"
      + "\ud83d\ude00\ud835\udc00\ud835\udc1a\ud800\udfff";

  private void assertSame(String text) {
    assertThat(fast.count(text)).as("o200k tokens of %s", escaped(text))
        .isEqualTo(JTOKKIT.countTokensOrdinary(text));
  }

  @Test
  void everyBmpCodePointCountsAsJtokkitCountsIt() {
    // Each code point alone, after a word, before a contraction, between spaces and digits:
    // batched 64 to a text, then checked one by one only where a batch disagrees.
    String[][] contexts = {{"", ""}, {"Ab", "cd"}, {" ", "'s"}, {"x'", "e "}, {"9", "\n\n"},
        {"  ", " \t"}, {"", "/\r\n"}};
    for (String[] ctx : contexts) {
      for (int from = 0; from < 0x10000; from += 64) {
        StringBuilder batch = new StringBuilder();
        List<String> singles = new ArrayList<>();
        for (int c = from; c < from + 64; c++) {
          String one = ctx[0] + (char) c + ctx[1];
          singles.add(one);
          batch.append(one);
        }
        if (fast.count(batch.toString()) != JTOKKIT.countTokensOrdinary(batch.toString())) {
          singles.forEach(this::assertSame);
          assertSame(batch.toString());
        }
      }
    }
  }

  @Test
  void supplementaryCodePointsAndLoneSurrogatesCountAsJtokkitCountsThem() {
    StringBuilder text = new StringBuilder();
    for (int c = 0x10000; c < 0x30000; c += 37) {
      text.appendCodePoint(c).append(c % 3 == 0 ? " " : "");
    }
    assertSame(text.toString());
    assertSame("a\ud800b \udc00 \ud800\ud800 x\udfff's");
  }

  @Test
  void longPiecesMergeAsJtokkitMergesThem() {
    // One piece of thousands of bytes goes through the heap; these are what an attacker would
    // send to make merging slow.
    assertSame("a".repeat(5_000));
    assertSame("ab".repeat(3_000));
    assertSame("漢".repeat(2_000));
    assertSame("x" + "é".repeat(1_500) + "q");
    assertSame("!".repeat(4_000) + "\n\n/");
    StringBuilder random = new StringBuilder();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 3_000; i++) {
      random.append((char) ('a' + r.nextInt(26)));
    }
    assertSame(random.toString());
  }

  @Test
  void proseCodeAndMarkupCountAsJtokkitCountsThem() {
    assertSame("Hello, world! I'm Maria O'Neil; we've met at 221B Baker St. on 2024-03-07.");
    assertSame("THEY'RE HERE. Don'T. it'S ok. l'll. I'LL. HE'D. She’s.");
    assertSame("def f(x):\n    return x**2  # square\n\n\n\tprint(f(3))\r\n");
    assertSame("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}");
    assertSame("Zürich, Kraków, São Paulo, Đà Nẵng, Ελλάδα, Москва, 東京都, 서울, القاهرة");
    assertSame("    \n  \n    x   ");
    assertSame("<|endoftext|> <|fim_prefix|>");
    assertSame("12345678901 ٣٤٥٦ ¾¾¾¾ ⅫⅫⅫⅫ");
  }

  @Property(tries = 2_000)
  void generatedTextCountsAsJtokkitCountsIt(@ForAll("mixed") String text) {
    assertSame(text);
  }

  @Provide
  Arbitrary<String> mixed() {
    return Arbitraries.of(PALETTE.codePoints().mapToObj(Character::toString).toList())
        .list().ofMaxSize(60).map(parts -> String.join("", parts));
  }

  @Test
  void theEncodingOfAModelFollowsJtokkitWhereItKnowsTheName() {
    for (ModelType m : ModelType.values()) {
      assertThat(TokenCounter.encodingOf(m.getName())).as(m.getName())
          .isEqualTo(m.getEncodingType());
    }
    assertThat(TokenCounter.encodingOf("gpt-4o-2024-08-06")).isEqualTo(EncodingType.O200K_BASE);
    assertThat(TokenCounter.encodingOf("gpt-4.1-mini")).isEqualTo(EncodingType.O200K_BASE);
    assertThat(TokenCounter.encodingOf("gpt-4-0613")).isEqualTo(EncodingType.CL100K_BASE);
    assertThat(TokenCounter.encodingOf("gpt-3.5-turbo-0125")).isEqualTo(EncodingType.CL100K_BASE);
    assertThat(TokenCounter.encodingOf("llama3")).isEqualTo(EncodingType.O200K_BASE);
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(200).forEach(c -> {
      if (c >= 0x20 && c < 0x7f) {
        b.append((char) c);
      } else {
        b.append(String.format("\\u{%x}", c));
      }
    });
    return b.toString();
  }
}
