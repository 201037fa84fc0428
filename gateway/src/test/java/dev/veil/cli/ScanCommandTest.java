package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "lena.fischer@example.net";

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
  }

  @Test
  void findingsArePrintedAsJsonLinesWithoutTheMatchedText() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "Please write to " + EMAIL + " today.");

    assertThat(run("scan", file.toString())).isZero();

    JsonNode line = JSON.readTree(out.toString().lines().filter(l -> l.contains("EMAIL"))
        .findFirst().orElseThrow());
    assertThat(line.get("start").asInt()).isEqualTo(16);
    assertThat(line.get("end").asInt()).isEqualTo(16 + EMAIL.length());
    assertThat(line.has("score")).isTrue();
    assertThat(line.get("recognizer").asText()).isNotBlank();
    assertThat(out.toString()).doesNotContain(EMAIL);
  }

  @Test
  void showTextAddsTheMatchedText() throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "mail " + EMAIL);

    assertThat(run("scan", "--show-text", file.toString())).isZero();

    assertThat(out.toString()).contains("\"text\":\"" + EMAIL + "\"");
  }

  @Test
  void presidioPredictionsCountCodePoints() throws Exception {
    String text = "\uD83D\uDE00 mail " + EMAIL;
    Path data = dir.resolve("data.json");
    Files.writeString(data, JSON.writeValueAsString(JSON.createArrayNode().add(
        JSON.createObjectNode().put("full_text", text).set("spans", JSON.createArrayNode()))),
        StandardCharsets.UTF_8);

    assertThat(run("scan", "--format", "presidio", "--predict", data.toString())).isZero();

    JsonNode sample = JSON.readTree(out.toString().lines().findFirst().orElseThrow());
    assertThat(sample.get("id").asInt()).isZero();
    JsonNode span = sample.get("spans").get(0);
    assertThat(span.get("entity_type").asText()).isEqualTo("EMAIL_ADDRESS");
    assertThat(span.get("start").asInt()).isEqualTo(7);
    assertThat(span.get("end").asInt()).isEqualTo(7 + EMAIL.length());
  }

  @Test
  void presidioEvaluationPrintsPrecisionRecallAndF2() throws Exception {
    String text = "mail " + EMAIL;
    Path data = dir.resolve("gold.json");
    var spans = JSON.createArrayNode().add(JSON.createObjectNode()
        .put("entity_type", "EMAIL_ADDRESS").put("start_position", 5)
        .put("end_position", 5 + EMAIL.length()));
    Files.writeString(data, JSON.writeValueAsString(JSON.createArrayNode().add(
        JSON.createObjectNode().put("full_text", text).set("spans", spans))));

    assertThat(run("scan", "--format", "presidio", "--eval", data.toString())).isZero();

    assertThat(out.toString()).contains("EMAIL_ADDRESS").containsIgnoringCase("f2");
  }

  @Test
  void presidioWithoutPredictOrEvalIsAUsageError() {
    assertThat(run("scan", "--format", "presidio")).isEqualTo(2);
    assertThat(err.toString()).contains("--predict");
  }
}
