package dev.veil.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.eval.Counts;
import dev.veil.detect.eval.Evaluation;
import dev.veil.detect.eval.GoldSpan;
import dev.veil.detect.eval.Report;
import dev.veil.detect.eval.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written credential set ({@code eval/secrets-heldout.txt}), written before the rules
 * were tuned: records separated by a line {@code %%}, each secret marked {@code «...»}. Its
 * positives span many kinds and formats (prefixed tokens, assignments, connection strings,
 * password hashes, key files); its negatives are placeholders, UUIDs, git SHAs, lockfile hashes,
 * base64 of ordinary text and long identifiers.
 *
 * <p>{@code -Dsecrets.errors=true} prints the misses and false positives with their text (the
 * set is synthetic).
 */
class HeldOutSecretSetTest {

  private static final Detector STANDARD =
      Detectors.builder().addStructured().addSecrets().build();

  static List<Sample> load(String name) throws IOException {
    String all;
    try (InputStream in = HeldOutSecretSetTest.class.getResourceAsStream("/eval/" + name)) {
      all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Sample> out = new ArrayList<>();
    for (String record : all.split("\n%%\n")) {
      StringBuilder text = new StringBuilder();
      List<GoldSpan> spans = new ArrayList<>();
      int start = -1;
      for (int i = 0; i < record.length(); i++) {
        char c = record.charAt(i);
        if (c == '\u00ab') {
          start = text.length();
        } else if (c == '\u00bb') {
          spans.add(new GoldSpan("SECRET", start, text.length()));
        } else {
          text.append(c);
        }
      }
      if (!text.isEmpty()) {
        out.add(new Sample(text.toString(), spans));
      }
    }
    return out;
  }

  @Test
  void heldOutSetReachesRecallNinetyFiveAtPrecisionNinetySeven() throws IOException {
    Counts overlap = report("secrets-heldout.txt");
    assertThat(overlap.recall()).as("overlap recall").isGreaterThanOrEqualTo(0.95);
    assertThat(overlap.precision()).as("overlap precision").isGreaterThanOrEqualTo(0.97);
  }

  private static Counts report(String name) throws IOException {
    List<Sample> set = load(name);
    assertThat(set).hasSizeGreaterThan(150);
    Report r = Evaluation.run(STANDARD, set);
    System.out.println(name + ", " + set.size() + " records\n" + r.toText());
    if (Boolean.getBoolean("secrets.errors")) {
      printErrors(set);
    }
    return r.overlap().get(EntityType.SECRET);
  }

  /**
   * The second hand-written set ({@code eval/secrets-heldout-2.txt}: config files, CLI lines,
   * cookies, prose, kubeconfig, shadow and pwdump lines), written after the rules were first tuned
   * and run once before any change: overlap recall 0.830 at precision 0.951. The misses it showed
   * were fixed afterwards, so its figures now are no longer held-out figures.
   */
  @Test
  void secondHeldOutSetReachesRecallNinetyAtPrecisionNinetySeven() throws IOException {
    Counts overlap = report("secrets-heldout-2.txt");
    assertThat(overlap.recall()).as("overlap recall").isGreaterThanOrEqualTo(0.90);
    assertThat(overlap.precision()).as("overlap precision").isGreaterThanOrEqualTo(0.97);
  }

  private static void printErrors(List<Sample> set) {
    for (Sample s : set) {
      List<Finding> found = STANDARD.scan(s.text()).stream()
          .filter(f -> f.type() == EntityType.SECRET).toList();
      for (GoldSpan g : s.spans()) {
        boolean exact = found.stream().anyMatch(f -> f.start() == g.start() && f.end() == g.end());
        if (!exact) {
          String got = found.stream().filter(f -> f.start() < g.end() && g.start() < f.end())
              .map(f -> f.kind() + "[" + f.valueIn(s.text()) + "]").toList().toString();
          System.out.println("MISS " + s.text().substring(g.start(), g.end()) + " got " + got);
        }
      }
      for (Finding f : found) {
        if (s.spans().stream().noneMatch(g -> f.start() < g.end() && g.start() < f.end())) {
          System.out.println("FP " + f.kind() + " [" + f.valueIn(s.text()) + "] in " + s.text());
        }
      }
    }
  }
}
