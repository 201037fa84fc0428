package dev.veil.protect;

import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies the policy's output action to personal data in one stream of restored model output that
 * did not come from the request.
 *
 * <p>Streams are scanned through a sliding window: the last {@code window} characters are held
 * back and rescanned with each new piece, so a value split across chunks is still seen whole, and
 * a finding that reaches the end of the held text is held until it cannot grow any more. With
 * {@link OutputAction#BLOCK} a complete finding stops the stream at once, before the window has
 * moved past it.
 *
 * <h2>Warning</h2>
 * The window is a trade-off between latency and coverage. Every stream whose policy scans output
 * is delayed by up to {@code window} characters (a few tokens), and a value longer than the window,
 * or one whose recognition depends on context further back, may be missed or cut. With {@link
 * OutputAction#ALLOW} nothing is scanned and nothing is held.
 */
final class OutputScanChannel {

  /** Characters held back for rescanning; longer than nearly every email, phone or name. */
  static final int WINDOW = 48;

  private final Detector detector;
  private final Policy policy;
  private final Pseudonyms pseudonyms;
  private final Receipt.Counter counter;
  private final String location;
  private final int choice;
  private final boolean active;
  private final StringBuilder held = new StringBuilder();

  OutputScanChannel(Detector detector, Policy policy, Pseudonyms pseudonyms, Receipt.Counter counter,
      String location, int choice) {
    this.detector = detector;
    this.policy = policy;
    this.pseudonyms = pseudonyms;
    this.counter = counter;
    this.location = location;
    this.choice = choice;
    this.active = policy.output() != OutputAction.ALLOW;
  }

  /**
   * Appends the settled part of the text so far to {@code out}, with the output action applied.
   *
   * @throws OutputBlockedException if the action is {@code block} and a value was found
   * @throws InspectionFailedException if the detector failed
   */
  void feed(CharSequence text, StringBuilder out, boolean end) {
    if (!active) {
      out.append(text);
      return;
    }
    held.append(text);
    if (!end && held.length() <= WINDOW) {
      return;
    }
    List<Finding> findings = RequestProtector.scan(detector, held, location);
    int emitTo = end ? held.length() : held.length() - WINDOW;
    for (Finding f : findings) {
      if (f.start() < emitTo && (f.end() > emitTo || (!end && f.end() == held.length()))) {
        emitTo = f.start();
        break;
      }
    }
    int copied = 0;
    Set<EntityType> blocked = null;
    boolean blocking = policy.output() == OutputAction.BLOCK;
    for (Finding f : findings) {
      if (f.end() > emitTo && !(blocking && f.end() < held.length())) {
        continue;
      }
      String value = f.valueIn(held);
      if (f.score() < policy.minScore(f.type()) || policy.allow().allows(value)
          || pseudonyms.cameFromRequest(value)) {
        continue;
      }
      counter.addOutput(f.type(), policy.output());
      if (blocking) {
        if (blocked == null) {
          blocked = EnumSet.noneOf(EntityType.class);
        }
        blocked.add(f.type());
      } else {
        out.append(held, copied, f.start()).append('<').append(f.type().name()).append('>');
        copied = f.end();
      }
    }
    if (blocked != null) {
      held.setLength(0);
      throw new OutputBlockedException(new Violation(policy.name(), blocked,
          new TreeSet<>(List.of(choice)), List.of(location)));
    }
    out.append(held, copied, emitTo);
    held.delete(0, emitTo);
  }
}
