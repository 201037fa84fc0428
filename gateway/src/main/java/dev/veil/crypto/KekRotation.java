package dev.veil.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * KEK rotation without downtime and without re-encrypting content ({@code veil kms rotate}).
 *
 * <ol>
 *   <li>{@link #rotate} asks the provider for a new primary version; new data keys are wrapped by
 *       it at once.
 *   <li>It then rewraps every existing data key and sealed keyset under the new version, reporting
 *       progress. Unwrapped keys in memory are unaffected, so serving continues throughout.
 *   <li>{@link #disableRetiredVersions} then disables every old version that no wrapped key still
 *       references.
 * </ol>
 */
public final class KekRotation {
  /** What a rotation did. */
  public record Report(String newVersion, long dataKeysRewrapped, long keysetsRewrapped) {}

  private final KeyProvider kek;
  private final DataKeys dataKeys;
  private final SealedKeysets keysets;

  public KekRotation(KeyProvider kek, DataKeys dataKeys, DataSource keyDb) {
    this.kek = Objects.requireNonNull(kek, "kek");
    this.dataKeys = Objects.requireNonNull(dataKeys, "dataKeys");
    this.keysets = new SealedKeysets(Objects.requireNonNull(keyDb, "keyDb"), kek);
  }

  /** Makes a new KEK version and rewraps everything under it. */
  public Report rotate(RotationProgress progress) {
    KekVersion v = kek.rotate();
    return rewrap(v.id(), progress);
  }

  /** Rewraps whatever is not yet under the primary version (e.g. to resume an interrupted run). */
  public Report resume(RotationProgress progress) {
    return rewrap(kek.primaryVersion(), progress);
  }

  private Report rewrap(String version, RotationProgress progress) {
    long keys = dataKeys.rewrapAll(progress);
    long sets = keysets.rewrapAll(progress);
    return new Report(version, keys, sets);
  }

  /**
   * Disables every enabled, non-primary KEK version that no data key or keyset is wrapped by.
   * Returns the versions disabled; versions still in use are left enabled.
   */
  public List<String> disableRetiredVersions() {
    List<String> disabled = new ArrayList<>();
    for (KekVersion v : kek.versions()) {
      if (v.primary() || v.state() != KekVersion.State.ENABLED) {
        continue;
      }
      if (dataKeys.countWrappedBy(v.id()) == 0 && keysets.countWrappedBy(v.id()) == 0) {
        kek.disable(v.id());
        disabled.add(v.id());
      }
    }
    return disabled;
  }
}
