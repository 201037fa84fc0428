package dev.veil.auth;

import dev.veil.store.ApiKeyRecord;
import dev.veil.store.ApiKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Virtual API keys: creation, listing, revocation and authentication.
 *
 * <p>A key is {@code vk-} followed by 32 base64url characters (192 random bits). The store keeps
 * its first {@value #PREFIX_LENGTH} characters (to find it and to show in listings) and its keyed
 * hash ({@link ApiKeyHasher}); the key itself is returned once, by {@link #create}.
 *
 * <p>Authentication looks up the prefix in an in-memory cache (filled from the store on a miss,
 * entries kept for {@code cacheTtl}), then compares the hash in constant time. Unknown prefixes
 * are cached too, so a flood of bad keys does not become a flood of queries. A key revoked from
 * another process (the CLI, another node) stops working within {@code cacheTtl}; a key revoked
 * through this instance stops at once.
 *
 * <h2>Security</h2>
 * Neither the key nor its hash appears in a log, an exception or {@code toString()}.
 */
public final class ApiKeys {
  /** How every Veil key starts. */
  public static final String KEY_PREFIX = "vk-";

  static final int PREFIX_LENGTH = 11;
  private static final int RANDOM_BYTES = 24;
  private static final int MAX_CACHED = 10_000;

  private final ApiKeyStore store;
  private final ApiKeyHasher hasher;
  private final Clock clock;
  private final Duration cacheTtl;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(List<ApiKeyRecord> records, Instant loadedAt) {}

  /** The key itself (shown once) and what was stored. */
  public record Created(String key, ApiKeyRecord record) {
    @Override
    public String toString() {
      return "Created[" + record.name() + "]";
    }
  }

  /** Why authentication failed; each maps to a 401 with its own message. */
  public enum Failure {
    MISSING,
    UNKNOWN,
    EXPIRED,
    REVOKED
  }

  /** The result of {@link #authenticate}: a principal or a failure. */
  public record Outcome(Principal principal, Failure failure) {}

  public ApiKeys(ApiKeyStore store, ApiKeyHasher hasher, Clock clock, Duration cacheTtl) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  /**
   * Creates and stores a key.
   *
   * @param models the models it may use; empty for all
   * @param expiresIn {@code null} for a key that does not expire
   */
  public Created create(String name, List<String> models, Duration expiresIn) {
    return create(name, models, expiresIn, null);
  }

  /**
   * Creates a key with the policy {@code policy} attached ({@code null} for the default policy).
   * The caller checks that the policy exists.
   */
  public Created create(String name, List<String> models, Duration expiresIn, String policy) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    ApiKeyRecord record =
        new ApiKeyRecord(
            UUID.randomUUID().toString(),
            name,
            key.substring(0, PREFIX_LENGTH),
            hasher.hash(key),
            models,
            policy,
            now,
            expiresIn == null ? null : now.plus(expiresIn),
            null,
            null);
    store.insert(record);
    cache.remove(record.prefix());
    return new Created(key, record);
  }

  /** All keys, revoked ones included. */
  public List<ApiKeyRecord> list() {
    return store.list();
  }

  /** Revokes the key named {@code name}; returns whether there was a usable key of that name. */
  public boolean revoke(String name) {
    boolean revoked = store.revoke(name, clock.instant());
    cache.clear();
    return revoked;
  }

  /** The number of keys that can still be used. */
  public int usableCount() {
    return store.countUsable(clock.instant());
  }

  /**
   * Checks the value of an {@code Authorization} header.
   *
   * @param authorization the header value, or {@code null}
   */
  public Outcome authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Outcome(null, Failure.MISSING);
    }
    String key = authorization.substring(7).trim();
    if (!key.startsWith(KEY_PREFIX) || key.length() < PREFIX_LENGTH || key.length() > 128) {
      return new Outcome(null, Failure.UNKNOWN);
    }
    String prefix = key.substring(0, PREFIX_LENGTH);
    String hash = hasher.hash(key);
    Optional<ApiKeyRecord> match =
        lookup(prefix).stream().filter(r -> ApiKeyHasher.sameHash(r.keyHash(), hash)).findFirst();
    if (match.isEmpty()) {
      return new Outcome(null, Failure.UNKNOWN);
    }
    ApiKeyRecord r = match.get();
    Instant now = clock.instant();
    if (r.revokedAt() != null) {
      return new Outcome(null, Failure.REVOKED);
    }
    if (r.expiresAt() != null && !now.isBefore(r.expiresAt())) {
      return new Outcome(null, Failure.EXPIRED);
    }
    return new Outcome(new Principal(r.id(), r.name(), r.models(), r.policy()), null);
  }

  private List<ApiKeyRecord> lookup(String prefix) {
    Instant now = clock.instant();
    Cached cached = cache.get(prefix);
    if (cached != null && now.isBefore(cached.loadedAt().plus(cacheTtl))) {
      return cached.records();
    }
    List<ApiKeyRecord> records = store.findByPrefix(prefix);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(prefix, new Cached(records, now));
    return records;
  }

  @Override
  public String toString() {
    return "ApiKeys[" + cache.size() + " cached]";
  }
}
