package dev.veil.detect.eval;

import dev.veil.detect.EntityType;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The result of an {@link Evaluation}: counts per entity type and overall, for exact-span and for
 * overlap matching, and the gold labels that were left out because Veil has no such type.
 *
 * @param samples how many texts were scanned
 * @param exact per-type counts where a prediction must have the gold span's type and offsets
 * @param overlap per-type counts where a prediction must have the type and overlap the span
 * @param ignoredLabels gold labels with no Veil type, with how many spans each had
 */
public record Report(int samples, SortedMap<EntityType, Counts> exact,
    SortedMap<EntityType, Counts> overlap, SortedMap<String, Integer> ignoredLabels) {

  public Counts exactOverall() {
    return sum(exact);
  }

  public Counts overlapOverall() {
    return sum(overlap);
  }

  private static Counts sum(Map<EntityType, Counts> m) {
    Counts c = new Counts(0, 0, 0, 0);
    for (Counts x : m.values()) {
      c = c.plus(x);
    }
    return c;
  }

  /** A fixed-width table, one line per type, then the overall figures and the ignored labels. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append("samples: ").append(samples).append('\n');
    b.append(String.format(Locale.ROOT, "%-18s %6s %6s | %6s %6s %6s %6s | %6s %6s %6s %6s%n",
        "type", "gold", "pred", "P", "R", "F1", "F2", "P~", "R~", "F1~", "F2~"));
    for (EntityType t : exact.keySet()) {
      row(b, t.name(), exact.get(t), overlap.get(t));
    }
    row(b, "ALL", exactOverall(), overlapOverall());
    b.append("(P R F1 F2: exact span; ~: overlapping span of the same type)\n");
    if (!ignoredLabels.isEmpty()) {
      b.append("ignored gold labels (no Veil type): ").append(ignoredLabels).append('\n');
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Counts e, Counts o) {
    b.append(String.format(Locale.ROOT,
        "%-18s %6d %6d | %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f %6.3f%n", name, e.gold(),
        e.predicted(), e.precision(), e.recall(), e.f1(), e.f2(), o.precision(), o.recall(),
        o.f1(), o.f2()));
  }
}
