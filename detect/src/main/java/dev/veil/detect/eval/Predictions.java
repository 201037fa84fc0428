package dev.veil.detect.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes predictions as JSON lines, one per sample: {@code {"id": 0, "spans": [{"entity_type":
 * "EMAIL_ADDRESS", "start": 3, "end": 20, "score": 0.95}]}}, offsets in code points.
 *
 * <h2>Security</h2>
 * Only types, offsets and scores are written, never matched text.
 */
public final class Predictions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Predictions() {}

  /**
   * @param samples the scanned samples, for offset conversion
   * @param findings the findings of each sample, in the same order
   */
  public static void write(List<Sample> samples, List<List<Finding>> findings, OutputStream out)
      throws IOException {
    if (samples.size() != findings.size()) {
      throw new IllegalArgumentException(samples.size() + " samples but " + findings.size()
          + " prediction lists");
    }
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    for (int i = 0; i < samples.size(); i++) {
      String text = samples.get(i).text();
      ObjectNode line = JSON.createObjectNode();
      line.put("id", i);
      ArrayNode spans = line.putArray("spans");
      for (Finding f : findings.get(i)) {
        ObjectNode span = spans.addObject();
        span.put("entity_type", f.type().name());
        span.put("start", Offsets.toCodePoint(text, f.start()));
        span.put("end", Offsets.toCodePoint(text, f.end()));
        span.put("score", Math.round(f.score() * 1000) / 1000.0);
      }
      w.write(JSON.writeValueAsString(line));
      w.write('\n');
    }
    w.flush();
  }
}
