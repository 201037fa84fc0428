package dev.veil.guard;

import dev.veil.auth.Principal;
import dev.veil.protect.Receipt;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context of one request, shared by all guards: its id, who made it, the clock, the receipt
 * and a bag of typed attributes that guards use to pass facts to each other (for example the
 * pseudonym map that a restore guard needs).
 *
 * <h2>Security</h2>
 * Attributes may hold sensitive values for the life of the request; they are never logged,
 * recorded or serialised. Only the {@link #receipt()} leaves the request, and it holds counts.
 */
public final class Exchange {

  /** A typed attribute key; compare by identity, so keep each key in a constant. */
  public static final class Key<T> {
    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) {
      this.name = name;
      this.type = type;
    }

    /** A new key; {@code name} is for debugging only. */
    public static <T> Key<T> of(String name, Class<T> type) {
      return new Key<>(Objects.requireNonNull(name), Objects.requireNonNull(type));
    }

    @Override
    public String toString() {
      return "Key[" + name + "]";
    }
  }

  private final String requestId;
  private final Principal principal;
  private final Clock clock;
  private final long startNanos;
  private volatile Receipt receipt;
  private volatile boolean inspection;
  private final ConcurrentHashMap<Key<?>, Object> attributes = new ConcurrentHashMap<>();
  private volatile boolean upstreamStoreAllowed;
  private volatile String provider;

  public Exchange(String requestId, Principal principal, Clock clock, long startNanos) {
    this.requestId = Objects.requireNonNull(requestId);
    this.principal = Objects.requireNonNull(principal);
    this.clock = Objects.requireNonNull(clock);
    this.startNanos = startNanos;
  }

  /** The request id, also sent to the client as {@code X-Request-Id}. */
  public String requestId() {
    return requestId;
  }

  /** The authenticated API key and what it may do. */
  public Principal principal() {
    return principal;
  }

  /** The clock every guard should use, so tests can fix time. */
  public Clock clock() {
    return clock;
  }

  /** {@link System#nanoTime()} when the request arrived. */
  public long startNanos() {
    return startNanos;
  }

  /** What the guards found and did so far; {@code policy=none} before any guard reported. */
  public Receipt receipt() {
    Receipt r = receipt;
    return r == null ? Receipt.empty("none") : r;
  }

  /** Adds a guard's counts to this request's receipt; the first receipt names the policy. */
  public synchronized void addReceipt(Receipt more) {
    receipt = receipt == null ? more : receipt.plus(more);
  }

  /**
   * Whether the answer shows the protected request itself (the {@code inspect} provider), so
   * that no guard restores it.
   */
  public boolean inspection() {
    return inspection;
  }

  /** Marks the answer as an inspection of the protected request; only providers call this. */
  public void markInspection() {
    this.inspection = true;
  }

  /** The attribute for {@code key}, or {@code null}. */
  public <T> T get(Key<T> key) {
    return key.type.cast(attributes.get(key));
  }

  /** Sets the attribute for {@code key}; {@code null} removes it. */
  public <T> void put(Key<T> key, T value) {
    if (value == null) {
      attributes.remove(key);
    } else {
      attributes.put(key, key.type.cast(value));
    }
  }

  /**
   * Whether the provider may keep the request (OpenAI {@code store}); {@code false} unless a
   * policy guard allows it, in which case the client's own {@code store} field is sent as is.
   */
  public boolean upstreamStoreAllowed() {
    return upstreamStoreAllowed;
  }

  /** Lets the provider keep this request; only a policy guard should call this. */
  public void allowUpstreamStore() {
    this.upstreamStoreAllowed = true;
  }

  /** The name of the provider that served the request, once known. */
  public String provider() {
    return provider;
  }

  /** Records which provider served the request. */
  public void provider(String name) {
    this.provider = name;
  }

  @Override
  public String toString() {
    return "Exchange[" + requestId + "]";
  }
}
