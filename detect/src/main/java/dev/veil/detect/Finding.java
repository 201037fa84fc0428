package dev.veil.detect;

import java.util.Objects;

/**
 * One sensitive value found in a text: where it is, what it is, and how sure the recognizer is.
 *
 * <p>Offsets are UTF-16 indexes into the scanned {@link CharSequence}, {@code end} exclusive.
 *
 * <h2>Security</h2>
 * A finding never holds the matched text, so it can be logged, counted and put in a receipt or an
 * audit event. {@link #toString()} prints type, offsets, score and recognizer only. To see the
 * value, slice the original text with {@link #start()} and {@link #end()}.
 *
 * @param type the entity type
 * @param start first char of the value
 * @param end one past the last char of the value
 * @param score confidence in [0, 1]
 * @param recognizer the name of the recognizer that produced it, e.g. {@code "credit_card"}
 * @param kind a finer kind where one exists (for {@link EntityType#SECRET}: {@code
 *     "aws_access_key_id"}, {@code "github_pat"}...), otherwise {@code null}
 */
public record Finding(EntityType type, int start, int end, double score, String recognizer, String kind) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(recognizer, "recognizer");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score out of [0, 1]: " + score);
    }
  }

  public Finding(EntityType type, int start, int end, double score, String recognizer) {
    this(type, start, end, score, recognizer, null);
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end;
  }

  /** The matched value; use only where the value is needed (protection), never for logging. */
  public String valueIn(CharSequence text) {
    return text.subSequence(start, end).toString();
  }

  public Finding withScore(double newScore) {
    return new Finding(type, start, end, newScore, recognizer, kind);
  }

  @Override
  public String toString() {
    return "Finding[" + type + (kind == null ? "" : "/" + kind) + " " + start + ".." + end
        + " score=" + String.format(java.util.Locale.ROOT, "%.2f", score) + " by " + recognizer + "]";
  }
}
