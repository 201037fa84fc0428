package dev.veil.api;

import dev.veil.guard.Response;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that the HTTP layer answers by itself, before a request reaches Veil's handlers (a
 * malformed request line or chunk, a URL or headers too long, an unsupported HTTP version or
 * {@code Expect}), in OpenAI's JSON envelope like every other error. The message is the status's
 * standard reason: it never quotes what the client sent.
 */
final class JsonErrorHandler extends ErrorHandler {

  static Response.Json error(int status) {
    String code = switch (status) {
      case 400 -> "invalid_request";
      case 408 -> "request_timeout";
      case 413 -> "request_too_large";
      case 414 -> "url_too_long";
      case 417 -> "expectation_failed";
      case 431 -> "headers_too_large";
      case 505 -> "http_version_not_supported";
      default -> status >= 500 ? "server_error" : "invalid_request";
    };
    String reason = HttpStatus.getMessage(status);
    return Response.error(status, status >= 500 && status != 505 ? "server_error"
        : "invalid_request_error", code, "The HTTP request was refused: " + status + " " + reason
        + ".", null);
  }

  @Override
  public boolean handle(Request request, org.eclipse.jetty.server.Response response,
      Callback callback) {
    Object attribute = request.getAttribute(ERROR_STATUS);
    int status = attribute instanceof Integer i ? i : response.getStatus();
    if (status < 400) {
      status = 500;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(error(status).bytes()), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(error(status).bytes());
  }
}
