package dev.veil.detect.ner;

import java.util.List;

/** A text with its gold spans (UTF-16 offsets), for training and evaluation. */
record Example(String text, List<Span> spans) {

  /** A gold span; {@code type} is an {@link dev.veil.detect.EntityType} name. */
  record Span(String type, int start, int end) {}
}
