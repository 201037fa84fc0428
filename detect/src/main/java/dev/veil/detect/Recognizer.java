package dev.veil.detect;

import java.util.List;

/**
 * One way of finding one family of values (credit cards, AWS keys, person names...). A {@link
 * Detector} runs many recognizers over the same text and resolves their overlaps.
 *
 * <p>Implementations are thread-safe, allocation-light and run in time linear in the text length.
 */
public interface Recognizer {

  /** A short stable name, recorded in {@link Finding#recognizer()}. */
  String name();

  /** Adds every candidate found in {@code text} to {@code out}; overlaps are allowed here. */
  void recognize(CharSequence text, List<Finding> out);

  /**
   * Same as {@link #recognize(CharSequence, List)}, given an index of {@code text} that the
   * detector builds once per scan and shares between its recognizers; override it to skip to
   * candidate positions. Must find exactly what {@link #recognize(CharSequence, List)} finds.
   */
  default void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    recognize(text, out);
  }

  /**
   * A recognizer that works from the shared {@link TextIndex}: scanning a text alone builds the
   * index first.
   */
  interface Indexed extends Recognizer {
    @Override
    default void recognize(CharSequence text, List<Finding> out) {
      recognize(text, TextIndex.of(text), out);
    }

    @Override
    void recognize(CharSequence text, TextIndex index, List<Finding> out);
  }
}
