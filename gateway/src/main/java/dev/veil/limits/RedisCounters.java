package dev.veil.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in Redis, shared by every gateway node that uses the same server.
 *
 * <p>One {@link #charge} (or {@link #add}, which does not wait for it) is one round trip: a Lua script ({@code charge.lua}) reads every
 * counter, checks every limit and then adds every amount, and Redis runs a script without
 * interleaving any other command, so two nodes can never both take the last request of a window.
 * Windows are fixed (a minute, a UTC day, a UTC month); their start is part of the counter name,
 * and a counter expires at its window's end, so nothing needs cleaning up. The script is sent once
 * and afterwards called by its SHA-1; a server that forgot it (restart, {@code SCRIPT FLUSH}) gets
 * it again.
 *
 * <p>Failure: commands are refused at once while the connection is down (Lettuce reconnects in
 * the background) and time out after the configured timeout; either is {@link
 * Counters.Unavailable}, and the guards decide whether that fails the request closed or open. When
 * the server cannot be reached at start, the gateway still starts, and a connection is tried again
 * at most once a second.
 *
 * <h2>Warning</h2>
 * Counters of one charge may hash to different slots: this class needs a single Redis server (or
 * a primary with replicas), not Redis Cluster.
 */
public final class RedisCounters implements Counters {
  private static final String SCRIPT = script();
  private static final long RECONNECT_MILLIS = 1_000;

  private final RedisClient client;
  private final String describe;
  private final AtomicLong nextConnect = new AtomicLong();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile String sha;

  /**
   * Connects to {@code uri} (or keeps trying, see the class documentation).
   *
   * @param password the server's password, or {@code null}
   */
  public RedisCounters(URI uri, char[] password, Duration timeout) {
    RedisURI.Builder b = RedisURI.builder().withHost(uri.getHost())
        .withPort(uri.getPort() < 0 ? 6379 : uri.getPort())
        .withSsl("rediss".equals(uri.getScheme())).withTimeout(timeout);
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      b.withDatabase(Integer.parseInt(path.substring(1)));
    }
    if (password != null) {
      b.withPassword(password);
    }
    this.client = RedisClient.create(b.build());
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    this.describe = "redis counters at " + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379
        : uri.getPort());
    try {
      connect();
    } catch (Unavailable e) {
      // Tried again by the first charge after RECONNECT_MILLIS.
    }
  }

  @Override
  public boolean reachable() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c.isOpen();
    }
    try {
      return connect().isOpen();
    } catch (Unavailable e) {
      return false;
    }
  }

  private StatefulRedisConnection<String, String> connection() throws Unavailable {
    StatefulRedisConnection<String, String> c = connection;
    return c != null ? c : connect();
  }

  private StatefulRedisConnection<String, String> connect() throws Unavailable {
    long now = System.currentTimeMillis();
    long next = nextConnect.get();
    if (now < next || !nextConnect.compareAndSet(next, now + RECONNECT_MILLIS)) {
      throw new Unavailable("redis is not connected");
    }
    synchronized (this) {
      if (connection != null) {
        return connection;
      }
      StatefulRedisConnection<String, String> c = null;
      try {
        c = client.connect();
        sha = c.sync().scriptLoad(SCRIPT);
        connection = c;
        return c;
      } catch (RedisException e) {
        if (c != null) {
          c.closeAsync();
        }
        throw new Unavailable("redis connection failed (" + e.getClass().getSimpleName() + ")");
      }
    }
  }

  @Override
  public Outcome charge(List<Charge> charges) throws Unavailable {
    String[] keys = keys(charges);
    String[] args = args(charges);
    RedisCommands<String, String> redis = connection().sync();
    List<Object> out;
    try {
      try {
        out = redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException e) {
        sha = redis.scriptLoad(SCRIPT);
        out = redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
      }
    } catch (RedisException e) {
      throw failed(e);
    }
    return new Outcome(((Long) out.get(0)).intValue() - 1, values(out, charges.size()));
  }

  @Override
  public CompletionStage<long[]> add(List<Charge> charges) {
    Counters.requireUnchecked(charges);
    String[] keys = keys(charges);
    String[] args = args(charges);
    RedisAsyncCommands<String, String> redis;
    try {
      redis = connection().async();
    } catch (Unavailable e) {
      return CompletableFuture.failedFuture(e);
    }
    // a server that forgot the script (restart, SCRIPT FLUSH) is sent it whole
    return redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
        .exceptionallyCompose(e -> e instanceof RedisNoScriptException
            || e.getCause() instanceof RedisNoScriptException
            ? redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args)
            : CompletableFuture.failedFuture(e))
        .handle((out, e) -> {
          if (e != null) {
            throw new CompletionException(failed(e));
          }
          return values(out, charges.size());
        });
  }

  private static String[] keys(List<Charge> charges) {
    String[] keys = new String[charges.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = charges.get(i).name();
    }
    return keys;
  }

  private static String[] args(List<Charge> charges) {
    String[] args = new String[4 * charges.size()];
    for (int i = 0; i < charges.size(); i++) {
      Charge c = charges.get(i);
      args[4 * i] = Long.toString(c.amount());
      args[4 * i + 1] = Long.toString(c.limit());
      args[4 * i + 2] = switch (c.check()) {
        case NONE -> "n";
        case FITS -> "f";
        case BELOW -> "b";
      };
      args[4 * i + 3] = Long.toString(c.expiresAtMillis());
    }
    return args;
  }

  private static long[] values(List<Object> out, int n) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = (Long) out.get(i + 1);
    }
    return values;
  }

  /** Names the failure's class only: a Redis message may quote a command's arguments. */
  private static Unavailable failed(Throwable e) {
    return new Unavailable("redis command failed ("
        + FailurePolicy.cause(e).getClass().getSimpleName() + ")");
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static String script() {
    try (InputStream in = Objects.requireNonNull(
        RedisCounters.class.getResourceAsStream("charge.lua"), "charge.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
