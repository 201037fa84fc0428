package dev.veil.guard;

import java.io.IOException;

/**
 * A pull-style source of server-sent events, usually an upstream stream being read as it arrives.
 *
 * <p>Not thread-safe for {@link #next()}; {@link #close()} may be called from any thread and makes
 * a blocked {@code next()} fail, which is how a client disconnect cancels the upstream call.
 */
public interface SseSource extends AutoCloseable {

  /**
   * Blocks until the next event arrives and returns it, or returns {@code null} when the stream
   * has ended normally.
   *
   * @throws IOException if the stream broke or went idle for too long
   */
  SseEvent next() throws IOException;

  /**
   * True if the next event has already arrived, so that {@link #next()} returns without waiting
   * for the network. The relay flushes to the client only when this is false, which sends events
   * that arrived together in one write without delaying any of them. The default, false, flushes
   * after every event.
   */
  default boolean ready() {
    return false;
  }

  /** Releases the source and cancels the underlying call if it is still running. Idempotent. */
  @Override
  void close();
}
