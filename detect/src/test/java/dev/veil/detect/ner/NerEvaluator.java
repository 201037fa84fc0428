package dev.veil.detect.ner;

import dev.veil.detect.Recognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Dev-time tool: prints precision, recall, F1 and F2 per type (exact and overlap matching) on the
 * held-out synthetic templates, the held-out social-media posts ({@link Social}), the committed
 * held-out set, the hard cases and, when its path is given, WNUT-17 dev ({@code -Dner.errors=true}
 * prints the synthetic misses, {@code -Dner.wnutErrors=true} the WNUT-17 dev ones).
 *
 * <p>Usage: {@code NerEvaluator [emerging.dev.conll] [synthetic count]}.
 */
public final class NerEvaluator {

  private static final Set<String> TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION", "STREET_ADDRESS");

  private NerEvaluator() {}

  private static void printErrors(List<Recognizer> recognizers, List<Example> data) {
    for (Example e : data) {
      List<dev.veil.detect.Finding> raw = new ArrayList<>();
      for (Recognizer r : recognizers) {
        r.recognize(e.text(), raw);
      }
      List<dev.veil.detect.Finding> found = Scoring.resolve(raw, 0.5);
      found.sort(java.util.Comparator.comparingInt(dev.veil.detect.Finding::start));
      List<Example.Span> predicted = found.stream()
          .map(f -> new Example.Span(f.type().name(), f.start(), f.end())).toList();
      List<Example.Span> gold = e.spans().stream().filter(s -> TYPES.contains(s.type())).toList();
      if (!predicted.equals(gold)) {
        System.out.println("GOLD " + Markup.format(new Example(e.text(), gold)));
        System.out.println("PRED " + Markup.format(new Example(e.text(), predicted)));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    NerRecognizers ner = NerRecognizers.load();
    System.out.printf("load: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    List<Recognizer> recognizers = ner.all();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    Synthetic gen = new Synthetic(99L, true);
    List<Example> synth = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      synth.add(gen.next());
    }
    System.out.println(Scoring.run(recognizers, synth, TYPES, 0.5).report("held-out synthetic templates (" + n + ")"));
    Social social = new Social(77L, true);
    List<Example> posts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      posts.add(social.next());
    }
    System.out.println(Scoring.run(recognizers, posts, TYPES, 0.5).report("held-out social-media posts (" + n + ")"));
    if (Boolean.getBoolean("ner.errors")) {
      System.out.println("## errors: synthetic");
      printErrors(recognizers, synth.subList(0, Math.min(Integer.getInteger("ner.errorLimit", 300), n)));
      System.out.println("## errors: hard cases");
      printErrors(recognizers, Markup.readResource("/ner/hard-cases.txt"));
      System.out.println("## errors: social-media posts");
      printErrors(recognizers, posts.subList(0, Math.min(Integer.getInteger("ner.errorLimit", 300), n)));
    }
    System.out.println(Scoring.run(recognizers, Markup.readResource("/ner/heldout.txt"), TYPES, 0.5).report("committed held-out set"));
    System.out.println(Scoring.run(recognizers, Markup.readResource("/ner/hard-cases.txt"), TYPES, 0.5).report("hard cases"));
    if (args.length > 0) {
      List<Example> dev = Conll.read(Path.of(args[0]));
      System.out.println(Scoring.run(recognizers, dev, Set.of("PERSON", "LOCATION", "ORGANIZATION"), 0.5).report("WNUT-17 dev"));
      if (Boolean.getBoolean("ner.wnutErrors")) {
        printErrors(recognizers, dev);
      }
    }
  }
}
