package dev.veil.detect.eval;

/**
 * Match counts for one entity type (or all): predictions that matched a gold span out of all
 * predictions, and gold spans that were matched out of all gold spans. For exact matching the two
 * "matched" counts are equal; for overlap matching they may differ (one prediction can cover two
 * gold spans).
 */
public record Counts(int predictedMatched, int predicted, int goldMatched, int gold) {

  public Counts plus(Counts o) {
    return new Counts(predictedMatched + o.predictedMatched, predicted + o.predicted,
        goldMatched + o.goldMatched, gold + o.gold);
  }

  /** Matched predictions over predictions; 1 when nothing was predicted. */
  public double precision() {
    return predicted == 0 ? 1.0 : (double) predictedMatched / predicted;
  }

  /** Matched gold spans over gold spans; 1 when there was nothing to find. */
  public double recall() {
    return gold == 0 ? 1.0 : (double) goldMatched / gold;
  }

  public double f1() {
    return fBeta(1.0);
  }

  /** F2 weighs recall twice as much as precision: a missed secret costs more than a false alarm. */
  public double f2() {
    return fBeta(2.0);
  }

  public double fBeta(double beta) {
    double p = precision();
    double r = recall();
    double b2 = beta * beta;
    return p + r == 0 ? 0.0 : (1 + b2) * p * r / (b2 * p + r);
  }
}
