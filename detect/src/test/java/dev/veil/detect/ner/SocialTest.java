package dev.veil.detect.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocialTest {

  @Test
  void spansLieInsideThePostAndCoverNoSurroundingSpace() {
    for (boolean eval : new boolean[] {false, true}) {
      Social gen = new Social(11L, eval);
      for (int i = 0; i < 3000; i++) {
        Example e = gen.next();
        for (Example.Span s : e.spans()) {
          assertThat(Set.of("PERSON", "LOCATION", "ORGANIZATION", "URL")).contains(s.type());
          assertThat(s.start()).isGreaterThanOrEqualTo(0);
          assertThat(s.end()).isLessThanOrEqualTo(e.text().length()).isGreaterThan(s.start());
          String value = e.text().substring(s.start(), s.end());
          assertThat(value).isEqualTo(value.strip());
        }
      }
    }
  }

  @Test
  void trainingAndEvaluationTemplatesDiffer() {
    Set<String> shared = new HashSet<>(Social.TRAIN);
    shared.retainAll(Social.EVAL);
    assertThat(shared).isEmpty();
  }

  @Test
  void markupRoundTripsPosts() {
    Social gen = new Social(12L, true);
    for (int i = 0; i < 300; i++) {
      Example e = gen.next();
      assertThat(Markup.parse(Markup.format(e))).isEqualTo(e);
    }
  }
}
