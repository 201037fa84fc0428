package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.limits.Counters.Charge;
import dev.veil.limits.Counters.Check;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCountersTest extends CountersContract {
  private final long[] now = {1_700_000_000_000L};
  private final LocalCounters counters = new LocalCounters(new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now[0]);
    }
  });

  @Override
  Counters counters() {
    return counters;
  }

  @Override
  long now() {
    return now[0];
  }

  @Test
  void aCounterStartsAgainFromZeroOnceItExpired() {
    String r = name("r");
    long end = now[0] + 1_000;
    assertThat(counters.charge(List.of(new Charge(r, 5, 5, Check.FITS, end))).granted()).isTrue();
    assertThat(counters.charge(List.of(new Charge(r, 1, 5, Check.FITS, end))).granted()).isFalse();
    now[0] = end;
    assertThat(counters.charge(List.of(new Charge(r, 1, 5, Check.FITS, end + 1_000))).values())
        .containsExactly(1);
  }
}
