package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.limits.Counters.Charge;
import dev.veil.limits.Counters.Check;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisCounters} against a real Redis ({@link TestRedis}). */
class RedisCountersTest extends CountersContract {
  private static RedisCounters counters;

  @BeforeAll
  static void connect() {
    TestRedis.assumeRunning();
    counters = new RedisCounters(TestRedis.URI, null, Duration.ofSeconds(2));
  }

  @AfterAll
  static void close() {
    if (counters != null) {
      counters.close();
    }
  }

  @Override
  Counters counters() {
    return counters;
  }

  @Override
  long now() {
    return System.currentTimeMillis();
  }

  @Test
  void aCounterExpiresAtTheEndOfItsWindow() throws Exception {
    String r = name("r");
    counters.charge(List.of(new Charge(r, 1, 5, Check.FITS, now() + 30_000)));
    try (RedisClient client = client()) {
      long ttl = client.connect().sync().pttl(r);
      assertThat(ttl).isBetween(20_000L, 30_000L);
    }
  }

  @Test
  void twoNodesSharingOneRedisNeverTakeMoreThanTheLimitTogether() throws Exception {
    String r = name("shared");
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (RedisCounters other = new RedisCounters(TestRedis.URI, null, Duration.ofSeconds(2))) {
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        Counters node = i % 2 == 0 ? counters : other;
        all.add(pool.submit(() -> {
          if (node.charge(List.of(new Charge(r, 1, 101, Check.FITS, now() + 60_000)))
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
    assertThat(granted.get()).isEqualTo(101);
  }

  @Test
  void aServerThatForgotTheScriptGetsItAgain() throws Exception {
    try (RedisClient client = client()) {
      client.connect().sync().scriptFlush();
    }
    String r = name("r");
    assertThat(counters.add(List.of(new Charge(r, 2, 0, Check.NONE, now() + 60_000)))
        .toCompletableFuture().get(10, TimeUnit.SECONDS)).containsExactly(2);
    try (RedisClient client = client()) {
      client.connect().sync().scriptFlush();
    }
    assertThat(counters.charge(List.of(new Charge(r, 1, 5, Check.FITS, now() + 60_000)))
        .values()).containsExactly(3);
  }

  @Test
  void anAddThatCannotReachTheServerFailsAsUnavailable() {
    try (RedisCounters down = new RedisCounters(URI.create("redis://127.0.0.1:1"), null,
        Duration.ofMillis(300))) {
      assertThat(down.add(List.of(new Charge(name("x"), 1, 0, Check.NONE, now() + 60_000))))
          .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(Counters.Unavailable.class);
    }
  }

  @Test
  void aServerThatDoesNotAnswerMakesTheCountersUnavailableWithinTheTimeout() {
    long start = System.nanoTime();
    try (RedisCounters down = new RedisCounters(URI.create("redis://127.0.0.1:1"), null,
        Duration.ofMillis(300))) {
      assertThatThrownBy(() -> down.charge(List.of(new Charge(name("x"), 1, 5, Check.FITS,
          now() + 60_000)))).isInstanceOf(Counters.Unavailable.class)
          .hasMessageNotContaining("127.0.0.1");
      assertThat(down.reachable()).isFalse();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  private static RedisClient client() {
    return RedisClient.create(TestRedis.URI.toString());
  }
}
