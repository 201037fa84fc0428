package dev.veil.guard;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guards of the gateway in their fixed order, followed by the upstream call.
 *
 * <p>The list is built once at start-up and never sorted or changed afterwards. A request walks
 * it by index: guard 0 gets a {@link Guard.Chain} whose {@code proceed} calls guard 1, and so on;
 * the last {@code proceed} calls the {@link Terminal}.
 *
 * <h2>Security</h2>
 * Fail closed: an exception from a guard, a guard that returns {@code null} or calls {@code
 * proceed} twice, all end the request with a 500 error whose code is {@code
 * veil_inspection_failed}. The log line names the guard and the exception class, never its
 * message (which could carry request content).
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** The end of the chain: sends the request upstream and returns the provider's answer. */
  @FunctionalInterface
  public interface Terminal {
    /** Must not throw for upstream failures; it returns an error response instead. */
    Response call(Request request, Exchange exchange);
  }

  /** Where each guard's own time on the request path goes (e.g. a latency histogram). */
  @FunctionalInterface
  public interface Timing {
    /**
     * @param guard the guard's index in {@link #guardNames}
     * @param nanos the time spent in the guard itself: its {@code intercept} less the time of
     *     the guards and the upstream call after it (for a stream, until its head arrived)
     */
    void record(int guard, long nanos);

    Timing NONE = (guard, nanos) -> { };
  }

  private final List<Guard> guards;
  private final Terminal terminal;
  private final Timing timing;

  public Pipeline(List<Guard> guards, Terminal terminal) {
    this(guards, terminal, Timing.NONE);
  }

  public Pipeline(List<Guard> guards, Terminal terminal, Timing timing) {
    this.guards = List.copyOf(guards);
    this.terminal = Objects.requireNonNull(terminal, "terminal");
    this.timing = Objects.requireNonNull(timing, "timing");
  }

  /** The guards in order, for diagnostics. */
  public List<String> guardNames() {
    return guards.stream().map(Guard::name).toList();
  }

  /** Runs {@code request} through every guard and upstream. Never throws. */
  public Response execute(Request request, Exchange exchange) {
    try {
      return new RealChain(0, request, exchange).run();
    } catch (GuardFailure failure) {
      return failure.response;
    }
  }

  /** The error response for a guard that failed; the message names the guard, not the cause. */
  public static Response.Json inspectionFailed(String guardName) {
    return Response.error(
        500,
        "server_error",
        "veil_inspection_failed",
        "The request could not be inspected (guard " + guardName + " failed); nothing was sent"
            + " upstream.",
        null);
  }

  private static final class GuardFailure extends RuntimeException {
    private final transient Response response;

    GuardFailure(Response response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  private final class RealChain implements Guard.Chain {
    private final int index;
    private final Request request;
    private final Exchange exchange;
    private final AtomicBoolean proceeded = new AtomicBoolean();
    private volatile Response downstream;
    private long downstreamNanos;

    RealChain(int index, Request request, Exchange exchange) {
      this.index = index;
      this.request = request;
      this.exchange = exchange;
    }

    Response run() {
      if (index == guards.size()) {
        return terminal.call(request, exchange);
      }
      Guard guard = guards.get(index);
      Response response;
      long start = System.nanoTime();
      try {
        response = guard.intercept(this);
        timing.record(index, System.nanoTime() - start - downstreamNanos);
      } catch (GuardFailure failure) {
        throw failure;
      } catch (Exception | LinkageError | AssertionError e) {
        releaseDownstream(null);
        LOG.warn(
            "guard {} failed with {}; request {} refused",
            guard.name(),
            e.getClass().getName(),
            exchange.requestId());
        throw new GuardFailure(inspectionFailed(guard.name()));
      }
      releaseDownstream(response);
      if (response == null) {
        LOG.warn("guard {} returned no response; request {} refused", guard.name(),
            exchange.requestId());
        throw new GuardFailure(inspectionFailed(guard.name()));
      }
      return response;
    }

    /** Closes a stream from further down that this guard did not pass on, so no call leaks. */
    private void releaseDownstream(Response kept) {
      if (downstream instanceof Response.Streaming s
          && !(kept instanceof Response.Streaming k && k.source() == s.source())) {
        s.source().close();
      }
    }

    @Override
    public Request request() {
      return request;
    }

    @Override
    public Exchange exchange() {
      return exchange;
    }

    @Override
    public Response proceed(Request next) {
      Objects.requireNonNull(next, () -> "guard " + guards.get(index).name()
          + " passed a null request to proceed()");
      if (!proceeded.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "guard " + guards.get(index).name() + " must call proceed() at most once");
      }
      long start = System.nanoTime();
      try {
        Response response = new RealChain(index + 1, next, exchange).run();
        downstream = response;
        return response;
      } finally {
        downstreamNanos = System.nanoTime() - start;
      }
    }
  }
}
