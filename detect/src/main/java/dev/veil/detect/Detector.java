package dev.veil.detect;

import java.util.List;

/**
 * Finds personal data and secrets in text.
 *
 * <p>Implementations are thread-safe and do no I/O while scanning: every table and model is loaded
 * when the detector is built.
 *
 * <h2>Security</h2>
 * The result carries types and offsets, never the matched text; see {@link Finding}.
 */
@FunctionalInterface
public interface Detector {

  /**
   * Scans {@code text} and returns non-overlapping findings sorted by start offset.
   *
   * @throws RuntimeException if the text could not be inspected; callers must fail closed
   */
  List<Finding> scan(CharSequence text);
}
