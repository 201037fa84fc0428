package dev.veil.detect.ner;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The working arrays of one scan by the name recognizers (chars, token offsets, per-token tables,
 * tags), kept from one scan to the next so that scanning allocates almost nothing.
 *
 * <p>A scratch serves one scan at a time. {@link #acquire()} takes one from a small pool shared by
 * all threads (or makes a new one when the pool is empty) and {@link #release()} returns it; the
 * pool keeps at most {@value #SLOTS}, and none that grew for a text of more than {@value
 * #MAX_POOLED_CHARS} chars, so it holds little memory however many threads scan. A fresh scratch
 * that is never released is simply garbage after its scan.
 */
final class Scratch {

  private static final int SLOTS = 16;
  private static final int MAX_POOLED_CHARS = 1 << 16;
  private static final AtomicReferenceArray<Scratch> POOL = new AtomicReferenceArray<>(SLOTS);

  char[] chars = new char[0];
  int[] start = new int[16];
  int[] end = new int[16];
  int[] flags = new int[16];
  private long[] lower = new long[0];
  private int[] info = new int[0];
  private int[] gaz = new int[0];
  private int[] shape = new int[0];
  private int[] tags = new int[0];
  private float[] confidence = new float[0];
  private byte[] back = new byte[0];

  /** A scratch from the pool, or a new one. */
  static Scratch acquire() {
    for (int k = 0; k < SLOTS; k++) {
      Scratch s = POOL.get(k);
      if (s != null && POOL.compareAndSet(k, s, null)) {
        return s;
      }
    }
    return new Scratch();
  }

  /** Returns this scratch to the pool; it must not be used afterwards. */
  void release() {
    if (chars.length > MAX_POOLED_CHARS) {
      return;
    }
    for (int k = 0; k < SLOTS; k++) {
      if (POOL.get(k) == null && POOL.compareAndSet(k, null, this)) {
        return;
      }
    }
  }

  /** A buffer of at least {@code n} chars, contents undefined. */
  char[] chars(int n) {
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    return chars;
  }

  /** Per-token word hashes, zero for the first {@code n} tokens. */
  long[] lower(int n) {
    if (lower.length < n) {
      lower = new long[grown(lower.length, n)];
    } else {
      Arrays.fill(lower, 0, n, 0);
    }
    return lower;
  }

  /** Per-token lexicon entries, zero for the first {@code n} tokens. */
  int[] info(int n) {
    return info = zeroed(info, n);
  }

  /** Per-token gazetteer marks, zero for the first {@code n} tokens. */
  int[] gaz(int n) {
    return gaz = zeroed(gaz, n);
  }

  /** Per-token shape hashes, zero for the first {@code n} tokens. */
  int[] shape(int n) {
    return shape = zeroed(shape, n);
  }

  /** Per-token tags, zero ({@link Tagger#O}) for the first {@code n} tokens. */
  int[] tags(int n) {
    return tags = zeroed(tags, n);
  }

  /** Per-token tag confidences, contents undefined. */
  float[] confidence(int n) {
    if (confidence.length < n) {
      confidence = new float[grown(confidence.length, n)];
    }
    return confidence;
  }

  /** Back pointers of the tagger's Viterbi search, contents undefined. */
  byte[] back(int n) {
    if (back.length < n) {
      back = new byte[grown(back.length, n)];
    }
    return back;
  }

  private static int[] zeroed(int[] a, int n) {
    if (a.length < n) {
      return new int[grown(a.length, n)];
    }
    Arrays.fill(a, 0, n, 0);
    return a;
  }

  private static int grown(int length, int n) {
    return Math.max(n, length * 2);
  }
}
