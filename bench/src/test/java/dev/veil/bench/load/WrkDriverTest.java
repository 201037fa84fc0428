package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrkDriverTest {

  @Test
  void theFiguresLineOfTheWrkScriptIsReadAmongWrksOwnOutput() throws IOException {
    String output = """
        Running 10s test @ https://127.0.0.1:8443/v1/chat/completions
          1 threads and 16 connections
        VEIL_BENCH requests=81234 duration_us=10001234 p50=1210 p90=2300 p99=4100 p999=9000 max=15000 \
        mean=1400.5 status=3 connect=0 read=2 write=0 timeout=0
        Requests/sec:   8122.40
        """;

    WrkDriver.Figures f = WrkDriver.Figures.parse(output);

    assertThat(f.requests()).isEqualTo(81234);
    assertThat(f.durationMicros()).isEqualTo(10_001_234);
    assertThat(f.p50()).isEqualTo(1210);
    assertThat(f.p999()).isEqualTo(9000);
    assertThat(f.mean()).isEqualTo(1400.5);
    assertThat(f.errors()).containsOnlyKeys("http_non_2xx", "wrk_read").containsEntry("http_non_2xx", 3L);
  }

  @Test
  void outputWithoutTheFiguresLineIsRefused() {
    assertThatThrownBy(() -> WrkDriver.Figures.parse("Requests/sec: 1\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("chat.lua");
  }

  @Test
  void warmThroughputStartsWhereThreeSecondsInARowReachTheShareOfTheFinalMean() {
    List<Long> perSecond = List.of(100L, 300L, 950L, 600L, 950L, 960L, 990L, 1000L, 1000L, 1000L, 1000L, 1000L,
        1000L, 400L);

    assertThat(LoadHarness.warmSecond(perSecond, 5, 0.9)).isEqualTo(4);
    assertThat(LoadHarness.warmSecond(perSecond.subList(0, 6), 5, 0.9)).isEqualTo(-1);
  }
}
