package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.crypto.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdTest {

  @Test
  void idsFitTheRecordColumnAndSortByTime() {
    MutableClock clock = new MutableClock(Instant.now());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(ApiHandlers.newRequestId(clock));
      clock.advance(Duration.ofMillis(2));
    }
    for (String id : ids) {
      assertThat(id).hasSize(36).matches("req_[0-9a-f]{32}");
    }
    assertThat(ids).isSorted();
    long millis = Long.parseLong(ids.get(0).substring(4, 15), 16);
    assertThat(millis).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
  }

  @Test
  void idsWithinOneMillisecondStillDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(ApiHandlers.newRequestId(Clock.systemUTC()))).isTrue();
    }
  }
}
