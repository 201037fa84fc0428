package dev.veil.guard;

/**
 * One step of the request pipeline: inspects or changes a request on its way upstream and the
 * response on its way back.
 *
 * <p>A guard either calls {@link Chain#proceed(Request)} exactly once and returns (possibly a
 * transformed version of) what it got back, or refuses the request by returning an error response
 * built with {@link Response#error} without calling {@code proceed}. The order of guards is fixed
 * once at start-up by {@link Pipeline}.
 *
 * <p>Streaming responses are transformed chunk by chunk with {@link
 * Response.Streaming#transform(StreamTransformer)}; a guard never waits for the end of a stream.
 *
 * <h2>Security</h2>
 * Veil fails closed: any exception thrown by a guard stops the request with a 500-class
 * OpenAI-style error whose code is {@code veil_inspection_failed}, and nothing goes upstream. A
 * guard must never put a detected value into an exception message, a log line or the receipt.
 */
@FunctionalInterface
public interface Guard {

  /** Handles one request; see the class documentation for the rules. */
  Response intercept(Chain chain) throws Exception;

  /** A short stable name used in error messages and metrics; defaults to the class name. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The view a guard has of the pipeline at its own position. */
  interface Chain {
    /** The request as the previous guard passed it on. */
    Request request();

    /** Per-request context: id, principal, clock, receipt and attributes. */
    Exchange exchange();

    /**
     * Passes {@code request} to the next guard (or upstream after the last one) and returns its
     * response. May be called at most once per guard invocation.
     *
     * @throws IllegalStateException if called a second time
     */
    Response proceed(Request request);
  }
}
