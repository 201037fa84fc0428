package dev.veil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a log of one million entries on SQLite and verifies it, printing how long verification
 * took (the target is under ten seconds). Excluded from the default build; run it with the JUnit
 * launcher on the test class path, selecting this class.
 */
@Tag("soak")
class AuditVerifySoakTest {

  private static final int ENTRIES = 1_000_000;
  private static final int BATCH = 10_000;

  @TempDir Path temp;

  @Test
  void millionEntryLogVerifies() {
    DataSource ds = TestDatabases.sqlite(temp.resolve("soak.db"));
    TestDatabases.migrate(ds);
    AuditLog log = new AuditLog(ds, new FileSigningKeySource(temp), Clock.systemUTC());
    long start = System.nanoTime();
    for (int from = 0; from < ENTRIES; from += BATCH) {
      List<AuditEvent> batch = new ArrayList<>(BATCH);
      for (int i = from; i < from + BATCH; i++) {
        batch.add(AuditLogContract.event(i));
      }
      log.append(batch);
      if ((from + BATCH) % 100_000 == 0) {
        log.issueTreeHead();
      }
    }
    long appended = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    VerificationReport report = log.verify();
    long verified = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
    System.out.printf(
        "audit soak: appended %d entries in %.1f s (%.0f/s); verified in %.2f s wall, %.2f s CPU%n",
        ENTRIES,
        (appended - start) / 1e9,
        ENTRIES / ((appended - start) / 1e9),
        (verified - appended) / 1e9,
        cpu / 1e9);
    long proveStart = System.nanoTime();
    InclusionProof proof = log.prove(ENTRIES / 2 + 12_345);
    ConsistencyProof consistency = log.consistency(ENTRIES / 3, ENTRIES);
    System.out.printf("audit soak: one inclusion and one consistency proof in %.0f ms%n",
        (System.nanoTime() - proveStart) / 1e6);
    assertThat(proof.path()).hasSize(20);
    assertThat(consistency.toTreeHead()).isNotNull();
    assertThat(report.valid()).as(report.toJson()).isTrue();
    assertThat(report.entries()).isEqualTo(ENTRIES);
    assertThat(report.signedTreeSize()).isEqualTo(ENTRIES);
  }
}
