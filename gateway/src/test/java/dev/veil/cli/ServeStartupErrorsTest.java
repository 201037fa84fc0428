package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code veil serve} explains a bad listen address in terms of where it was set. */
class ServeStartupErrorsTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int serve(Map<String, String> env, String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("serve"),
        java.util.stream.Stream.concat(java.util.Arrays.stream(args),
            java.util.stream.Stream.of("--data-dir", dir.toString()))).toArray(String[]::new);
    return Main.run(all, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true), env);
  }

  /** Regression: the message named the configuration file for a bad --listen flag. */
  @Test
  void aBadListenFlagIsReportedAsTheFlag() {
    assertThat(serve(Map.of(), "--listen", "8443")).isEqualTo(2);
    assertThat(err.toString()).contains("--listen").contains("'8443'").contains("HOST:PORT")
        .doesNotContain("defaults:").doesNotContain("server.listen");
  }

  @Test
  void aBadAdminListenFlagIsReportedAsTheFlag() {
    assertThat(serve(Map.of(), "--admin-listen", "localhost")).isEqualTo(2);
    assertThat(err.toString()).contains("--admin-listen").contains("'localhost'");
  }

  /** Regression: an address in use gave "cannot start the listener (IOException)". */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anAddressInUseSaysSoNamingTheAddressAndTheFlagWithoutAStackTrace() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();

      assertThat(serve(Map.of(), "--listen", address, "--admin-listen", "127.0.0.1:0"))
          .isEqualTo(1);
      assertThat(err.toString()).contains(address).contains("already in use")
          .contains("--listen").doesNotContain("Exception").doesNotContain("\tat ");

      err.getBuffer().setLength(0);
      assertThat(serve(Map.of("VEIL_ADMIN_LISTEN", address), "--listen", "127.0.0.1:0"))
          .isEqualTo(1);
      assertThat(err.toString()).contains(address).contains("already in use")
          .contains("VEIL_ADMIN_LISTEN").doesNotContain("Exception");
    } finally {
      root.detachAppender(logged);
    }
    assertThat(logged.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }
}
