package dev.veil.crypto;

/** Receives progress of a rewrap: {@code done} of {@code total} items of {@code what}. */
@FunctionalInterface
public interface RotationProgress {
  void update(String what, long done, long total);

  /** Ignores progress. */
  static RotationProgress none() {
    return (what, done, total) -> {};
  }
}
