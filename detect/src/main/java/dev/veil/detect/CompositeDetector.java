package dev.veil.detect;

import dev.veil.detect.pattern.WordList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs recognizers, adjusts scores by context, drops findings under the minimum score and resolves
 * overlaps. Immutable after construction, hence thread-safe; a scan allocates only its own lists.
 */
final class CompositeDetector implements Detector {

  /**
   * Higher score, then longer span, then entity-type order, then earlier start, then recognizer
   * name; written out rather than chained so that sorting calls no comparator per key.
   */
  static final Comparator<Finding> PRIORITY = (a, b) -> {
    int c = Double.compare(b.score(), a.score());
    if (c == 0) {
      c = Integer.compare(b.length(), a.length());
    }
    if (c == 0) {
      c = Integer.compare(a.type().ordinal(), b.type().ordinal());
    }
    if (c == 0) {
      c = Integer.compare(a.start(), b.start());
    }
    return c != 0 ? c : a.recognizer().compareTo(b.recognizer());
  };

  private final Recognizer[] recognizers;
  private final Context[] contextByType;
  private final int contextWindow;
  private final double minScore;

  CompositeDetector(List<Recognizer> recognizers, List<ContextRule> context, int contextWindow,
      double minScore) {
    this.recognizers = recognizers.toArray(Recognizer[]::new);
    EntityType[] types = EntityType.values();
    this.contextByType = new Context[types.length];
    for (EntityType t : types) {
      contextByType[t.ordinal()] = new Context(context.stream().filter(r -> r.type() == t)
          .toArray(ContextRule[]::new));
    }
    this.contextWindow = contextWindow;
    this.minScore = minScore;
  }

  /**
   * Scans a {@link NormalizedText normalised view} of {@code text} (the text itself when there is
   * nothing to undo) and maps what it finds back to the original offsets; base64 runs that decode
   * to text are scanned too.
   */
  @Override
  public List<Finding> scan(CharSequence text) {
    NormalizedText normalized = NormalizedText.of(text);
    CharSequence view = normalized == null ? text : normalized.view();
    TextIndex index = TextIndex.of(view);
    List<Finding> kept = candidates(view, index);
    EncodedRuns.scan(view, index, decoded -> candidates(decoded, TextIndex.of(decoded)), kept);
    if (normalized != null) {
      kept.replaceAll(normalized::toOriginal);
    }
    return resolve(kept);
  }

  /** The findings of every recognizer in {@code text} that score at least the minimum, overlapping. */
  private List<Finding> candidates(CharSequence text, TextIndex index) {
    List<Finding> candidates = new ArrayList<>();
    for (Recognizer r : recognizers) {
      try {
        r.recognize(text, index, candidates);
      } catch (RuntimeException e) {
        throw new DetectionException("recognizer " + r.name() + " failed: "
            + e.getClass().getName());
      }
    }
    List<Finding> kept = new ArrayList<>(candidates.size());
    for (Finding f : candidates) {
      if (f.end() > text.length()) {
        throw new DetectionException("recognizer " + f.recognizer() + " returned a span past the end");
      }
      Finding adjusted = applyContext(text, f);
      if (adjusted.score() >= minScore) {
        kept.add(adjusted);
      }
    }
    return kept;
  }

  private Finding applyContext(CharSequence text, Finding f) {
    Context context = contextByType[f.type().ordinal()];
    if (context.rules.length == 0) {
      return f;
    }
    boolean[] matched = context.match(text, Math.max(0, f.start() - contextWindow), f.start());
    double score = f.score();
    for (int r = 0; r < matched.length; r++) {
      if (matched[r]) {
        score += context.rules[r].delta();
      }
    }
    score = Math.max(0.0, Math.min(1.0, score));
    return score == f.score() ? f : f.withScore(score);
  }

  /**
   * The context rules of one entity type with their words indexed by first char, so that one pass
   * over the window before a finding tests every rule: at each word start, only the words that
   * begin with that char are compared.
   */
  private static final class Context {
    final ContextRule[] rules;
    private final WordList[] words;

    Context(ContextRule[] rules) {
      this.rules = rules;
      this.words = new WordList[rules.length];
      for (int r = 0; r < rules.length; r++) {
        words[r] = new WordList(rules[r].words());
      }
    }

    /**
     * Which rules have one of their words start a word within {@code [from, to)} of {@code
     * text}, case-insensitively (see {@link ContextRule}).
     */
    boolean[] match(CharSequence text, int from, int to) {
      boolean[] matched = new boolean[rules.length];
      for (int i = from; i < to; i++) {
        if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
          continue;
        }
        for (int r = 0; r < rules.length; r++) {
          matched[r] |= !matched[r] && words[r].startsAt(text, i, to);
        }
      }
      return matched;
    }
  }

  /** Greedy by {@link #PRIORITY}; accepted spans kept in a tree so each check is logarithmic. */
  static List<Finding> resolve(List<Finding> findings) {
    findings.sort(PRIORITY);
    TreeMap<Integer, Finding> accepted = new TreeMap<>();
    for (Finding f : findings) {
      Map.Entry<Integer, Finding> before = accepted.floorEntry(f.start());
      if (before != null && before.getValue().end() > f.start()) {
        continue;
      }
      Map.Entry<Integer, Finding> after = accepted.ceilingEntry(f.start());
      if (after != null && after.getKey() < f.end()) {
        continue;
      }
      accepted.put(f.start(), f);
    }
    return List.copyOf(accepted.values());
  }
}
