package dev.veil.detect.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes data sets in the format of Presidio's evaluator: a JSON array of
 * {@code {"full_text": "...", "spans": [{"entity_type": "...", "start_position": 0,
 * "end_position": 5}]}}, offsets in Unicode code points, end exclusive. Other fields are ignored.
 * In memory, offsets are UTF-16 (see {@link Sample}).
 */
public final class PresidioDataset {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PresidioDataset() {}

  public static List<Sample> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * @throws IOException if the JSON is malformed or a record lacks {@code full_text} or has a
   *     span outside its text
   */
  public static List<Sample> read(InputStream in) throws IOException {
    JsonNode root = JSON.readTree(in);
    if (root == null || !root.isArray()) {
      throw new IOException("a Presidio data set is a JSON array of records");
    }
    List<Sample> samples = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode rec = root.get(i);
      JsonNode textNode = rec.get("full_text");
      if (textNode == null || !textNode.isTextual()) {
        throw new IOException("record " + i + " has no full_text");
      }
      String text = textNode.asText();
      List<GoldSpan> spans = new ArrayList<>();
      JsonNode spansNode = rec.get("spans");
      if (spansNode != null) {
        for (JsonNode s : spansNode) {
          try {
            int start = Offsets.toUtf16(text, s.path("start_position").asInt(-1));
            int end = Offsets.toUtf16(text, s.path("end_position").asInt(-1));
            spans.add(new GoldSpan(s.path("entity_type").asText(), start, end));
          } catch (IllegalArgumentException e) {
            throw new IOException("record " + i + " has a bad span: " + e.getMessage());
          }
        }
      }
      samples.add(new Sample(text, spans));
    }
    return samples;
  }

  /** Writes {@code samples} in the same format, offsets converted back to code points. */
  public static void write(List<Sample> samples, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
      for (Sample s : samples) {
        g.writeStartObject();
        g.writeStringField("full_text", s.text());
        g.writeArrayFieldStart("spans");
        for (GoldSpan span : s.spans()) {
          g.writeStartObject();
          g.writeStringField("entity_type", span.label());
          g.writeNumberField("start_position", Offsets.toCodePoint(s.text(), span.start()));
          g.writeNumberField("end_position", Offsets.toCodePoint(s.text(), span.end()));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }
}
