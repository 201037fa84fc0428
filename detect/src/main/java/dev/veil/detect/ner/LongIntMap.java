package dev.veil.detect.ner;

/**
 * An open-addressing map from non-zero 64-bit keys to ints, built once and read concurrently. Keys
 * are hashes of words or phrases, so a lookup needs no String.
 *
 * <p>Each key sits next to its value in one array ({@code slots[2 * i]} and {@code slots[2 * i +
 * 1]}), so a lookup in this large, rarely cached table costs one memory access rather than two.
 */
final class LongIntMap {

  private long[] slots;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    slots = new long[cap * 2];
    mask = cap - 1;
  }

  /** Stores {@code value | existing} for {@code key}: tables accumulate flags. */
  void or(long key, int value) {
    int i = slot(key);
    slots[2 * i + 1] |= value & 0xffffffffL;
  }

  void put(long key, int value) {
    int i = slot(key);
    slots[2 * i + 1] = value & 0xffffffffL;
  }

  /** The value for {@code key}, or 0 when absent. */
  int get(long key) {
    if (key == 0) {
      key = 1;
    }
    int i = (int) key & mask;
    long k;
    while ((k = slots[2 * i]) != 0) {
      if (k == key) {
        return (int) slots[2 * i + 1];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  /** The slot of {@code key}, claimed for it if it was absent. */
  private int slot(long key) {
    if (key == 0) {
      key = 1;
    }
    if ((size + 1) * 2 > mask + 1) {
      grow();
    }
    int i = (int) key & mask;
    while (slots[2 * i] != 0 && slots[2 * i] != key) {
      i = (i + 1) & mask;
    }
    if (slots[2 * i] == 0) {
      slots[2 * i] = key;
      size++;
    }
    return i;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = old.length - 1;
    size = 0;
    for (int j = 0; j < old.length; j += 2) {
      if (old[j] != 0) {
        put(old[j], (int) old[j + 1]);
      }
    }
  }
}
