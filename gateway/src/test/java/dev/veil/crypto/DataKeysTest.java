package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeysTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] CONTENT = "my card is 4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private DataSource db;
  private LocalKeyProvider kek;
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void setUp() {
    db = TestDatabases.sqlite(dir.resolve("keys.db"));
    kek = TestKeys.localKek(dir);
  }

  @Test
  void sealedContentOpensOnlyWithTheSameRecordAndField() {
    DataKeys keys = new DataKeys(db, kek, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(30)));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "rec-1", "prompt"));

    assertThat(keys.open(key.id(), ct, AssociatedData.of("acme", "rec-1", "prompt"))).isEqualTo(CONTENT);
    assertThatThrownBy(() -> keys.open(key.id(), ct, AssociatedData.of("acme", "rec-2", "prompt")))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> keys.open(key.id(), ct, AssociatedData.of("acme", "rec-1", "completion")))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> keys.open(key.id(), ct, AssociatedData.of("other", "rec-1", "prompt")))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void samePeriodSharesOneKeyAndAnotherProcessFindsIt() {
    DataKeys keys = new DataKeys(db, kek, clock);
    Instant end = NOW.plus(Duration.ofHours(12));
    DataKey a = keys.keyFor("acme", end);
    assertThat(keys.keyFor("acme", end)).isSameAs(a);
    assertThat(keys.keyFor("acme", end.plusSeconds(1)).id()).isNotEqualTo(a.id());
    assertThat(keys.keyFor("beta", end).id()).isNotEqualTo(a.id());

    byte[] ct = a.seal(CONTENT, AssociatedData.of("acme", "r", "f"));
    DataKeys restarted = new DataKeys(db, TestKeys.localKek(dir), clock);
    assertThat(restarted.open(a.id(), ct, AssociatedData.of("acme", "r", "f"))).isEqualTo(CONTENT);
  }

  @Test
  void warmKeysNeverCallTheKekProvider() {
    CountingProvider counting = new CountingProvider(kek);
    DataKeys keys = new DataKeys(db, counting, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(1)));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "r", "f"));
    keys.clearCache();
    keys.open(key.id(), ct, AssociatedData.of("acme", "r", "f"));
    int afterWarmUp = counting.calls;

    for (int i = 0; i < 100; i++) {
      DataKey k = keys.keyFor("acme", NOW.plus(Duration.ofDays(1)));
      keys.open(k.id(), k.seal(CONTENT, AssociatedData.of("acme", "r" + i, "f")), AssociatedData.of("acme", "r" + i, "f"));
    }
    assertThat(counting.calls).isEqualTo(afterWarmUp);
  }

  @Test
  void contentSealedBeforeRotationOpensAfterRotationAndAfterTheOldVersionIsDisabled() {
    DataKeys keys = new DataKeys(db, kek, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(30)));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "rec-1", "prompt"));
    KeyedHash hashBefore = KeyedHash.loadOrCreate(db, kek, "pseudonyms");
    byte[] macBefore = hashBefore.mac(CONTENT);
    String oldVersion = kek.primaryVersion();

    List<String> progress = new ArrayList<>();
    KekRotation rotation = new KekRotation(kek, keys, db);
    KekRotation.Report report = rotation.rotate((what, done, total) -> progress.add(what + " " + done + "/" + total));

    assertThat(report.newVersion()).isNotEqualTo(oldVersion);
    assertThat(report.dataKeysRewrapped()).isEqualTo(1);
    assertThat(report.keysetsRewrapped()).isEqualTo(1);
    assertThat(progress).contains("data keys 1/1", "keysets 1/1");
    assertThat(rotation.disableRetiredVersions()).containsExactly(oldVersion);

    LocalKeyProvider reopened = TestKeys.localKek(dir);
    assertThat(reopened.versions())
        .anySatisfy(v -> {
          assertThat(v.id()).isEqualTo(oldVersion);
          assertThat(v.state()).isEqualTo(KekVersion.State.DISABLED);
        });
    DataKeys fresh = new DataKeys(db, reopened, clock);
    assertThat(fresh.open(key.id(), ct, AssociatedData.of("acme", "rec-1", "prompt"))).isEqualTo(CONTENT);
    assertThat(KeyedHash.loadOrCreate(db, reopened, "pseudonyms").mac(CONTENT)).isEqualTo(macBefore);
  }

  @Test
  void aKeyWrappedByADisabledVersionNoLongerUnwraps() {
    DataKeys keys = new DataKeys(db, kek, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(30)));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "r", "f"));
    String old = kek.primaryVersion();
    kek.rotate();
    kek.disable(old);

    DataKeys fresh = new DataKeys(db, kek, clock);
    assertThatThrownBy(() -> fresh.open(key.id(), ct, AssociatedData.of("acme", "r", "f")))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("disabled");
  }

  @Test
  void aDestroyedKeyCannotOpenAnythingEvenFromCache() {
    DataKeys keys = new DataKeys(db, kek, clock);
    DataKey key = keys.keyFor("acme", NOW.plus(Duration.ofDays(30)));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "r", "f"));
    assertThat(keys.destroy(key.id())).isTrue();

    assertThat(keys.isCached(key.id())).isFalse();
    assertThatThrownBy(() -> keys.open(key.id(), ct, AssociatedData.of("acme", "r", "f")))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void aCachedKeyWhosePeriodEndedRefusesToOpen() {
    MutableClock moving = new MutableClock(NOW);
    DataKeys keys = new DataKeys(db, kek, moving);
    DataKey key = keys.keyFor("acme", NOW.plusSeconds(90));
    byte[] ct = key.seal(CONTENT, AssociatedData.of("acme", "r", "f"));
    moving.set(NOW.plusSeconds(90));
    assertThatThrownBy(() -> keys.open(key.id(), ct, AssociatedData.of("acme", "r", "f")))
        .isInstanceOf(KeyDestroyedException.class);
    assertThatThrownBy(() -> keys.keyFor("acme", NOW.plusSeconds(90))).isInstanceOf(CryptoException.class);
  }

  @Test
  void keyedHashIsStableAcrossRestartsAndDiffersPerName() {
    KeyedHash a = KeyedHash.loadOrCreate(db, kek, "pseudonyms");
    byte[] m = a.mac(CONTENT);
    assertThat(m).hasSize(32);
    assertThat(KeyedHash.loadOrCreate(db, TestKeys.localKek(dir), "pseudonyms").mac(CONTENT)).isEqualTo(m);
    assertThat(KeyedHash.loadOrCreate(db, kek, "blind-index").mac(CONTENT)).isNotEqualTo(m);
    assertThat(a.hex(CONTENT, 3)).hasSize(6);
  }

  static final class CountingProvider implements KeyProvider {
    private final KeyProvider delegate;
    volatile int calls;

    CountingProvider(KeyProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
      calls++;
      return delegate.wrap(secret, context);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
      calls++;
      return delegate.unwrap(wrapped, context);
    }

    @Override
    public KekVersion rotate() {
      return delegate.rotate();
    }

    @Override
    public List<KekVersion> versions() {
      return delegate.versions();
    }

    @Override
    public void disable(String versionId) {
      delegate.disable(versionId);
    }
  }
}
