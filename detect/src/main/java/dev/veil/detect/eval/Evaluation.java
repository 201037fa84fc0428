package dev.veil.detect.eval;

import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores a {@link Detector} against a labelled data set.
 *
 * <p>Gold labels are mapped to Veil types with {@link GoldTypes}; labels without a Veil type are
 * counted in {@link Report#ignoredLabels()} and otherwise left out. Every prediction counts,
 * including types the data set never labels (they are false positives there).
 *
 * <ul>
 *   <li>Exact: a prediction matches a gold span of the same type with the same offsets.
 *   <li>Overlap: a prediction matches if it overlaps any gold span of the same type; a gold span
 *       is found if any prediction of its type overlaps it.
 * </ul>
 */
public final class Evaluation {

  private Evaluation() {}

  public static Report run(Detector detector, List<Sample> samples) {
    List<List<Finding>> predictions = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      predictions.add(detector.scan(s.text()));
    }
    return score(samples, predictions);
  }

  public static Report score(List<Sample> samples, List<List<Finding>> predictions) {
    if (samples.size() != predictions.size()) {
      throw new IllegalArgumentException(samples.size() + " samples but " + predictions.size()
          + " prediction lists");
    }
    Map<EntityType, int[]> exact = new EnumMap<>(EntityType.class);
    Map<EntityType, int[]> overlap = new EnumMap<>(EntityType.class);
    TreeMap<String, Integer> ignored = new TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      List<Typed> gold = new ArrayList<>();
      for (GoldSpan g : samples.get(i).spans()) {
        Optional<EntityType> t = GoldTypes.of(g.label());
        if (t.isPresent()) {
          gold.add(new Typed(t.get(), g.start(), g.end()));
        } else {
          ignored.merge(g.label(), 1, Integer::sum);
        }
      }
      List<Finding> pred = predictions.get(i);
      for (Finding f : pred) {
        boolean ex = false;
        boolean ov = false;
        for (Typed g : gold) {
          if (g.type == f.type()) {
            ex |= g.start == f.start() && g.end == f.end();
            ov |= g.start < f.end() && f.start() < g.end;
          }
        }
        add(exact, f.type(), 0, ex);
        add(overlap, f.type(), 0, ov);
      }
      for (Typed g : gold) {
        boolean ex = false;
        boolean ov = false;
        for (Finding f : pred) {
          if (g.type == f.type()) {
            ex |= g.start == f.start() && g.end == f.end();
            ov |= g.start < f.end() && f.start() < g.end;
          }
        }
        add(exact, g.type, 2, ex);
        add(overlap, g.type, 2, ov);
      }
    }
    return new Report(samples.size(), counts(exact), counts(overlap), ignored);
  }

  private record Typed(EntityType type, int start, int end) {}

  /** {@code base} 0 counts a prediction, 2 a gold span; {@code matched} the matching slot. */
  private static void add(Map<EntityType, int[]> m, EntityType t, int base, boolean matched) {
    int[] c = m.computeIfAbsent(t, k -> new int[4]);
    c[base + 1]++;
    if (matched) {
      c[base]++;
    }
  }

  private static TreeMap<EntityType, Counts> counts(Map<EntityType, int[]> m) {
    TreeMap<EntityType, Counts> out = new TreeMap<>();
    m.forEach((t, c) -> out.put(t, new Counts(c[0], c[1], c[2], c[3])));
    return out;
  }
}
