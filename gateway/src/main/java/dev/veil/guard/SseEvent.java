package dev.veil.guard;

import java.util.Objects;

/**
 * One server-sent event: an optional {@code event:} name and its {@code data:} payload. OpenAI
 * streams use unnamed events whose data is a JSON chunk, ended by the data {@code [DONE]}.
 *
 * @param event the event name, or {@code null} for an unnamed event
 * @param data the payload; multi-line data is joined with {@code \n}
 */
public record SseEvent(String event, String data) {

  /** The event that ends an OpenAI stream. */
  public static final SseEvent DONE = new SseEvent(null, "[DONE]");

  /**
   * The end of a stream whose protocol has no end marker (the Responses API ends after its {@code
   * response.completed} event): a source returns it once the upstream ended complete, and the
   * relay ends the stream as at {@code [DONE]} but writes nothing for it. Only this instance is
   * the end ({@link #isEnd()}); an upstream cannot make one.
   */
  public static final SseEvent END = new SseEvent(null, "");

  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** An unnamed event carrying {@code data}. */
  public static SseEvent data(String data) {
    return new SseEvent(null, data);
  }

  /** Whether this is the {@code [DONE]} end marker. */
  public boolean isDone() {
    return event == null && "[DONE]".equals(data);
  }

  /** Whether this is {@link #END}, the unwritten end of a stream without an end marker. */
  public boolean isEnd() {
    return this == END;
  }

  @Override
  public String toString() {
    return "SseEvent[" + (event == null ? "" : event) + ", " + data.length() + " chars]";
  }
}
