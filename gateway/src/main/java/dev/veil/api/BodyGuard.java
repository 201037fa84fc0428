package dev.veil.api;

import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Response;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Body limits: refuses a body that is not JSON (415) or is compressed (415), then reads and parses
 * it within the configured size, depth and string limits ({@link BodyReader}: 413, 408 or 400)
 * and passes the request on with its body.
 *
 * <p>The listener hands the unread body over as {@link #INCOMING}; the guard removes it once read.
 */
final class BodyGuard implements Guard {

  /**
   * A request body as it arrives.
   *
   * @param contentType the {@code Content-Type} header, or {@code null}
   * @param contentEncoding the {@code Content-Encoding} header, or {@code null}
   * @param length the declared length, or -1
   * @param read told the number of bytes read once the body has been read (or refused)
   */
  record Incoming(String contentType, String contentEncoding, InputStream in, long length,
      IntConsumer read) {}

  static final Exchange.Key<Incoming> INCOMING = Exchange.Key.of("body.incoming",
      Incoming.class);

  private final BodyReader reader;

  BodyGuard(VeilConfig.Limits limits) {
    this.reader = new BodyReader(Objects.requireNonNull(limits, "limits"));
  }

  @Override
  public String name() {
    return "body-limits";
  }

  @Override
  public Response intercept(Chain chain) {
    Incoming incoming = chain.exchange().get(INCOMING);
    chain.exchange().put(INCOMING, null);
    if (incoming == null) {
      throw new IllegalStateException("no request body was handed over");
    }
    if (incoming.contentType() == null || !isJson(incoming.contentType())) {
      return ApiErrors.unsupportedMediaType();
    }
    String encoding = incoming.contentEncoding();
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
      return Response.error(415, "invalid_request_error", "unsupported_content_encoding",
          "Compressed request bodies are not accepted: send the JSON without Content-Encoding.",
          null);
    }
    BodyReader.Parsed parsed = reader.read(incoming.in(), incoming.length());
    incoming.read().accept(parsed.bytes());
    if (parsed.error() != null) {
      return parsed.error();
    }
    return chain.proceed(chain.request().withBody(parsed.body()));
  }

  private static boolean isJson(String contentType) {
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase("application/json");
  }
}
