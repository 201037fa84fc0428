package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.util.List;

/**
 * Makes a streamed chat answer report its usage, so that the limit guards after this one can
 * count completion tokens: asks upstream for a usage chunk ({@code stream_options.include_usage})
 * and, when the client did not ask for it, removes that chunk again on the way back, so the client
 * gets the stream it asked for. Placed before the rate-limit and budget guards, it sees the answer
 * after them, so they see the usage chunk before it goes. A Responses API stream always reports
 * its usage in its last event, and has no such option: it passes as it is.
 */
public final class StreamUsageGuard implements Guard {
  private static final ObjectMapper MAPPER = Jackson.MAPPER;

  @Override
  public String name() {
    return "stream-usage";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    if (!request.stream() || request.endpoint() == Request.Endpoint.RESPONSES
        || request.body().path("stream_options").path("include_usage").asBoolean(false)) {
      return chain.proceed(request);
    }
    ObjectNode body = request.body().deepCopy();
    JsonNode options = body.get("stream_options");
    (options instanceof ObjectNode o ? o : body.putObject("stream_options"))
        .put("include_usage", true);
    Response response = chain.proceed(request.withBody(body));
    if (!(response instanceof Response.Streaming s)) {
      return response;
    }
    return s.transform(event -> isUsageChunk(event) ? List.of() : List.of(event));
  }

  /** The chunk that include_usage adds: usage set and no choices. */
  private static boolean isUsageChunk(SseEvent event) {
    if (!event.data().contains("\"usage\"")) {
      return false;
    }
    try {
      JsonNode chunk = MAPPER.readTree(event.data());
      return chunk.path("usage").isObject() && chunk.path("choices").isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
