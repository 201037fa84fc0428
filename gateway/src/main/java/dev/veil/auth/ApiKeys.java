package dev.veil.auth;

import dev.veil.store.ApiKeyRecord;
import dev.veil.store.ApiKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A key may name a policy. The gateway reads its policies from {@code veil.yaml} only at start,
 * so a key made afterwards with a policy added since names a policy this gateway does not have:
 * such a key fails authentication with {@link Failure#POLICY_NOT_LOADED} (a clear error, logged
 * once per key) instead of failing later inside a guard.
 *
 * <h2>Security</h2>
 * Neither the key nor its hash appears in a log, an exception or {@code toString()}.
 */
public final class ApiKeys {
  /** How every Veil key starts. */
  public static final String KEY_PREFIX = "vk-";

  static final int PREFIX_LENGTH = 11;
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
  private static final int RANDOM_BYTES = 24;
  private static final int MAX_CACHED = 10_000;
  /** Owner and team names: what admin user names allow, so that the two can be compared. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final ApiKeyStore store;
  private final ApiKeyHasher hasher;
  private final Clock clock;
  /**
   * How long a node serves a key from its cache: a key revoked, or whose policy, models or team
   * changed, on another node or from the CLI takes effect everywhere within this. One indexed
   * lookup per active key per second is the price.
   */
  public static final Duration SHARED_CACHE_TTL = Duration.ofSeconds(1);

  private final Duration cacheTtl;
  private final Predicate<String> policyLoaded;
  private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();
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
    REVOKED,
    /** The key is valid but names a policy this gateway has not loaded (added since it started). */
    POLICY_NOT_LOADED
  }

  /** The result of {@link #authenticate}: a principal or a failure. */
  public record Outcome(Principal principal, Failure failure) {}

  /** Keys for a command that serves no requests: every policy name counts as loaded. */
  public ApiKeys(ApiKeyStore store, ApiKeyHasher hasher, Clock clock, Duration cacheTtl) {
    this(store, hasher, clock, cacheTtl, policy -> true);
  }

  /**
   * @param policyLoaded whether the serving gateway has the policy of that name; a key naming one
   *     it has not fails with {@link Failure#POLICY_NOT_LOADED}
   */
  public ApiKeys(ApiKeyStore store, ApiKeyHasher hasher, Clock clock, Duration cacheTtl,
      Predicate<String> policyLoaded) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
    this.policyLoaded = Objects.requireNonNull(policyLoaded, "policyLoaded");
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
    return create(name, models, expiresIn, policy, null, null);
  }

  /**
   * Creates a key that belongs to {@code owner} and {@code team} (each {@code null} for none).
   * The caller checks that the policy and the owner exist.
   *
   * @throws IllegalArgumentException if owner or team is not a plain name
   */
  public Created create(String name, List<String> models, Duration expiresIn, String policy,
      String owner, String team) {
    checkLabel("owner", owner);
    checkLabel("team", team);
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
            owner,
            team,
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

  /** The keys that belong to the admin user {@code owner}, revoked ones included. */
  public List<ApiKeyRecord> ownedBy(String owner) {
    return store.listByOwner(owner);
  }

  private static void checkLabel(String what, String value) {
    if (value != null && !LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1 to 64 lower-case letters, digits, '.',"
          + " '_' or '-', starting with a letter or digit");
    }
  }

  /**
   * Gives the key named {@code name} a new owner ({@code null} for none); returns whether there
   * was a key of that name. The caller checks that the owner exists.
   *
   * @throws IllegalArgumentException if the owner is not a plain name
   */
  public boolean setOwner(String name, String owner) {
    checkLabel("owner", owner);
    return store.setOwner(name, owner);
  }

  /**
   * Gives the key named {@code name} a new team ({@code null} for none); returns whether there
   * was a key of that name.
   *
   * @throws IllegalArgumentException if the team is not a plain name
   */
  public boolean setTeam(String name, String team) {
    checkLabel("team", team);
    return store.setTeam(name, team);
  }

  /**
   * Gives the key named {@code name} another policy ({@code null} for the default); returns
   * whether there was a key of that name. Every node applies it once its cache of the key
   * expires ({@link #SHARED_CACHE_TTL}); this node at once. The caller checks that the policy is
   * loaded.
   */
  public boolean setPolicy(String name, String policy) {
    boolean found = store.setPolicy(name, policy);
    cache.clear();
    return found;
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
    if (r.policy() != null && !policyLoaded.test(r.policy())) {
      if (warnedKeys.add(r.id())) {
        LOG.warn("API key '{}' names policy '{}', which this gateway did not load at start: its"
            + " requests are refused until the gateway is restarted with that policy in its"
            + " configuration", r.name(), r.policy());
      }
      return new Outcome(null, Failure.POLICY_NOT_LOADED);
    }
    return new Outcome(new Principal(r.id(), r.name(), r.models(), r.policy(), r.team()), null);
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
