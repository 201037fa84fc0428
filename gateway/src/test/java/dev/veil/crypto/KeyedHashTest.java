package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedHash} computes exactly Tink's HMAC-SHA256 PRF of the stored key, so surrogates made
 * before it used the JDK's MAC directly stay the same, also when many threads share it.
 */
class KeyedHashTest {

  @Test
  void equalsTinksPrfForEveryInputLength() throws Exception {
    TinkSupport.init();
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF,
        RegistryConfiguration.get());
    PrfSet tink = handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    KeyedHash hash = KeyedHash.of(handle, "test");
    Random random = new Random(7);
    for (int length = 0; length < 300; length++) {
      byte[] input = new byte[length];
      random.nextBytes(input);
      assertThat(hash.mac(input)).isEqualTo(tink.computePrimary(input, 32));
    }
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
    TinkSupport.init();
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF,
        RegistryConfiguration.get());
    KeyedHash hash = KeyedHash.of(handle, "test");
    byte[][] expected = new byte[64][];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = hash.mac(("value " + i).getBytes(StandardCharsets.UTF_8));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 500; round++) {
            int i = round % expected.length;
            if (!Arrays.equals(expected[i],
                hash.mac(("value " + i).getBytes(StandardCharsets.UTF_8)))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    }
  }
}
