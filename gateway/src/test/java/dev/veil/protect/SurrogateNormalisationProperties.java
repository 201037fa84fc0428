package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Normalisation feeds the keyed hash, so it must never change for a value that was seen before:
 * whitespace collapsing equals the regex replacement that earlier versions used.
 */
class SurrogateNormalisationProperties {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  @Property(tries = 2000)
  void collapsingWhitespaceEqualsTheRegexItReplaced(@ForAll("spaced") String value) {
    assertThat(Surrogates.collapseWhitespace(value))
        .isEqualTo(WHITESPACE.matcher(value).replaceAll(" "));
  }

  @Provide
  Arbitrary<String> spaced() {
    return Arbitraries.strings()
        .withChars(" \t\n\u000B\f\r\u00A0\u2003\u3000\u0085abcXYZé1")
        .ofMaxLength(24);
  }
}
