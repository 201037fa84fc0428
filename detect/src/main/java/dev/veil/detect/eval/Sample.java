package dev.veil.detect.eval;

import java.util.List;
import java.util.Objects;

/** One text of a data set with its labelled spans (UTF-16 offsets). */
public record Sample(String text, List<GoldSpan> spans) {

  public Sample {
    Objects.requireNonNull(text, "text");
    spans = List.copyOf(spans);
    for (GoldSpan s : spans) {
      if (s.end() > text.length()) {
        throw new IllegalArgumentException("span [" + s.start() + ", " + s.end()
            + ") past the end of a text of length " + text.length());
      }
    }
  }
}
