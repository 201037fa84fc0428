package dev.veil.provider;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds blocking socket reads and writes by closing the socket of a wait that outlives its
 * deadline. One daemon thread looks at every registered socket each {@link #TICK_MILLIS} ms, so a
 * wait ends at most that much after its deadline.
 *
 * <p>Why not socket read timeouts: on a virtual thread, every read that has to wait with a
 * timeout schedules a task with the JDK's delay scheduler and cancels it when bytes arrive, and
 * each of the two wakes that scheduler's thread. For a proxied request that was about one extra
 * thread wake-up a request, on machines where wake-ups are most of the kernel's share of the
 * gateway's CPU. Here a wait costs two field writes and a compare-and-set.
 */
final class SocketDeadlines {
  static final long TICK_MILLIS = 10;

  private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();

  static {
    Thread.ofPlatform().name("veil-upstream-deadlines").daemon().start(SocketDeadlines::run);
  }

  private SocketDeadlines() {}

  /** Watches {@code socket} until {@link Watch#close}. */
  static Watch watch(Socket socket) {
    Watch w = new Watch(socket);
    WATCHED.add(w);
    return w;
  }

  private static void run() {
    while (true) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
      long now = System.nanoTime();
      for (Watch w : WATCHED) {
        w.expireIfLate(now);
      }
    }
  }

  /**
   * The waits of one socket, one at a time, each through {@link #bounded}.
   */
  static final class Watch implements AutoCloseable {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int EXPIRED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Watch.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Socket socket;
    private volatile long until;
    private volatile int state;

    private Watch(Socket socket) {
      this.socket = socket;
    }

    /** Starts a wait that must end by {@code deadlineNanos} ({@link System#nanoTime}). */
    private void begin(long deadlineNanos) {
      until = deadlineNanos;
      state = WAITING;
    }

    /** A blocking socket call. */
    interface Blocking {
      int run() throws IOException;
    }

    /**
     * Runs {@code call} as one wait that must end by {@code deadlineNanos}.
     *
     * @throws SocketTimeoutException with {@code late} as its message if the deadline passed first
     *     (the socket is then closed; whatever the call threw is its cause)
     */
    int bounded(long deadlineNanos, String late, Blocking call) throws IOException {
      begin(deadlineNanos);
      int result;
      try {
        result = call.run();
      } catch (IOException e) {
        if (!end()) {
          SocketTimeoutException t = new SocketTimeoutException(late);
          t.initCause(e);
          throw t;
        }
        throw e;
      }
      if (!end()) {
        throw new SocketTimeoutException(late);
      }
      return result;
    }

    /**
     * Ends the current wait.
     *
     * @return false if the deadline passed first: the socket is closed, and whatever the blocked
     *     call returned or threw is to be treated as a timeout
     */
    private boolean end() {
      return STATE.compareAndSet(this, WAITING, IDLE);
    }

    private void expireIfLate(long now) {
      if (state == WAITING && now - until >= 0 && STATE.compareAndSet(this, WAITING, EXPIRED)) {
        close();
      }
    }

    /** Closes the socket and stops watching it. */
    @Override
    public void close() {
      WATCHED.remove(this);
      try {
        socket.close();
      } catch (java.io.IOException ignored) {
        // Closing is best effort.
      }
    }
  }
}
