package dev.veil.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Quality floors on the generated evaluation sets, and proof that the sets are generated. */
class EvalSetsTest {

  /** These sets label structured values and secrets only, so names are left out of the scan. */
  private static final Detector STANDARD =
      Detectors.builder().addStructured().addSecrets().build();

  static List<Sample> load(String name) throws IOException {
    try (InputStream in = EvalSetsTest.class.getResourceAsStream("/eval/" + name)) {
      assertThat(in).as(name).isNotNull();
      return PresidioDataset.read(in);
    }
  }

  private static byte[] resourceBytes(String name) throws IOException {
    try (InputStream in = EvalSetsTest.class.getResourceAsStream("/eval/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void committedSecretSetIsExactlyWhatTheGeneratorProduces() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PresidioDataset.write(SecretEvalSet.generate(EvalSetGenerator.SECRETS_SEED), out);
    assertThat(out.toByteArray()).isEqualTo(resourceBytes("secrets.json"));
  }

  @Test
  void committedStructuredSetIsExactlyWhatTheGeneratorProduces() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PresidioDataset.write(StructuredEvalSet.generate(EvalSetGenerator.STRUCTURED_SEED), out);
    assertThat(out.toByteArray()).isEqualTo(resourceBytes("structured.json"));
  }

  @Test
  void secretSetHasAtLeastThreeHundredLabelledExamplesAndNegatives() throws IOException {
    List<Sample> set = load("secrets.json");
    assertThat(set).hasSizeGreaterThanOrEqualTo(300);
    assertThat(set.stream().filter(s -> s.spans().isEmpty()).count()).isGreaterThan(100);
  }

  @Test
  void secretsReachRecallNinetyAndPrecisionNinetyFive() throws IOException {
    Report r = Evaluation.run(STANDARD, load("secrets.json"));
    Counts secrets = r.overlap().get(EntityType.SECRET);
    Counts exact = r.exact().get(EntityType.SECRET);
    System.out.println(r.toText());
    assertThat(secrets.recall()).as("overlap recall").isGreaterThanOrEqualTo(0.90);
    assertThat(secrets.precision()).as("overlap precision").isGreaterThanOrEqualTo(0.95);
    assertThat(exact.recall()).as("exact recall").isGreaterThanOrEqualTo(0.90);
    assertThat(exact.precision()).as("exact precision").isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void everyStructuredTypeHasPrecisionNinetyFive() throws IOException {
    List<Sample> set = load("structured.json");
    Report r = Evaluation.run(STANDARD, set);
    System.out.println(r.toText());
    // The set labels structured types only; names and places in its sentences ("US passport",
    // "issued in CA") are real but unlabelled, so they are judged on the name sets instead.
    Set<EntityType> labelled = EnumSet.noneOf(EntityType.class);
    set.forEach(s -> s.spans().forEach(g -> GoldTypes.of(g.label()).ifPresent(labelled::add)));
    assertThat(labelled).contains(EntityType.CREDIT_CARD, EntityType.US_SSN, EntityType.IBAN_CODE);
    for (Map.Entry<EntityType, Counts> e : r.exact().entrySet()) {
      if (labelled.contains(e.getKey())) {
        assertThat(e.getValue().precision()).as("exact precision of " + e.getKey())
            .isGreaterThanOrEqualTo(0.95);
      }
    }
    assertThat(r.overlapOverall().recall()).as("overall overlap recall")
        .isGreaterThanOrEqualTo(0.90);
  }
}
