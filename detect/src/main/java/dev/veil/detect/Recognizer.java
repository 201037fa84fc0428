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
}
