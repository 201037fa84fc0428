package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.bench.load.ChatRequestGenerator.ChatRequest;
import dev.veil.bench.upstream.FakeUpstream;
import dev.veil.bench.upstream.UpstreamOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

  private final LoadDriver driver =
      new LoadDriver(new LoadDriver.Settings(Duration.ofMillis(100), Duration.ofMillis(400), true));

  @Test
  void aClosedRunAgainstTheFakeUpstreamAnswersEveryRequestWithItsPersonalValues() throws Exception {
    List<ChatRequest> requests = new ChatRequestGenerator(5, false).generate(64);
    try (FakeUpstream upstream = FakeUpstream.start(FakeUpstream.Engine.JDK, "127.0.0.1", 0, UpstreamOptions.FASTEST)) {
      LevelResult result = driver.closed("a", false, new Endpoint("127.0.0.1", upstream.port(), null, null),
          requests, 4, LoadDriver.Processes.NONE);

      assertThat(result.load()).isEqualTo("c=4");
      assertThat(result.requests()).isPositive();
      assertThat(result.errors()).isEmpty();
      assertThat(result.mismatches()).isZero();
      assertThat(result.timeToFirstByte()).isNull();
      assertThat(result.gatewayCpuMicrosPerRequest()).isNull();
      assertThat(result.latency().p50()).isPositive().isLessThanOrEqualTo(result.latency().p99());
    }
  }

  @Test
  void anOpenRunOfStreamsMeasuresTheFirstByteBeforeTheLast() throws Exception {
    List<ChatRequest> requests = new ChatRequestGenerator(6, true).generate(64);
    try (FakeUpstream upstream = FakeUpstream.start(FakeUpstream.Engine.JETTY, "127.0.0.1", 0,
        new UpstreamOptions(5, Duration.ZERO, Duration.ofMillis(2)))) {
      LevelResult result = driver.open("a", true, new Endpoint("127.0.0.1", upstream.port(), null, null),
          requests, 100, 4, LoadDriver.Processes.NONE);

      assertThat(result.load()).isEqualTo("rate=100/s");
      assertThat(result.requests()).isPositive();
      assertThat(result.errors()).isEmpty();
      assertThat(result.mismatches()).isZero();
      assertThat(result.timeToFirstByte().max()).isLessThan(result.latency().max());
    }
  }

  @Test
  void answersThatLostAPersonalValueAreCountedAsMismatches() throws Exception {
    List<ChatRequest> altered = new ChatRequestGenerator(7, false).generate(8).stream()
        .map(r -> new ChatRequest(r.body(), List.of(r.personalValues().get(0), "never-sent@example.com")))
        .toList();
    try (FakeUpstream upstream = FakeUpstream.start(FakeUpstream.Engine.JDK, "127.0.0.1", 0, UpstreamOptions.FASTEST)) {
      LevelResult result = driver.closed("a", false, new Endpoint("127.0.0.1", upstream.port(), null, null),
          altered, 1, LoadDriver.Processes.NONE);

      assertThat(result.requests()).isPositive();
      assertThat(result.mismatches()).isEqualTo(result.requests());
    }
  }

  @Test
  void aServerThatIsNotThereIsCountedAsErrors() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    LoadDriver quick = new LoadDriver(new LoadDriver.Settings(Duration.ZERO, Duration.ofMillis(500), true));
    LevelResult result = quick.closed("a", false, new Endpoint("127.0.0.1", port, null, null),
        new ChatRequestGenerator(8, false).generate(4), 1, LoadDriver.Processes.NONE);

    assertThat(result.requests()).isZero();
    assertThat(result.errors()).containsKey("ConnectException");
  }

  @Test
  void aStreamsFirstByteFirstDataLineAndFirstContentComeInThatOrderBeforeItsEnd() throws Exception {
    List<ChatRequest> requests = new ChatRequestGenerator(9, true).generate(16);
    LoadDriver timed = new LoadDriver(new LoadDriver.Settings(Duration.ZERO, Duration.ofMillis(600), true, true));
    try (FakeUpstream upstream = FakeUpstream.start(FakeUpstream.Engine.JDK, "127.0.0.1", 0,
        new UpstreamOptions(4, Duration.ZERO, Duration.ofMillis(3)))) {
      LevelResult result = timed.closed("a", true, new Endpoint("127.0.0.1", upstream.port(), null, null),
          requests, 2, LoadDriver.Processes.NONE);

      assertThat(result.errors()).isEmpty();
      assertThat(result.timeToFirstByte().p50()).isLessThanOrEqualTo(result.timeToFirstData().p50());
      assertThat(result.timeToFirstData().p50()).isLessThanOrEqualTo(result.timeToFirstContent().p50());
      assertThat(result.timeToFirstContent().max()).isLessThanOrEqualTo(result.latency().max());
      assertThat(result.driver()).isEqualTo("java");
      assertThat(result.completionsPerSecond().stream().mapToLong(Long::longValue).sum())
          .isGreaterThanOrEqualTo(result.requests());
    }
  }
}
