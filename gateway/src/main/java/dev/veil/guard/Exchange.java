package dev.veil.guard;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;

/**
 * The context of one request, shared by all guards: its id, the clock, the headers the gateway
 * adds to the client's answer, and a bag of typed attributes that guards use to pass facts to each
 * other. Each fact has a {@link Key} kept as a constant by the feature that produces it (the
 * authenticated principal, the model route, the receipt, the pseudonym map that a restore needs):
 * this class knows none of them.
 *
 * <h2>Security</h2>
 * Attributes may hold sensitive values for the life of the request; they are never logged,
 * recorded or serialised. Response headers reach the client and must hold counts and names only.
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
  private final Clock clock;
  private final long startNanos;
  private final ConcurrentHashMap<Key<?>, Object> attributes = new ConcurrentHashMap<>();
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();

  public Exchange(String requestId, Clock clock, long startNanos) {
    this.requestId = Objects.requireNonNull(requestId);
    this.clock = Objects.requireNonNull(clock);
    this.startNanos = startNanos;
  }

  /** The request id, also sent to the client as {@code X-Request-Id}. */
  public String requestId() {
    return requestId;
  }

  /** The clock every guard should use, so tests can fix time. */
  public Clock clock() {
    return clock;
  }

  /** {@link System#nanoTime()} when the request arrived. */
  public long startNanos() {
    return startNanos;
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
   * Sets the attribute for {@code key} to {@code value}, or to {@code merge(old, value)} when it
   * is already set; atomically, so that guards on different threads (a stream's end and the
   * request path) do not lose each other's facts.
   */
  public <T> void merge(Key<T> key, T value, BinaryOperator<T> merge) {
    Objects.requireNonNull(value, "value");
    attributes.merge(key, key.type.cast(value),
        (old, more) -> key.type.cast(merge.apply(key.type.cast(old), key.type.cast(more))));
  }

  /** Adds a header to the client's answer (replacing one of the same name). */
  public synchronized void responseHeader(String name, String value) {
    responseHeaders.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
  }

  /** The headers that guards added to the client's answer, in the order they were added. */
  public synchronized Map<String, String> responseHeaders() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responseHeaders));
  }

  @Override
  public String toString() {
    return "Exchange[" + requestId + "]";
  }
}
