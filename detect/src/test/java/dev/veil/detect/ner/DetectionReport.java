package dev.veil.detect.ner;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.eval.Counts;
import dev.veil.detect.eval.Evaluation;
import dev.veil.detect.eval.PresidioDataset;
import dev.veil.detect.eval.Report;
import dev.veil.detect.eval.Sample;
import dev.veil.detect.eval.independent.IndependentSetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dev-time tool: scores the whole standard detector ({@link Detectors#standard(double)} at the gateway's default minimum score, 0.5) on every
 * human-annotated set of the reference data by its authors' split, and on the project's own
 * synthetic sets, side by side: per type, exact and overlap, then one summary line per set.
 *
 * <ul>
 *   <li>Human-annotated (PERSON, LOCATION, ORGANIZATION; the sets' other labels are left out, and
 *       so are the detector's findings of other types): Broad Twitter Corpus test (section F),
 *       WikiGold (the whole set: its authors publish no split and nothing here trains on it),
 *       SEC filings test (FIN3), WNUT-17 dev; and BTC dev, the one split that choices of the
 *       decoder (such as its thresholds) may be tuned on. Training reads only BTC train, WNUT-17 train and
 *       SEC-filings train (FIN5).
 *   <li>The project's own sets: the evaluation halves of {@link Synthetic} and {@link Social},
 *       the committed held-out set and the hand-written hard cases (PERSON, LOCATION,
 *       ORGANIZATION, STREET_ADDRESS).
 *   <li>The independent set ({@link IndependentSetGenerator}, evaluation seed 1001, 1,500
 *       samples; {@code -Deval.independentSeed} picks a development seed, 1 to 99, instead) and any Presidio-format JSON files given after the data folder, scored on every
 *       type with {@link Evaluation}, every prediction counting.
 * </ul>
 *
 * <p>Usage: {@code DetectionReport <reference data folder> [presidio.json ...]}; {@code
 * detect/eval.sh} runs it. {@code -Deval.errors=NAME} (the start of a set's name, {@code _} for spaces, e.g. {@code BTC_dev}) prints that set's
 * first {@code eval.errorLimit} (200) texts whose spans differ, gold above prediction.
 */
public final class DetectionReport {

  private static final Set<String> PLO = Set.of("PERSON", "LOCATION", "ORGANIZATION");
  private static final Set<String> PLOA = Set.of("PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS");

  /** The gateway's and {@code veil scan}'s default minimum score. */
  private static final double MIN_SCORE = 0.5;

  private DetectionReport() {}

  private record Line(String set, int samples, Scoring.Counts overlap, Scoring.Counts exact,
      Scoring.Counts person) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DetectionReport <reference data folder> [presidio.json ...]");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    Detector detector = Detectors.standard(MIN_SCORE);
    List<Line> summary = new ArrayList<>();
    String[][] human = {
        {"BTC test", "ner-btc/btc.test.conll"},
        {"WikiGold", "ner-wikigold/wikigold.conll"},
        {"SEC filings test", "ner-sec-filings/FIN3.test.conll"},
        {"WNUT-17 dev", "ner-wnut17/emerging.dev.conll"},
        {"BTC dev (tuning)", "ner-btc/btc.dev.conll"},
    };
    for (String[] h : human) {
      Path file = data.resolve(h[1]);
      if (!Files.exists(file)) {
        System.out.println("== " + h[0] + ": " + file + " not found, skipped");
        continue;
      }
      summary.add(score(detector, h[0], Conll.read(file), PLO));
    }
    int n = Integer.getInteger("eval.synthetic", 3000);
    Synthetic synthetic = new Synthetic(99L, true);
    List<Example> synth = new ArrayList<>();
    Social social = new Social(77L, true);
    List<Example> posts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      synth.add(synthetic.next());
      posts.add(social.next());
    }
    summary.add(score(detector, "own synthetic (eval templates)", synth, PLOA));
    summary.add(score(detector, "own social posts (eval half)", posts, PLOA));
    summary.add(score(detector, "own committed held-out set", Markup.readResource("/ner/heldout.txt"), PLOA));
    summary.add(score(detector, "own hard cases", Markup.readResource("/ner/hard-cases.txt"), PLOA));
    List<String> presidio = new ArrayList<>();
    long seed = Long.getLong("eval.independentSeed", 1001);
    presidio.add(everyType(detector, "independent set (seed " + seed + ")",
        new IndependentSetGenerator(seed).generate(Integer.getInteger("eval.independent", 1500)).samples()));
    for (int i = 1; i < args.length; i++) {
      presidio.add(everyType(detector, Path.of(args[i]).getFileName().toString(),
          PresidioDataset.read(Path.of(args[i]))));
    }
    System.out.println("== summary: overlap P R F1 F2 over the types named above; exact F2; PERSON overlap R and F1");
    System.out.printf(Locale.ROOT, "%-34s %6s | %6s %6s %6s %6s | %6s | %6s %6s%n", "set", "n", "P~", "R~", "F1~",
        "F2~", "F2", "PER R~", "PER F1~");
    for (Line l : summary) {
      System.out.printf(Locale.ROOT, "%-34s %6d | %6.3f %6.3f %6.3f %6.3f | %6.3f | %6.3f %6.3f%n", l.set, l.samples,
          l.overlap.precision(), l.overlap.recall(), l.overlap.f(1), l.overlap.f(2), l.exact.f(2),
          l.person.recall(), l.person.f(1));
    }
    for (String p : presidio) {
      System.out.println(p + "   (every type)");
    }
  }

  private static String everyType(Detector detector, String name, List<Sample> samples) {
    Report r = Evaluation.run(detector, samples);
    System.out.println("== " + name + " (every type)");
    System.out.println(r.toText());
    Counts o = r.overlapOverall();
    Counts e = r.exactOverall();
    return String.format(Locale.ROOT, "%-34s %6d | %6.3f %6.3f %6.3f %6.3f | %6.3f", name, r.samples(),
        o.precision(), o.recall(), o.f1(), o.f2(), e.f2());
  }

  private static Line score(Detector detector, String name, List<Example> examples, Set<String> types) {
    Scoring s = new Scoring(types);
    String wanted = System.getProperty("eval.errors", "").replace('_', ' ');
    int errors = !wanted.isEmpty() && name.startsWith(wanted) ? Integer.getInteger("eval.errorLimit", 200) : 0;
    for (Example e : examples) {
      List<dev.veil.detect.Finding> found = detector.scan(e.text());
      s.add(e, found);
      if (errors > 0) {
        List<Example.Span> predicted = found.stream().filter(f -> types.contains(f.type().name()))
            .map(f -> new Example.Span(f.type().name(), f.start(), f.end())).toList();
        List<Example.Span> gold = e.spans().stream().filter(g -> types.contains(g.type())).toList();
        if (!predicted.equals(gold)) {
          errors--;
          System.out.println("GOLD " + Markup.format(new Example(e.text(), gold)));
          System.out.println("PRED " + Markup.format(new Example(e.text(), predicted)));
        }
      }
    }
    System.out.println(s.report(name + " (" + examples.size() + ")"));
    Scoring.Counts none = new Scoring.Counts();
    return new Line(name, examples.size(), s.overlap.getOrDefault("ALL", none), s.exact.getOrDefault("ALL", none),
        s.overlap.getOrDefault("PERSON", none));
  }
}
