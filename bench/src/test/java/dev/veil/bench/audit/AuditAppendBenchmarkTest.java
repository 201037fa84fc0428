package dev.veil.bench.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.veil.audit.AuditEntryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AuditAppendBenchmarkTest {

  private final AuditAppendBenchmark bench = new AuditAppendBenchmark();

  @Test
  void everyEnqueuedEventIsCommittedInOrder() throws Exception {
    AuditAppendBenchmark.Async s = new AuditAppendBenchmark.Async();
    s.setUp();
    List<CompletableFuture<Long>> done = new ArrayList<>();
    for (int i = 0; i < 3 * AuditAppendBenchmark.CAPACITY / 2; i++) {
      s.makeRoom();
      done.add(bench.enqueue(s));
    }
    for (int i = 0; i < done.size(); i++) {
      assertThat(done.get(i).get()).isEqualTo(i);
    }
    assertThatCode(s::tearDown).doesNotThrowAnyException();
  }

  @Test
  void synchronousAppendsTakeConsecutiveIndexes() {
    AuditAppendBenchmark.Sync s = new AuditAppendBenchmark.Sync();
    s.setUp();
    try {
      assertThat(bench.appendSync(s)).isZero();
      assertThat(bench.appendSync(s)).isEqualTo(1);
    } finally {
      s.tearDown();
    }
  }

  @Test
  void theEventIsAboutTwoHundredAndFiftyBytesAsAnEntry() {
    assertThat(AuditEntryCodec.encode(0, AuditAppendBenchmark.event()).length()).isBetween(200, 300);
  }
}
