package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditAppenderTest {

  private static AuditEvent event() {
    return AuditEvent.of("user:bob", AuditAction.API_KEY_CREATED, "apikey:1", "", AuditOutcome.SUCCESS);
  }

  @Test
  void fullQueueRefusesTheEventInsteadOfDroppingIt() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<AuditEvent> written = new ArrayList<>();
    AuditAppender.Sink blocked =
        events -> {
          writing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          long first = written.size();
          written.addAll(events);
          return first;
        };
    try (AuditAppender appender = new AuditAppender(blocked, 2, 1)) {
      CompletableFuture<Long> first = appender.append(event());
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Long> second = appender.append(event());
      CompletableFuture<Long> third = appender.append(event());
      assertThatThrownBy(() -> appender.append(event()))
          .isInstanceOf(AuditQueueFullException.class);
      release.countDown();
      assertThat(List.of(first.get(), second.get(), third.get())).containsExactly(0L, 1L, 2L);
    }
    assertThat(written).hasSize(3);
  }

  @Test
  void failingSinkIsRetriedUntilTheBatchIsWritten() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AuditAppender.Sink flaky =
        events -> {
          if (attempts.incrementAndGet() < 3) {
            throw new AuditException("database unavailable");
          }
          return 41;
        };
    try (AuditAppender appender = new AuditAppender(flaky, 10, 10)) {
      assertThat(appender.append(event()).get(10, TimeUnit.SECONDS)).isEqualTo(41L);
    }
    assertThat(attempts.get()).isEqualTo(3);
  }

  @Test
  void eventsStillQueuedWhenClosedFailTheirFutures() {
    AuditAppender.Sink down =
        events -> {
          throw new AuditException("database unavailable");
        };
    AuditAppender appender = new AuditAppender(down, 10, 10);
    CompletableFuture<Long> pending = appender.append(event());
    appender.close(Duration.ofMillis(200));
    assertThatThrownBy(pending::get).isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> appender.append(event())).isInstanceOf(IllegalStateException.class);
  }
}
