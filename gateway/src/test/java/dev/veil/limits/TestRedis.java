package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Redis that tests share: {@code VEIL_TEST_REDIS}, else {@code redis://127.0.0.1:6379}. A
 * test that needs it is skipped, with the reason, when none answers, except under {@code CI=true},
 * where it fails.
 */
public final class TestRedis {
  public static final URI URI = java.net.URI.create(
      System.getenv().getOrDefault("VEIL_TEST_REDIS", "redis://127.0.0.1:6379"));

  private TestRedis() {}

  /** Skips (or, under CI, fails) the calling test when Redis does not answer PING. */
  public static void assumeRunning() {
    boolean up = pings();
    String reason = "no Redis answers at " + URI.getHost() + ":" + port()
        + " (set VEIL_TEST_REDIS or start one); the tests that need it are skipped";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(up).as(reason + " (CI=true: Redis is required)").isTrue();
    }
    assumeTrue(up, reason);
  }

  /** A tenant no other test run uses, so counters left in Redis never meet a later run. */
  public static String freshTenant() {
    return "t" + System.nanoTime();
  }

  private static int port() {
    return URI.getPort() < 0 ? 6379 : URI.getPort();
  }

  private static boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(URI.getHost(), port()), 500);
      s.setSoTimeout(500);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] b = new byte[7];
      int n = in.readNBytes(b, 0, 7);
      return new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
