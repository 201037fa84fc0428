package dev.veil.detect.eval;

import java.util.Objects;

/**
 * A labelled span of a {@link Sample}, in UTF-16 offsets of the sample's text, {@code end}
 * exclusive. {@code label} is the type as written in the data set, e.g. {@code "EMAIL"}; see
 * {@link GoldTypes} for how it maps to an {@link dev.veil.detect.EntityType}.
 */
public record GoldSpan(String label, int start, int end) {

  public GoldSpan {
    Objects.requireNonNull(label, "label");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }
}
