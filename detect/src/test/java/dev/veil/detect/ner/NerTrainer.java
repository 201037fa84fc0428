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

  static float[] train(Lexicon lexicon, List<Example> data, int epochs, Random rnd) {
    float[] w = new float[BUCKETS * Tagger.STRIDE];
    float[] u = new float[w.length];
    // Features and constraints come from the runtime tagger; scoring uses the float weights here.
    Tagger tagger = new Tagger(lexicon, new short[Tagger.STRIDE], 1f);
    List<Tagger.Doc> docs = new ArrayList<>();
    List<int[]> golds = new ArrayList<>();
    for (Example e : data) {
      Tagger.Doc d = tagger.prepare(e.text());
      docs.add(d);
      golds.add(goldTags(d, e.spans()));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      order.add(i);
    }
    int[] feats = new int[Tagger.MAX_FEATURES];
    float[] scores = new float[Tagger.STRIDE];
    long c = 1;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, rnd);
      int errors = 0;
      int tokens = 0;
      for (int idx : order) {
        Tagger.Doc d = docs.get(idx);
        int[] gold = golds.get(idx);
        int prev = Tagger.O;
        for (int i = 0; i < d.tokens.size; i++) {
          if (!tagger.candidate(d, i, prev)) {
            prev = Tagger.O;
            continue;
          }
          tokens++;
          int n = tagger.features(d, i, prev, feats);
          java.util.Arrays.fill(scores, 0f);
          for (int k = 0; k < n; k++) {
            int base = (feats[k] & (BUCKETS - 1)) * Tagger.STRIDE;
            for (int tag = 0; tag < Tagger.TAGS; tag++) {
              scores[tag] += w[base + tag];
            }
          }
          int best = Tagger.O;
          for (int tag = 1; tag < Tagger.TAGS; tag++) {
            if (Tagger.permitted(d, i, prev, tag) && scores[tag] > scores[best]) {
              best = tag;
            }
          }
          int g = Tagger.permitted(d, i, prev, gold[i]) ? gold[i] : Tagger.O;
          if (best != g) {
            errors++;
            for (int k = 0; k < n; k++) {
              int base = (feats[k] & (BUCKETS - 1)) * Tagger.STRIDE;
              w[base + g] += 1;
              u[base + g] += c;
              w[base + best] -= 1;
              u[base + best] -= c;
            }
          }
          prev = best;
          c++;
        }
      }
      System.out.printf("epoch %d: %d errors in %d scored tokens%n", epoch + 1, errors, tokens);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] -= u[i] / c;
    }
    return w;
  }
}
