package dev.veil.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The outcome of {@link RequestProtector#protect}: a protected request, or a blocked one. */
public sealed interface ProtectionResult {

  /** What was found and done; also present when blocked. */
  Receipt receipt();

  /**
   * The request may go upstream.
   *
   * @param body the protected body (the same object that was passed in, changed in place)
   * @param pseudonyms what the response needs restored
   * @param receipt what was found and done
   */
  record Protected(ObjectNode body, Pseudonyms pseudonyms, Receipt receipt)
      implements ProtectionResult {
    @Override
    public String toString() {
      return "Protected[" + pseudonyms + ", " + receipt + "]";
    }
  }

  /**
   * The policy refuses the request; nothing may go upstream.
   *
   * @param violation what was found where
   * @param receipt what was found and done
   */
  record Blocked(Violation violation, Receipt receipt) implements ProtectionResult {}
}
