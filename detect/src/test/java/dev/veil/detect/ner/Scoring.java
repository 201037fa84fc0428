package dev.veil.detect.ner;

import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Precision, recall, F1 and F2 per entity type, with exact and overlap span matching. */
final class Scoring {

  /** Counts for one type under one matching rule. */
  static final class Counts {
    int tp;
    int fp;
    int fn;

    double precision() {
      return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
    }

    double f(double beta) {
      double p = precision();
      double r = recall();
      double b2 = beta * beta;
      return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r);
    }
  }

  final Map<String, Counts> exact = new TreeMap<>();
  final Map<String, Counts> overlap = new TreeMap<>();
  private final Set<String> types;

  Scoring(Set<String> types) {
    this.types = types;
  }

  void add(Example e, List<Finding> found) {
    List<Finding> predicted = new ArrayList<>();
    for (Finding f : found) {
      if (types.contains(f.type().name())) {
        predicted.add(f);
      }
    }
    List<Example.Span> gold = e.spans().stream().filter(s -> types.contains(s.type())).toList();
    match(gold, predicted, exact, true);
    match(gold, predicted, overlap, false);
  }

  private static void match(List<Example.Span> gold, List<Finding> predicted, Map<String, Counts> into, boolean exact) {
    boolean[] used = new boolean[predicted.size()];
    for (Example.Span g : gold) {
      Counts c = into.computeIfAbsent(g.type(), k -> new Counts());
      Counts all = into.computeIfAbsent("ALL", k -> new Counts());
      boolean hit = false;
      for (int i = 0; i < predicted.size() && !hit; i++) {
        Finding p = predicted.get(i);
        if (used[i] || !p.type().name().equals(g.type())) {
          continue;
        }
        if (exact ? p.start() == g.start() && p.end() == g.end() : p.start() < g.end() && g.start() < p.end()) {
          used[i] = true;
          hit = true;
        }
      }
      if (hit) {
        c.tp++;
        all.tp++;
      } else {
        c.fn++;
        all.fn++;
      }
    }
    for (int i = 0; i < predicted.size(); i++) {
      if (!used[i]) {
        into.computeIfAbsent(predicted.get(i).type().name(), k -> new Counts()).fp++;
        into.computeIfAbsent("ALL", k -> new Counts()).fp++;
      }
    }
  }

  static Scoring run(List<Recognizer> recognizers, List<Example> data, Set<String> types, double minScore) {
    Scoring s = new Scoring(types);
    for (Example e : data) {
      List<Finding> raw = new ArrayList<>();
      for (Recognizer r : recognizers) {
        r.recognize(e.text(), raw);
      }
      s.add(e, resolve(raw, minScore));
    }
    return s;
  }

  /** Keeps the best of overlapping findings (score, then length), as a composite detector would. */
  static List<Finding> resolve(List<Finding> raw, double minScore) {
    List<Finding> sorted = new ArrayList<>(raw.stream().filter(f -> f.score() >= minScore).toList());
    sorted.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : b.length() - a.length());
    List<Finding> kept = new ArrayList<>();
    for (Finding f : sorted) {
      if (kept.stream().noneMatch(k -> k.overlaps(f))) {
        kept.add(f);
      }
    }
    return kept;
  }

  String report(String title) {
    StringBuilder sb = new StringBuilder("== " + title + "\n");
    sb.append(String.format("%-16s %6s %6s %6s %6s | %6s %6s %6s %6s  (n)%n", "type", "P", "R", "F1", "F2", "oP", "oR", "oF1", "oF2"));
    for (String type : exact.keySet()) {
      Counts e = exact.get(type);
      Counts o = overlap.get(type);
      sb.append(String.format("%-16s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f %6.3f  (%d)%n", type,
          e.precision(), e.recall(), e.f(1), e.f(2), o.precision(), o.recall(), o.f(1), o.f(2), e.tp + e.fn));
    }
    return sb.toString();
  }
}
