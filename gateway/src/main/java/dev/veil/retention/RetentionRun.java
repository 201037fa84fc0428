package dev.veil.retention;

import dev.veil.crypto.DataKeys;
import dev.veil.crypto.KeyPeriod;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Enforces retention by crypto-shredding ({@code veil retention run}).
 *
 * <p>For every data key whose period has ended, it first destroys the key (so the content becomes
 * unreadable everywhere, backups included, even if the next step fails) and then deletes the rows
 * sealed under it. A last sweep deletes rows of periods whose key is already gone (a run that was
 * interrupted between the two steps).
 */
public final class RetentionRun {
  /** One shredded period: which tenant, when it ended, how many records went with it. */
  public record ShreddedPeriod(String tenant, Instant periodEnd, int recordsDeleted) {}

  /**
   * What a run destroyed. Identifiers and counts only: no content, no key material.
   *
   * @param orphanRecordsDeleted expired rows whose key an earlier, interrupted run had destroyed
   */
  public record Report(
      Instant ranAt, int keysDestroyed, int recordsDeleted, int orphanRecordsDeleted, List<ShreddedPeriod> periods) {
    public Report {
      periods = List.copyOf(periods);
    }
  }

  private final DataKeys keys;
  private final ContentVault vault;
  private final Clock clock;

  public RetentionRun(DataKeys keys, ContentVault vault, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Shreds every period that has ended by now. Safe to run concurrently on several nodes. */
  public Report runNow() throws SQLException {
    Instant now = clock.instant();
    List<ShreddedPeriod> periods = new ArrayList<>();
    int destroyed = 0;
    int deleted = 0;
    for (KeyPeriod p : keys.expired(now)) {
      if (keys.destroy(p.keyId())) {
        destroyed++;
      }
      int n = vault.deleteByDataKey(p.keyId());
      deleted += n;
      periods.add(new ShreddedPeriod(p.tenant(), p.expiresAt(), n));
    }
    int orphans = vault.deleteExpired(now);
    return new Report(now, destroyed, deleted, orphans, periods);
  }
}
