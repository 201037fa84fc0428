package dev.veil.protect;

/**
 * A field that Veil must inspect has a shape it does not expect: a client's mistake, such as a
 * number where text belongs or a string where an array of tool calls belongs. The gateway answers
 * 400 {@code invalid_request_error} naming the field in {@code param}, and nothing goes upstream.
 *
 * <h2>Security</h2>
 * Message and {@link #param()} name only documented field names and indexes, never a value or a
 * key that the client chose.
 */
public final class InvalidRequestException extends RuntimeException {

  private final String param;

  public InvalidRequestException(String param, String reason) {
    super("'" + param + "' " + reason + ".", null, false, false);
    this.param = param;
  }

  /** The field, as a path such as {@code messages[0].tool_calls[0]}. */
  public String param() {
    return param;
  }
}
