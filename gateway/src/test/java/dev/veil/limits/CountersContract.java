package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.limits.Counters.Charge;
import dev.veil.limits.Counters.Check;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link Counters} implementation does; each test uses counter names of its own. */
abstract class CountersContract {

  abstract Counters counters();

  /** Epoch milliseconds of "now" as the implementation sees it. */
  abstract long now();

  String name(String n) {
    return "veil:" + getClass().getSimpleName() + ":" + System.nanoTime() + ":" + n;
  }

  long later() {
    return now() + 60_000;
  }

  @Test
  void chargesWithinTheirLimitsAreAddedAndReportTheNewValues() throws Exception {
    String a = name("a");
    String b = name("b");
    Counters.Outcome o = counters().charge(List.of(new Charge(a, 1, 5, Check.FITS, later()),
        new Charge(b, 40, 100, Check.FITS, later())));
    assertThat(o.granted()).isTrue();
    assertThat(o.values()).containsExactly(1, 40);
    o = counters().charge(List.of(new Charge(a, 1, 5, Check.FITS, later()),
        new Charge(b, 40, 100, Check.FITS, later())));
    assertThat(o.values()).containsExactly(2, 80);
  }

  @Test
  void addAddsWithoutALimitAndReportsTheNewValues() throws Exception {
    String a = name("a");
    counters().charge(List.of(new Charge(a, 4, 5, Check.FITS, later())));
    long[] after = counters().add(List.of(new Charge(a, 3, 5, Check.NONE, later()),
        new Charge(name("b"), -2, 0, Check.NONE, later()))).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertThat(after).containsExactly(7, -2);
    assertThatThrownBy(() -> counters().add(List.of(new Charge(a, 1, 5, Check.FITS, later()))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneChargeOverItsLimitAddsNothingToAnyCounter() throws Exception {
    String a = name("a");
    String b = name("b");
    counters().charge(List.of(new Charge(b, 90, 100, Check.FITS, later())));
    Counters.Outcome o = counters().charge(List.of(new Charge(a, 1, 5, Check.FITS, later()),
        new Charge(b, 20, 100, Check.FITS, later())));
    assertThat(o.granted()).isFalse();
    assertThat(o.refused()).isEqualTo(1);
    assertThat(o.values()).containsExactly(0, 90);
    Counters.Outcome after = counters().charge(List.of(new Charge(a, 0, 0, Check.NONE, later()),
        new Charge(b, 0, 0, Check.NONE, later())));
    assertThat(after.values()).containsExactly(0, 90);
  }

  @Test
  void aBudgetCheckPassesWhileBelowItsLimitAndThenRefuses() throws Exception {
    String t = name("t");
    assertThat(counters().charge(List.of(new Charge(t, 70, 100, Check.BELOW, later())))
        .values()).containsExactly(70);
    assertThat(counters().charge(List.of(new Charge(t, 70, 100, Check.BELOW, later())))
        .values()).containsExactly(140);
    Counters.Outcome o = counters().charge(List.of(new Charge(t, 1, 100, Check.BELOW, later())));
    assertThat(o.granted()).isFalse();
    assertThat(o.values()).containsExactly(140);
  }

  @Test
  void uncheckedChargesAlwaysAddAndMayBeNegative() throws Exception {
    String t = name("t");
    counters().charge(List.of(new Charge(t, 10, 10, Check.FITS, later())));
    assertThat(counters().charge(List.of(new Charge(t, 5, 10, Check.NONE, later()))).values())
        .containsExactly(15);
    assertThat(counters().charge(List.of(new Charge(t, -12, 10, Check.NONE, later()))).values())
        .containsExactly(3);
  }

  @Test
  void concurrentChargesNeverTakeMoreThanTheLimit() throws Exception {
    String r = name("r");
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        all.add(pool.submit(() -> {
          if (counters().charge(List.of(new Charge(r, 1, 137, Check.FITS, later())))
              .granted()) {
            granted.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(granted.get()).isEqualTo(137);
  }
}
