package dev.veil.guard;

import java.util.List;

/**
 * Transforms a stream of server-sent events as it passes, one event at a time.
 *
 * <p>{@link #onEvent} is called for every event as soon as it arrives from upstream and returns
 * the events to send on now (none, to hold data back; several, to release held data). The
 * OpenAI end marker {@code [DONE]} is not passed to {@code onEvent}: when it arrives, {@link
 * #onEnd} is called once and returns whatever was held back, which is sent before {@code
 * [DONE]}. A stream that breaks does not get {@code onEnd}; it ends with an error event. Calls are made from one thread at a time, in order, so an implementation may keep state
 * (for example the tail of a chunk that could be the start of a pseudonym).
 *
 * <h2>Warning</h2>
 * An exception thrown from either method ends the client stream with an error event with code
 * {@code veil_inspection_failed}; events already sent stay sent.
 */
public interface StreamTransformer {

  /** Returns the events to emit now in place of {@code event}. */
  List<SseEvent> onEvent(SseEvent event) throws Exception;

  /** Returns the events to emit after the last upstream event. */
  default List<SseEvent> onEnd() throws Exception {
    return List.of();
  }

  /** The transformer that passes every event on unchanged. */
  StreamTransformer IDENTITY = List::of;

  /** A transformer that first applies this one, then {@code next} to each result. */
  default StreamTransformer andThen(StreamTransformer next) {
    if (this == IDENTITY) {
      return next;
    }
    StreamTransformer first = this;
    return new StreamTransformer() {
      @Override
      public List<SseEvent> onEvent(SseEvent event) throws Exception {
        return feed(first.onEvent(event));
      }

      @Override
      public List<SseEvent> onEnd() throws Exception {
        List<SseEvent> out = new java.util.ArrayList<>(feed(first.onEnd()));
        out.addAll(next.onEnd());
        return out;
      }

      private List<SseEvent> feed(List<SseEvent> events) throws Exception {
        if (events.size() == 1) {
          return next.onEvent(events.get(0));
        }
        List<SseEvent> out = new java.util.ArrayList<>();
        for (SseEvent e : events) {
          out.addAll(next.onEvent(e));
        }
        return out;
      }
    };
  }
}
