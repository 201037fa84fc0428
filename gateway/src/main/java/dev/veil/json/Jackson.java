package dev.veil.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson set-up of the request path, in one place.
 *
 * <p>Every parser and generator borrows its buffers from one shared pool. Jackson's default pool
 * keeps buffers per thread, and the gateway serves every request on a new virtual thread, so the
 * default meant fresh buffers (several kilobytes) for every body parsed or written.
 *
 * <h2>Security</h2>
 * A pooled buffer can hold text of an earlier request until it is overwritten, as unreachable heap
 * does until it is collected; nothing reads a buffer beyond what it wrote into it.
 */
public final class Jackson {

  /** A plain mapper on the shared pool; thread-safe, never reconfigured. */
  public static final ObjectMapper MAPPER = new ObjectMapper(factory().build());

  private Jackson() {}

  /** A factory builder on the shared buffer pool, for mappers that need their own limits. */
  public static JsonFactoryBuilder factory() {
    return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
  }
}
