package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacPoolTest {

  /** RFC 4231, test case 2. */
  @Test
  void computesHmacSha256() {
    HmacPool pool = new HmacPool("Jefe".getBytes(StandardCharsets.US_ASCII));
    byte[] mac = pool.mac("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void manyCallersAtOnceEachGetTheirOwnCorrectResult() throws Exception {
    HmacPool pool = new HmacPool(new byte[32]);
    HmacPool reference = new HmacPool(new byte[32]);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 64; t++) {
        int seed = t;
        results.add(threads.submit(() -> {
          for (int i = 0; i < 500; i++) {
            byte[] input = ("input " + seed + " " + i).getBytes(StandardCharsets.UTF_8);
            byte[] expected;
            synchronized (reference) {
              expected = reference.mac(input);
            }
            if (!java.util.Arrays.equals(pool.mac(input), expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    }
  }

  @Test
  void neverShowsTheKey() {
    assertThat(new HmacPool("canary-key-7Qx".getBytes(StandardCharsets.US_ASCII)))
        .hasToString("HmacPool[HMAC-SHA256]");
  }
}
