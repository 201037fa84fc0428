package dev.veil.crypto;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Reusable instances of something costly to set up (an initialised {@link javax.crypto.Mac}, a
 * digest with its buffers), taken and given back without allocating. With a virtual thread per
 * request, an instance per thread would be one per request. Thread safe: when more callers hold
 * one at once than the pool has slots, the extras are made on demand and dropped when given back.
 */
public final class InstancePool<T> {
  private static final int SLOTS = 16;

  private final AtomicReferenceArray<T> idle = new AtomicReferenceArray<>(SLOTS);
  private final Supplier<T> make;

  public InstancePool(Supplier<T> make) {
    this.make = make;
  }

  /** An idle instance, or a new one if none is idle. */
  public T take() {
    for (int k = 0; k < SLOTS; k++) {
      if (idle.get(k) != null) {
        T t = idle.getAndSet(k, null);
        if (t != null) {
          return t;
        }
      }
    }
    return make.get();
  }

  /** Returns an instance taken from this pool; the caller must not use it afterwards. */
  public void give(T t) {
    for (int k = 0; k < SLOTS; k++) {
      if (idle.get(k) == null && idle.compareAndSet(k, null, t)) {
        return;
      }
    }
  }
}
