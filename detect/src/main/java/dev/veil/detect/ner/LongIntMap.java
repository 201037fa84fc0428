package dev.veil.detect.ner;

import java.util.Arrays;

/**
 * An open-addressing map from non-zero 64-bit keys to ints, built once and read concurrently. Keys
 * are hashes of words or phrases, so a lookup needs no String.
 */
final class LongIntMap {

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
  }

  /** Stores {@code value | existing} for {@code key}: tables accumulate flags. */
  void or(long key, int value) {
    if (key == 0) {
      key = 1;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = (int) key & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      keys[i] = key;
      size++;
    }
    values[i] |= value;
  }

  void put(long key, int value) {
    if (key == 0) {
      key = 1;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = (int) key & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      keys[i] = key;
      size++;
    }
    values[i] = value;
  }

  /** The value for {@code key}, or 0 when absent. */
  int get(long key) {
    if (key == 0) {
      key = 1;
    }
    int i = (int) key & mask;
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        put(oldKeys[j], oldValues[j]);
      }
    }
    Arrays.fill(oldKeys, 0);
  }
}
