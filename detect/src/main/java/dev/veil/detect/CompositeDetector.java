package dev.veil.detect;

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

  /** Higher score, then longer span, then entity-type order, then earlier start. */
  static final Comparator<Finding> PRIORITY = Comparator.comparingDouble(Finding::score).reversed()
      .thenComparing(Comparator.comparingInt(Finding::length).reversed())
      .thenComparingInt(f -> f.type().ordinal())
      .thenComparingInt(Finding::start)
      .thenComparing(Finding::recognizer);

  private final Recognizer[] recognizers;
  private final ContextRule[][] contextByType;
  private final int contextWindow;
  private final double minScore;

  CompositeDetector(List<Recognizer> recognizers, List<ContextRule> context, int contextWindow,
      double minScore) {
    this.recognizers = recognizers.toArray(Recognizer[]::new);
    EntityType[] types = EntityType.values();
    this.contextByType = new ContextRule[types.length][];
    for (EntityType t : types) {
      contextByType[t.ordinal()] = context.stream().filter(r -> r.type() == t)
          .toArray(ContextRule[]::new);
    }
    this.contextWindow = contextWindow;
    this.minScore = minScore;
  }

  @Override
  public List<Finding> scan(CharSequence text) {
    List<Finding> candidates = new ArrayList<>();
    TextIndex index = TextIndex.of(text);
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
    return resolve(kept);
  }

  private Finding applyContext(CharSequence text, Finding f) {
    ContextRule[] rules = contextByType[f.type().ordinal()];
    if (rules.length == 0) {
      return f;
    }
    int from = Math.max(0, f.start() - contextWindow);
    double score = f.score();
    for (ContextRule rule : rules) {
      if (rule.matches(text, from, f.start())) {
        score += rule.delta();
      }
    }
    score = Math.max(0.0, Math.min(1.0, score));
    return score == f.score() ? f : f.withScore(score);
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
