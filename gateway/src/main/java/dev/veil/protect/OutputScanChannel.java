package dev.veil.protect;

import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.Arrays;
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
 * <p>Veil's own tokens in the output ({@code <PHONE_NUMBER>}, {@code [PERSON_7f3a2c]}, which a
 * model repeats from the request) are never scanned: the detector sees them as spaces, and the
 * window never ends inside one, so every chunking gives what the whole text gives. Edits cover
 * findings widened to whole words, as in the request ({@link Spans}).
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

  /** Characters already emitted that the detector sees again as left context. */
  static final int CONTEXT = 16;

  private final Detector detector;
  private final Policy policy;
  private final Pseudonyms pseudonyms;
  private final Receipt.Counter counter;
  private final String location;
  private final int choice;
  private final boolean active;
  private final StringBuilder held = new StringBuilder();
  private final StringBuilder view = new StringBuilder();
  /** The last characters emitted, as they were before the output action. */
  private final StringBuilder context = new StringBuilder();
  /** The length of {@link #context} at the start of {@link #view}. */
  private int ctx;
  /** Start and end of each of Veil's tokens in {@link #held}, as pairs. */
  private int[] tokens = new int[8];
  private int tokenCount;
  private Finding[] kept = new Finding[4];
  private int[] starts = new int[4];
  private int[] ends = new int[4];

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
    CharSequence view = view(end);
    List<Finding> findings = RequestProtector.scan(detector, view, location);
    int emitTo = end ? held.length() : cut(held.length() - WINDOW);
    int count = spans(findings);
    for (int n = 0; n < count; n++) {
      int s = starts[n];
      int e = ends[n];
      if (s < emitTo && (e > emitTo || (!end && e == held.length()))) {
        emitTo = s;
        break;
      }
    }
    int copied = 0;
    Set<EntityType> blocked = null;
    boolean blocking = policy.output() == OutputAction.BLOCK;
    for (int n = 0; n < count; n++) {
      Finding f = kept[n];
      int s = starts[n];
      int e = ends[n];
      if (e > emitTo && !(blocking && e < held.length())) {
        continue;
      }
      String value = held.substring(s, e);
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
        out.append(held, copied, s).append('<').append(f.type().name()).append('>');
        copied = e;
      }
    }
    if (blocked != null) {
      held.setLength(0);
      throw new OutputBlockedException(new Violation(policy.name(), blocked,
          new TreeSet<>(List.of(choice)), List.of(location)));
    }
    out.append(held, copied, emitTo);
    context.append(held, 0, emitTo);
    context.delete(0, Math.max(0, context.length() - CONTEXT));
    held.delete(0, emitTo);
  }

  /**
   * The text the detector sees: the last {@value #CONTEXT} characters already emitted, as context
   * that a recogniser may need at the start of the held text, then the held text with Veil's own
   * tokens (and, unless at the end, a tail that could still become one) replaced by spaces, so that
   * nothing inside them is ever found. The tokens' ranges in the held text are left in {@link
   * #tokens}.
   */
  private CharSequence view(boolean end) {
    tokenCount = 0;
    for (int i = held.indexOf("<"), j = held.indexOf("["); i >= 0 || j >= 0; ) {
      int at = i < 0 ? j : j < 0 ? i : Math.min(i, j);
      int stop = VeilTokens.end(held, at, !end);
      if (stop > 0) {
        if (tokens.length < 2 * tokenCount + 2) {
          tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[2 * tokenCount] = at;
        tokens[2 * tokenCount + 1] = stop;
        tokenCount++;
      }
      int from = stop > 0 ? stop : at + 1;
      i = i >= 0 && i < from ? held.indexOf("<", from) : i;
      j = j >= 0 && j < from ? held.indexOf("[", from) : j;
    }
    ctx = context.length();
    view.setLength(0);
    view.append(context).append(held);
    for (int t = 0; t < tokenCount; t++) {
      for (int k = tokens[2 * t]; k < tokens[2 * t + 1]; k++) {
        view.setCharAt(ctx + k, ' ');
      }
    }
    return view;
  }

  /**
   * Where the window may end, at or before {@code at}: not inside one of Veil's tokens, and not
   * inside a word unless the word is longer than the window, so that a later finding never needs
   * to widen over text already sent.
   */
  private int cut(int at) {
    for (int t = 0; t < tokenCount; t++) {
      if (tokens[2 * t] < at && at < tokens[2 * t + 1]) {
        at = tokens[2 * t];
        break;
      }
    }
    int word = Spans.start(view, ctx + at, ctx) - ctx;
    return at - word <= WINDOW ? word : at;
  }

  /**
   * Keeps the findings that touch no token, widened by {@link Spans}, in {@link #kept}, {@link
   * #starts} and {@link #ends}; returns how many.
   */
  private int spans(List<Finding> findings) {
    if (kept.length < findings.size()) {
      kept = new Finding[findings.size()];
      starts = new int[findings.size()];
      ends = new int[findings.size()];
    }
    int count = 0;
    int lastEnd = ctx;
    for (int n = 0; n < findings.size(); n++) {
      Finding f = findings.get(n);
      if (f.start() < ctx || touchesToken(f.start() - ctx, f.end() - ctx)) {
        continue;
      }
      int ceiling = n + 1 < findings.size() ? findings.get(n + 1).start() : view.length();
      int s = Spans.start(view, f.start(), lastEnd);
      int e = Math.max(s, Spans.end(view, f.end(), ceiling, f.type()));
      lastEnd = e;
      kept[count] = f;
      starts[count] = s - ctx;
      ends[count] = e - ctx;
      count++;
    }
    return count;
  }

  private boolean touchesToken(int start, int end) {
    for (int t = 0; t < tokenCount; t++) {
      if (start < tokens[2 * t + 1] && tokens[2 * t] < end) {
        return true;
      }
    }
    return false;
  }
}
