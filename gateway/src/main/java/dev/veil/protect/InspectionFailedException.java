package dev.veil.protect;

/**
 * A part of a request or response could not be inspected: it could not be parsed, it has a shape
 * that cannot be scanned (token ids, images), or the detector failed. The gateway must refuse the
 * exchange ({@code veil_inspection_failed}) and send nothing upstream or to the client.
 *
 * <h2>Security</h2>
 * The message names only the location (e.g. {@code messages[2].content}) and the reason. The cause
 * is deliberately not chained, because a detector's exception may quote the text it failed on;
 * only the cause's class name is kept, in {@link #causeType()}.
 */
public final class InspectionFailedException extends RuntimeException {

  private final String location;
  private final String causeType;

  public InspectionFailedException(String location, String reason) {
    this(location, reason, null);
  }

  InspectionFailedException(String location, String reason, Throwable cause) {
    super(location + ": " + reason
        + (cause == null ? "" : " (" + cause.getClass().getName() + ")"), null, false, true);
    this.location = location;
    this.causeType = cause == null ? null : cause.getClass().getName();
  }

  /** Where inspection failed, as a JSON path such as {@code messages[1].content[0].text}. */
  public String location() {
    return location;
  }

  /** The class name of the underlying exception, or {@code null}. */
  public String causeType() {
    return causeType;
  }
}
