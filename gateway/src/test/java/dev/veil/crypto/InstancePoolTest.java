package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstancePoolTest {

  @Test
  void reusesWhatWasGivenBackAndMakesMoreOnlyWhenNoneIsIdle() {
    AtomicInteger made = new AtomicInteger();
    InstancePool<int[]> pool = new InstancePool<>(() -> new int[] {made.incrementAndGet()});
    int[] a = pool.take();
    int[] b = pool.take();
    assertThat(made).hasValue(2);
    pool.give(a);
    assertThat(pool.take()).isSameAs(a);
    pool.give(a);
    pool.give(b);
    assertThat(pool.take()).isIn(a, b);
    assertThat(pool.take()).isIn(a, b);
    assertThat(made).hasValue(2);
  }

  @Test
  void keepsAtMostItsSlotsAndDropsTheRest() {
    AtomicInteger made = new AtomicInteger();
    InstancePool<Object> pool = new InstancePool<>(() -> {
      made.incrementAndGet();
      return new Object();
    });
    Object[] taken = new Object[40];
    for (int i = 0; i < taken.length; i++) {
      taken[i] = pool.take();
    }
    for (Object o : taken) {
      pool.give(o);
    }
    for (int i = 0; i < taken.length; i++) {
      pool.take();
    }
    assertThat(made).hasValue(40 + 40 - 16);
  }
}
