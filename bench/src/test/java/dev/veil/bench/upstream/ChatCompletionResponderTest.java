package dev.veil.bench.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatCompletionResponderTest {

  @Test
  void splittingKeepsEveryCharAndNeverCutsASurrogatePair() {
    String text = "ab\uD83D\uDE00cd\uD83D\uDE00e";
    for (int parts = 1; parts <= 12; parts++) {
      var pieces = ChatCompletionResponder.split(text, parts);
      assertThat(pieces).hasSize(parts);
      assertThat(String.join("", pieces)).isEqualTo(text);
      assertThat(pieces).noneMatch(p -> !p.isEmpty() && Character.isLowSurrogate(p.charAt(0)));
    }
  }
}
