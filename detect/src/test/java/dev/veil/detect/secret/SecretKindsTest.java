package dev.veil.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One positive and one negative example per credential rule, from {@code secret/kinds.tsv}
 * ({@code kind<TAB>positive<TAB>negative}): every positive must yield a finding of its kind, every
 * negative no credential at all, and every rule of {@link SecretRules} must have a row. The kinds
 * of the table are the kinds Veil reports.
 */
class SecretKindsTest {

  private static final Detector SECRETS = Detectors.secrets();

  record Row(int line, String kind, String positive, String negative) {}

  private static List<Row> rows;

  @BeforeAll
  static void load() throws IOException {
    String all;
    try (InputStream in = SecretKindsTest.class.getResourceAsStream("/secret/kinds.tsv")) {
      all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    rows = new ArrayList<>();
    String[] lines = all.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty() || lines[i].startsWith("#")) {
        continue;
      }
      String[] f = lines[i].split("\t", -1);
      assertThat(f).as("line %d", i + 1).hasSize(3);
      rows.add(new Row(i + 1, f[0], unescape(f[1]), unescape(f[2])));
    }
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static List<Finding> secrets(String text) {
    return SECRETS.scan(text).stream().filter(f -> f.type() == EntityType.SECRET).toList();
  }

  @Test
  void atLeastTwoHundredKindsHaveExamples() {
    Set<String> kinds = rows.stream().map(Row::kind).collect(Collectors.toCollection(TreeSet::new));
    assertThat(kinds).hasSizeGreaterThanOrEqualTo(200);
  }

  @Test
  void everyPrefixedRuleHasARow() {
    List<String> missing = new ArrayList<>();
    for (SecretRule r : SecretRules.all()) {
      boolean covered = rows.stream().anyMatch(row -> row.kind().equals(r.kind())
          && row.positive().contains(r.prefix()));
      if (!covered) {
        missing.add(r.kind() + " " + r.prefix());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyPositiveYieldsAFindingOfItsKind() {
    List<String> failed = new ArrayList<>();
    for (Row row : rows) {
      List<String> kinds = secrets(row.positive()).stream().map(Finding::kind).toList();
      if (!kinds.contains(row.kind())) {
        failed.add("line " + row.line() + " " + row.kind() + " got " + kinds);
      }
    }
    assertThat(failed).isEmpty();
  }

  @Test
  void everyNegativeYieldsNoCredential() {
    List<String> failed = new ArrayList<>();
    for (Row row : rows) {
      List<String> kinds = secrets(row.negative()).stream().map(Finding::kind).toList();
      if (!kinds.isEmpty()) {
        failed.add("line " + row.line() + " " + row.kind() + " got " + kinds);
      }
    }
    assertThat(failed).isEmpty();
  }
}
