package dev.veil.detect.ner;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dev-time tool: writes a Presidio-format synthetic dataset for end-to-end evaluation of the whole
 * detector: a JSON array of {@code {"full_text", "spans": [{"entity_type", "start_position",
 * "end_position"}]}}, offsets in Unicode code points, end exclusive.
 *
 * <p>Sentences come from the evaluation templates and the evaluation half of the names, so a model
 * trained with {@link NerTrainer} has not seen them. Entity types: PERSON, LOCATION, ORGANIZATION,
 * STREET_ADDRESS, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD (valid Luhn), IBAN_CODE (valid check
 * digits), US_SSN, DATE_TIME, IP_ADDRESS, URL.
 *
 * <p>With {@code social} as fourth argument it writes held-out social-media posts ({@link Social}:
 * evaluation templates, evaluation half of the names) instead: PERSON, LOCATION, ORGANIZATION, URL.
 *
 * <p>Usage: {@code PresidioDatasetGenerator <out.json> [count] [seed] [social]}.
 */
public final class PresidioDatasetGenerator {

  private PresidioDatasetGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PresidioDatasetGenerator <out.json> [count] [seed] [social]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
    boolean social = args.length > 3 && args[3].equals("social");
    java.util.function.Supplier<Example> gen = social ? new Social(seed, true)::next : new Synthetic(seed, true)::next;
    try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(Path.of(args[0])), JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
      for (int i = 0; i < count; i++) {
        Example e = gen.get();
        g.writeStartObject();
        g.writeStringField("full_text", e.text());
        g.writeArrayFieldStart("spans");
        for (Example.Span s : e.spans()) {
          g.writeStartObject();
          g.writeStringField("entity_type", s.type());
          g.writeNumberField("start_position", e.text().codePointCount(0, s.start()));
          g.writeNumberField("end_position", e.text().codePointCount(0, s.end()));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    System.out.println("wrote " + count + " examples to " + args[0]);
  }
}
