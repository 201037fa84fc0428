package dev.veil.bench.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.veil.bench.protect.ProtectFixture;
import dev.veil.retention.ContentVault;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealBenchmarkTest {

  @Test
  void aFourKilobyteRecordIsSealedAndOpenedWithoutCallingTheKekAfterWarmUp() throws Exception {
    SealBenchmark bench = new SealBenchmark();
    bench.setUp();
    String content = ProtectFixture.chatRequest(false).toString();

    assertThat(content.getBytes(StandardCharsets.UTF_8).length).isBetween(4_000, 4_700);
    for (int i = 0; i < 3; i++) {
      assertThat(bench.seal().meta().recordId()).isEqualTo("rec-0001");
      assertThat(bench.open()).isEqualTo(content);
      assertThat(bench.openStored().fields()).containsEntry(ContentVault.REQUEST, content);
    }
    assertThatCode(bench::tearDown).doesNotThrowAnyException();
  }
}
