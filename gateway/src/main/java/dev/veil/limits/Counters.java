package dev.veil.limits;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Named counters that expire, shared by every guard that limits usage: one {@link #charge} adds to
 * several counters at once, all or nothing, after checking their limits. {@link LocalCounters}
 * keeps them in this process (one node); {@link RedisCounters} in Redis (every node).
 *
 * <h2>Security</h2>
 * Counter names hold key ids, team names, model names and keyed hashes of end user ids, never an
 * API key or an end user id in clear.
 */
public interface Counters extends AutoCloseable {

  /** How a charge's limit is checked before anything is added. */
  enum Check {
    /** Not checked: always added (usage reported after the answer). */
    NONE,
    /** The counter plus the amount must not exceed the limit (rate limits). */
    FITS,
    /** The counter must be below the limit before the amount is added (budgets). */
    BELOW
  }

  /**
   * An amount to add to the counter {@code name}, which expires at {@code expiresAtMillis} (epoch
   * milliseconds) when it is created.
   */
  record Charge(String name, long amount, long limit, Check check, long expiresAtMillis) {
    public Charge {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(check, "check");
    }
  }

  /**
   * What a charge did.
   *
   * @param refused the index of the first charge whose check failed, or {@code -1} when every
   *     amount was added
   * @param values each counter's value after adding, or, when refused, as it was (nothing added)
   */
  record Outcome(int refused, long[] values) {
    public boolean granted() {
      return refused < 0;
    }
  }

  /**
   * Checks every charge and adds all of their amounts, or none when one check fails; atomically
   * with respect to every other charge on the same counters, on every node that shares them.
   *
   * @throws Unavailable when the counters cannot be reached in time; nothing is known about
   *     whether the amounts were added
   */
  Outcome charge(List<Charge> charges) throws Unavailable;

  /**
   * Adds every amount without checking a limit and without waiting: usage known only after an
   * answer, which must not hold the answer back (with Redis, a round trip per guard). The stage
   * completes with each counter's value after adding, or exceptionally with {@link Unavailable}.
   *
   * @throws IllegalArgumentException if a charge has a check
   */
  CompletionStage<long[]> add(List<Charge> charges);

  /**
   * Whether the counters can be reached now (for readiness probes); may try to connect, at most
   * as often as a charge would.
   */
  default boolean reachable() {
    return true;
  }

  /** Refuses a charge with a check, for {@link #add}. */
  static void requireUnchecked(List<Charge> charges) {
    for (Charge c : charges) {
      if (c.check() != Check.NONE) {
        throw new IllegalArgumentException("add() takes charges without a check");
      }
    }
  }

  /** A short description for logs and the audit log (no password, no address details). */
  String describe();

  @Override
  void close();

  /** The counters could not be reached. The message names the cause's class only. */
  final class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
