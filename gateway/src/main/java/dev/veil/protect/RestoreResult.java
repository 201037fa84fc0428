package dev.veil.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The outcome of {@link ResponseRestorer#restore}. */
public sealed interface RestoreResult {

  /** What output scanning found and did (output counts only; add it to the request's receipt). */
  Receipt receipt();

  /**
   * The response may go to the client.
   *
   * @param body the restored response (the same object that was passed in, changed in place)
   * @param receipt output counts
   */
  record Restored(ObjectNode body, Receipt receipt) implements RestoreResult {
    @Override
    public String toString() {
      return "Restored[" + receipt + "]";
    }
  }

  /**
   * The model produced personal data that the policy blocks; answer with {@code
   * veil_policy_violation} instead.
   */
  record Blocked(Violation violation, Receipt receipt) implements RestoreResult {}
}
