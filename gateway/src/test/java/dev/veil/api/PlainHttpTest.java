package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.veil.config.ConfigLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PlainHttpTest {
  @TempDir Path dir;

  @Test
  void plainHttpWorksOnlyWhenConfiguredAndWarnsAtStart() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Gateway.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    log.addAppender(captured);
    var config = ConfigLoader.load(null, Map.of("VEIL_SERVER_PLAIN_HTTP", "true"), Map.of(
        "server.listen", "127.0.0.1:0", "admin.listen", "127.0.0.1:0",
        "data_dir", dir.toString()));
    try (Gateway g = Gateway.start(config, Map.of(), new PrintStream(OutputStream.nullOutputStream()))) {
      HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + g.apiPort() + "/v1/models")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(401);
    } finally {
      log.detachAppender(captured);
    }
    assertThat(captured.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("PLAIN HTTP");
    });
  }
}
