package dev.veil.detect.ner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Dev-time tool: trains the averaged-perceptron tagger on the human-annotated training splits
 * (CoNLL files: Broad Twitter Corpus train, WNUT-17 train, SEC-filings train) plus synthetic
 * sentences from the training templates, and writes {@code ner-model.bin.gz}.
 *
 * <p>Usage: {@code NerTrainer <out ner-model.bin.gz> <epochs> <synthetic> <social> <train.conll>...};
 * {@code social} adds that many posts from the training half of {@link Social}. Evaluation data
 * (any test or dev split, the evaluation templates) is never read here: a path whose file name
 * holds "test" or "dev" is refused. System properties for experiments: {@code ner.seed}
 * (shuffling, default 7), {@code ner.socialSeed} and {@code ner.invented} (percentage of made-up
 * given names in the social posts, default 10), {@code ner.runs} (average the weights of that many
 * runs on differently seeded data, default 1).
 */
public final class NerTrainer {

  static final int BUCKETS = 1 << Integer.getInteger("ner.bucketBits", 17);

  private NerTrainer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println("usage: NerTrainer <out ner-model.bin.gz> <epochs> <synthetic> <social> <train.conll>...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int synthetic = Integer.parseInt(args[2]);
    int social = Integer.parseInt(args[3]);
    List<Example> human = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      String name = Path.of(args[i]).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.contains("test") || name.contains("dev")) {
        throw new IllegalArgumentException("refusing to train on an evaluation split: " + args[i]);
      }
      human.addAll(Conll.read(Path.of(args[i])));
    }
    int runs = Integer.getInteger("ner.runs", 1);
    float[] w = null;
    for (int run = 0; run < runs; run++) {
      List<Example> data = new ArrayList<>(human);
      Synthetic gen = new Synthetic(20240601L + 1000L * run, false);
      for (int i = 0; i < synthetic; i++) {
        data.add(gen.next());
      }
      Social posts = new Social(Long.getLong("ner.socialSeed", 20240602L) + 1000L * run, false,
          Integer.getInteger("ner.invented", 10));
      for (int i = 0; i < social; i++) {
        data.add(posts.next());
      }
      System.out.println("run " + (run + 1) + "/" + runs + ": training on " + human.size()
          + " human-annotated sentences + " + synthetic + " synthetic + " + social + " social");
      float[] r = train(Lexicon.load(), data, epochs, new Random(Long.getLong("ner.seed", 7) + run));
      if (w == null) {
        w = r;
      } else {
        for (int i = 0; i < w.length; i++) {
          w[i] += r[i];
        }
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= runs;
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      ModelFile.write(ModelFile.quantise(w), o);
    }
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }

  static int[] goldTags(Tagger.Doc d, List<Example.Span> spans) {
    Tokens t = d.tokens;
    int[] gold = new int[t.size];
    for (Example.Span s : spans) {
      int b = switch (s.type()) {
        case "PERSON" -> Tagger.B_PER;
        case "LOCATION" -> Tagger.B_LOC;
        case "ORGANIZATION" -> Tagger.B_ORG;
        default -> -1;
      };
      if (b < 0) {
        continue;
      }
      boolean first = true;
      for (int i = 0; i < t.size; i++) {
        if (t.start[i] < s.end() && s.start() < t.end[i]) {
          gold[i] = first ? b : b + 1;
          first = false;
        }
      }
    }
    return gold;
  }

  /**
   * A structured averaged perceptron: each sentence is decoded with the runtime's Viterbi search
   * under the current weights, and where the best path differs from the gold one, the features of
   * the gold path's tokens gain and those of the predicted path's tokens lose.
   */
  static float[] train(Lexicon lexicon, List<Example> data, int epochs, Random rnd) {
    float[] w = new float[BUCKETS * Tagger.STRIDE];
    float[] u = new float[w.length];
    // Features, constraints and the search come from the runtime tagger; scoring uses the float
    // weights here.
    Tagger tagger = new Tagger(lexicon, new short[Tagger.STRIDE], 1f);
    Tagger.Scorer scorer = (features, from, to, scores) -> {
      java.util.Arrays.fill(scores, 0f);
      for (int k = from; k < to; k++) {
        int base = (features[k] & (BUCKETS - 1)) * Tagger.STRIDE;
        for (int tag = 0; tag < Tagger.TAGS; tag++) {
          scores[tag] += w[base + tag];
        }
      }
    };
    List<Tagger.Doc> docs = new ArrayList<>();
    List<int[]> golds = new ArrayList<>();
    for (Example e : data) {
      Tagger.Doc d = tagger.prepare(e.text());
      docs.add(d);
      golds.add(project(tagger, d, goldTags(d, e.spans())));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      order.add(i);
    }
    int[] feats = new int[Tagger.MAX_FEATURES];
    byte[] back = new byte[0];
    int[] predicted = new int[0];
    boolean[] scored = new boolean[0];
    long c = 1;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, rnd);
      int errors = 0;
      int tokens = 0;
      for (int idx : order) {
        Tagger.Doc d = docs.get(idx);
        int[] gold = golds.get(idx);
        int n = d.tokens.size;
        if (back.length < n * Tagger.TAGS) {
          back = new byte[n * Tagger.TAGS * 2];
          predicted = new int[n * 2];
          scored = new boolean[n * 2];
        }
        tagger.viterbi(d, scorer, predicted, back, scored);
        tokens += n;
        for (int i = 0; i < n; i++) {
          int gp = i == 0 ? Tagger.O : gold[i - 1];
          int pp = i == 0 ? Tagger.O : predicted[i - 1];
          if (gold[i] == predicted[i] && gp == pp || !scored[i]) {
            continue;
          }
          errors += gold[i] != predicted[i] ? 1 : 0;
          update(w, u, feats, tagger.features(d, i, gp, feats), gold[i], 1, c);
          update(w, u, feats, tagger.features(d, i, pp, feats), predicted[i], -1, c);
        }
        c++;
      }
      System.out.printf("epoch %d: %d token errors in %d tokens%n", epoch + 1, errors, tokens);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] -= u[i] / c;
    }
    return w;
  }

  private static void update(float[] w, float[] u, int[] feats, int count, int tag, int delta, long c) {
    for (int k = 0; k < count; k++) {
      int base = (feats[k] & (BUCKETS - 1)) * Tagger.STRIDE;
      w[base + tag] += delta;
      u[base + tag] += delta * c;
    }
  }

  /** The gold tags as a path the tagger can produce: a tag its constraints refuse becomes O. */
  private static int[] project(Tagger tagger, Tagger.Doc d, int[] gold) {
    int prev = Tagger.O;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] != Tagger.O && !(tagger.scored(d, i, prev) && Tagger.permitted(d, i, prev, gold[i]))) {
        gold[i] = Tagger.O;
      }
      prev = gold[i];
    }
    return gold;
  }
}
