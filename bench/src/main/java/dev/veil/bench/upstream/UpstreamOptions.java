package dev.veil.bench.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How the fake upstream answers.
 *
 * @param chunks content chunks per SSE stream (the role chunk, the finish chunk, the usage chunk and
 *     {@code [DONE]} come on top)
 * @param firstByteDelay pause before the first byte of every answer, streamed or not (a model's
 *     time to first token)
 * @param chunkDelay pause between two content chunks of a stream
 */
public record UpstreamOptions(int chunks, Duration firstByteDelay, Duration chunkDelay) {

  public static final UpstreamOptions FASTEST = new UpstreamOptions(20, Duration.ZERO, Duration.ZERO);

  public UpstreamOptions {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be at least 1, got " + chunks);
    }
    Objects.requireNonNull(firstByteDelay, "firstByteDelay");
    Objects.requireNonNull(chunkDelay, "chunkDelay");
    if (firstByteDelay.isNegative() || chunkDelay.isNegative()) {
      throw new IllegalArgumentException(
          "delays must not be negative, got " + firstByteDelay + " and " + chunkDelay);
    }
  }
}
