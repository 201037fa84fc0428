package dev.veil.auth;

import dev.veil.crypto.KeyProvider;
import dev.veil.crypto.MutableClock;
import dev.veil.crypto.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.store.ApiKeyStore;
import dev.veil.store.Database;
import dev.veil.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  @TempDir Path dir;
  Database db;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  ApiKeys keys;
  KeyProvider kek;

  ApiKeyHasher hasher() throws Exception {
    return ApiKeyHasher.open(db.dataSource(), kek, dir);
  }

  @BeforeEach
  void open() throws Exception {
    db = TestDatabases.sqlite(dir);
    kek = TestKeys.localKek(dir);
    keys = new ApiKeys(new ApiKeyStore(db), hasher(), clock, Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aCreatedKeyAuthenticatesAndIsStoredOnlyAsAKeyedHash() throws Exception {
    ApiKeys.Created c = keys.create("app", List.of("gpt-4o"), null);

    assertThat(c.key()).startsWith("vk-").hasSize(35);
    Principal p = keys.authenticate("Bearer " + c.key()).principal();
    assertThat(p.keyName()).isEqualTo("app");
    assertThat(p.mayUse("gpt-4o")).isTrue();
    assertThat(p.mayUse("other")).isFalse();
    assertThat(c.record().keyHash()).doesNotContain(c.key().substring(3)).hasSize(64);
    assertThat(c.toString()).doesNotContain(c.key());
    for (String file : List.of("veil.db", "veil.db-wal")) {
      Path f = dir.resolve(file);
      if (Files.exists(f)) {
        assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain(c.key().substring(11));
      }
    }
  }

  /** Regression: such a key authenticated, then failed inside a guard with a bare 500. */
  @Test
  void aKeyNamingAPolicyTheGatewayDidNotLoadFailsAuthenticationClearly() throws Exception {
    ApiKeys serving = new ApiKeys(new ApiKeyStore(db), hasher(), clock,
        Duration.ofSeconds(10), java.util.Set.of("default", "strict")::contains);
    String added = keys.create("added-later", List.of(), null, "added-since-start").key();
    String strict = keys.create("strict-key", List.of(), null, "strict").key();
    String plain = keys.create("plain-key", List.of(), null).key();

    assertThat(serving.authenticate("Bearer " + added).failure())
        .isEqualTo(ApiKeys.Failure.POLICY_NOT_LOADED);
    assertThat(serving.authenticate("Bearer " + strict).principal().policy()).isEqualTo("strict");
    assertThat(serving.authenticate("Bearer " + plain).principal().policy()).isNull();
  }

  @Test
  void ownerAndTeamChangeOneAtATimeSoThatTwoChangesAtOnceBothStay() {
    keys.create("shared-team", List.of(), null, null, "dev.ops", "payments");
    // one admin moves the key to another team while another hands it to no owner
    assertThat(keys.setTeam("shared-team", "search")).isTrue();
    assertThat(keys.setOwner("shared-team", null)).isTrue();
    assertThat(keys.list()).filteredOn(k -> k.name().equals("shared-team")).singleElement()
        .satisfies(k -> {
          assertThat(k.team()).isEqualTo("search");
          assertThat(k.owner()).isNull();
        });
    assertThat(keys.setTeam("no-such-key", "x")).isFalse();
  }

  @Test
  void ownerAndTeamAreKeptAndMustBePlainNames() {
    ApiKeys.Created c = keys.create("owned", List.of(), null, null, "dev.ops", "payments");
    assertThat(c.record().owner()).isEqualTo("dev.ops");
    assertThat(keys.ownedBy("dev.ops")).extracting(r -> r.team()).containsExactly("payments");
    assertThat(keys.ownedBy("dev")).isEmpty();
    assertThat(keys.authenticate("Bearer " + c.key()).principal().team())
        .as("team limits and budgets count by the principal's team").isEqualTo("payments");
    assertThatThrownBy(() -> keys.create("bad", List.of(), null, null, "Dev Ops", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
    assertThatThrownBy(() -> keys.create("bad", List.of(), null, null, null, "x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team");
  }

  @Test
  void theHashDependsOnThePerInstallSecret() throws Exception {
    Path otherDir = dir.resolve("other-install");
    try (Database otherDb = TestDatabases.sqlite(otherDir)) {
      ApiKeyHasher other = ApiKeyHasher.open(otherDb.dataSource(), TestKeys.localKek(otherDir),
          otherDir);
      assertThat(other.hash("vk-same")).isNotEqualTo(hasher().hash("vk-same"));
    }
  }

  /** Regression: the secret was a file of each node's data directory, so keys were per node. */
  @Test
  void nodesWithTheirOwnDataDirectoriesOnOneStoreHashKeysAlike() throws Exception {
    String first = hasher().hash("vk-same");
    Path secondNode = dir.resolve("second-node");
    Files.createDirectories(secondNode);
    assertThat(ApiKeyHasher.open(db.dataSource(), kek, secondNode).hash("vk-same"))
        .isEqualTo(first);
  }

  @Test
  void theSecretOfTheFormerPerNodeFileIsAdoptedSoExistingKeysKeepWorking() throws Exception {
    Path legacyDir = Files.createDirectories(dir.resolve("legacy"));
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    Files.write(legacyDir.resolve(ApiKeyHasher.LEGACY_FILE), secret);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
    String before = java.util.HexFormat.of().formatHex(
        mac.doFinal("vk-old".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try (Database legacyDb = TestDatabases.sqlite(legacyDir)) {
      KeyProvider legacyKek = TestKeys.localKek(legacyDir);
      assertThat(ApiKeyHasher.open(legacyDb.dataSource(), legacyKek, legacyDir).hash("vk-old"))
          .isEqualTo(before);
      Files.delete(legacyDir.resolve(ApiKeyHasher.LEGACY_FILE));
      assertThat(ApiKeyHasher.open(legacyDb.dataSource(), legacyKek, legacyDir).hash("vk-old"))
          .as("sealed in the store, the file is no longer needed").isEqualTo(before);
    }
  }

  @Test
  void missingMalformedAndUnknownKeysFail() {
    keys.create("app", List.of(), null);
    assertThat(keys.authenticate(null).failure()).isEqualTo(ApiKeys.Failure.MISSING);
    assertThat(keys.authenticate("Basic abc").failure()).isEqualTo(ApiKeys.Failure.MISSING);
    assertThat(keys.authenticate("Bearer sk-x").failure()).isEqualTo(ApiKeys.Failure.UNKNOWN);
    assertThat(keys.authenticate("Bearer vk-" + "A".repeat(32)).failure())
        .isEqualTo(ApiKeys.Failure.UNKNOWN);
  }

  @Test
  void aKeyStopsWorkingWhenItExpires() {
    String key = keys.create("short", List.of(), Duration.ofHours(1)).key();
    assertThat(keys.authenticate("Bearer " + key).principal()).isNotNull();
    clock.advance(Duration.ofHours(1));
    assertThat(keys.authenticate("Bearer " + key).failure()).isEqualTo(ApiKeys.Failure.EXPIRED);
  }

  @Test
  void aRevocationByAnotherProcessAppliesWithinASecond() throws Exception {
    ApiKeys keys = new ApiKeys(new ApiKeyStore(db), hasher(), clock,
        ApiKeys.SHARED_CACHE_TTL);
    String key = keys.create("shared", List.of(), null).key();
    assertThat(keys.authenticate("Bearer " + key).principal()).isNotNull();
    ApiKeys cli = new ApiKeys(new ApiKeyStore(db), hasher(), clock, Duration.ZERO);
    cli.revoke("shared");

    assertThat(keys.authenticate("Bearer " + key).principal()).isNotNull();
    clock.advance(Duration.ofMillis(1001));
    assertThat(keys.authenticate("Bearer " + key).failure()).isEqualTo(ApiKeys.Failure.REVOKED);
  }

  @Test
  void aRevocationThroughTheSameInstanceAppliesAtOnce() {
    String key = keys.create("local", List.of(), null).key();
    keys.authenticate("Bearer " + key);
    keys.revoke("local");
    assertThat(keys.authenticate("Bearer " + key).failure()).isEqualTo(ApiKeys.Failure.REVOKED);
  }
}
