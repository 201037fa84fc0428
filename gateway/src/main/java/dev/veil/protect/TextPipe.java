package dev.veil.protect;

import dev.veil.detect.Detector;
import dev.veil.policy.Policy;

/**
 * One stream of model output (a choice's content or refusal, or one tool call's arguments) going
 * through restoring and then output scanning. Non-streaming restore feeds the whole text and
 * flushes, so it gives exactly what a stream of the same text gives.
 */
final class TextPipe {

  private final RestoreChannel restore;
  private final OutputScanChannel scan;
  private final StringBuilder restored = new StringBuilder();
  private final StringBuilder out = new StringBuilder();

  TextPipe(Pseudonyms pseudonyms, Policy policy, Detector detector, Receipt.Counter counter,
      String location, int choice, boolean json) {
    this.restore = new RestoreChannel(pseudonyms, json);
    this.scan = new OutputScanChannel(detector, policy, pseudonyms, counter, location, choice);
  }

  /** The text that can be emitted now; {@code in} itself if nothing was held or changed. */
  String feed(String in) {
    restored.setLength(0);
    restore.feed(in, restored);
    out.setLength(0);
    scan.feed(restored, out, false);
    return result(in);
  }

  /** Everything still held; empty if nothing was. */
  String flush() {
    restored.setLength(0);
    restore.flush(restored);
    out.setLength(0);
    scan.feed(restored, out, true);
    return out.toString();
  }

  private String result(String in) {
    return out.length() == in.length() && in.contentEquals(out) ? in : out.toString();
  }
}
