package dev.veil.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static List<Sample> read(String json) throws IOException {
    return PresidioDataset.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void codePointOffsetsBecomeUtf16OffsetsAndBack() throws IOException {
    // "😀 " is two code points but three UTF-16 units.
    String json = "[{\"full_text\": \"\\ud83d\\ude00 mail a@b.co now\", \"spans\": "
        + "[{\"entity_type\": \"EMAIL\", \"start_position\": 7, \"end_position\": 13}]}]";
    Sample s = read(json).get(0);
    GoldSpan span = s.spans().get(0);
    assertThat(s.text().substring(span.start(), span.end())).isEqualTo("a@b.co");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PresidioDataset.write(List.of(s), out);
    assertThat(read(out.toString(StandardCharsets.UTF_8))).isEqualTo(List.of(s));
  }

  @Test
  void predictionsAreJsonLinesInCodePoints() throws IOException {
    Sample s = new Sample("\ud83d\ude00 a@b.co", List.of());
    Finding f = new Finding(EntityType.EMAIL_ADDRESS, 3, 9, 0.95, "email");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Predictions.write(List.of(s, new Sample("x", List.of())), List.of(List.of(f), List.of()), out);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("id").asInt()).isZero();
    JsonNode span = first.get("spans").get(0);
    assertThat(span.get("entity_type").asText()).isEqualTo("EMAIL_ADDRESS");
    assertThat(span.get("start").asInt()).isEqualTo(2);
    assertThat(span.get("end").asInt()).isEqualTo(8);
    assertThat(span.get("score").asDouble()).isEqualTo(0.95);
    assertThat(lines[0]).doesNotContain("a@b.co");
    assertThat(new ObjectMapper().readTree(lines[1]).get("spans")).isEmpty();
  }

  @Test
  void malformedDataSetsAreRefused() {
    assertThatThrownBy(() -> read("{\"full_text\": \"x\"}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("[{\"spans\": []}]")).hasMessageContaining("record 0");
    assertThatThrownBy(() -> read("[{\"full_text\": \"abc\", \"spans\": [{\"entity_type\": "
        + "\"PERSON\", \"start_position\": 1, \"end_position\": 9}]}]"))
        .hasMessageContaining("record 0");
  }

  @Test
  void presidioSynonymsMapToVeilTypesAndUnknownLabelsAreIgnored() {
    assertThat(GoldTypes.of("ADDRESS")).contains(EntityType.STREET_ADDRESS);
    assertThat(GoldTypes.of("STREET_ADDRESS")).contains(EntityType.STREET_ADDRESS);
    assertThat(GoldTypes.of("GPE")).contains(EntityType.LOCATION);
    assertThat(GoldTypes.of("ORG")).contains(EntityType.ORGANIZATION);
    assertThat(GoldTypes.of("email")).contains(EntityType.EMAIL_ADDRESS);
    assertThat(GoldTypes.of("PHONE")).contains(EntityType.PHONE_NUMBER);
    assertThat(GoldTypes.of("DATE")).contains(EntityType.DATE_TIME);
    assertThat(GoldTypes.of("CREDIT_CARD_NUMBER")).contains(EntityType.CREDIT_CARD);
    assertThat(GoldTypes.of("TITLE")).isEmpty();
  }

  @Test
  void exactAndOverlapMatchingCountDifferently() {
    String text = "call 415-555-2671 or mail a@b.co";
    Sample s = new Sample(text, List.of(new GoldSpan("PHONE", 5, 17),
        new GoldSpan("EMAIL", 26, 32), new GoldSpan("TITLE", 0, 4)));
    List<Finding> pred = List.of(
        new Finding(EntityType.PHONE_NUMBER, 5, 17, 0.9, "t"),
        new Finding(EntityType.EMAIL_ADDRESS, 27, 32, 0.9, "t"),
        new Finding(EntityType.URL, 28, 32, 0.9, "t"));
    Report r = Evaluation.score(List.of(s), List.of(pred));
    assertThat(r.exact().get(EntityType.PHONE_NUMBER)).isEqualTo(new Counts(1, 1, 1, 1));
    assertThat(r.exact().get(EntityType.EMAIL_ADDRESS)).isEqualTo(new Counts(0, 1, 0, 1));
    assertThat(r.overlap().get(EntityType.EMAIL_ADDRESS)).isEqualTo(new Counts(1, 1, 1, 1));
    assertThat(r.overlap().get(EntityType.URL)).isEqualTo(new Counts(0, 1, 0, 0));
    assertThat(r.ignoredLabels()).containsEntry("TITLE", 1);
    Counts all = r.exactOverall();
    assertThat(all.precision()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(all.recall()).isCloseTo(0.5, within(1e-9));
    assertThat(r.toText()).contains("PHONE_NUMBER").contains("ALL").contains("TITLE");
  }

  @Test
  void fScoresFollowTheirDefinitions() {
    Counts c = new Counts(8, 10, 8, 16);
    assertThat(c.precision()).isEqualTo(0.8);
    assertThat(c.recall()).isEqualTo(0.5);
    assertThat(c.f1()).isCloseTo(2 * 0.8 * 0.5 / 1.3, within(1e-9));
    assertThat(c.f2()).isCloseTo(5 * 0.8 * 0.5 / (4 * 0.8 + 0.5), within(1e-9));
  }
}
