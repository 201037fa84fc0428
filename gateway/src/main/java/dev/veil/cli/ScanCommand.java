package dev.veil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.Finding;
import dev.veil.detect.eval.Evaluation;
import dev.veil.detect.eval.Predictions;
import dev.veil.detect.eval.PresidioDataset;
import dev.veil.detect.eval.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code veil scan}: runs the detector that the gateway uses over a text or a Presidio-format
 * data set.
 *
 * <ul>
 *   <li>{@code veil scan FILE|-}: one JSON line per finding (type, kind, start, end, score,
 *       recognizer; offsets in UTF-16 units); the matched text only with {@code --show-text}.
 *   <li>{@code veil scan --format presidio --predict DATA.json}: one JSON line per sample, {@code
 *       {"id", "spans": [{"entity_type", "start", "end", "score"}]}}, offsets in code points.
 *   <li>{@code veil scan --format presidio --eval DATA.json}: precision, recall, F1 and F2 per
 *       entity type and overall, exact-span and overlap matching.
 * </ul>
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Find personal data and secrets in a file (- for stdin) or a Presidio data set.")
final class ScanCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  enum Format { text, presidio }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
      description = "the text to scan; - reads standard input")
  String input;

  @Option(names = "--format", defaultValue = "text", description = "text or presidio")
  Format format;

  @Option(names = "--predict", paramLabel = "DATA.json",
      description = "write predictions for a Presidio-format data set")
  Path predict;

  @Option(names = "--eval", paramLabel = "DATA.json",
      description = "score the detector on a Presidio-format data set")
  Path eval;

  @Option(names = "--show-text", description = "also print the matched text (sensitive!)")
  boolean showText;

  @Option(names = "--min-score", defaultValue = "0.5",
      description = "drop findings scoring below this (default ${DEFAULT-VALUE})")
  double minScore;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.presidio) {
      if ((predict == null) == (eval == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--format presidio needs exactly one of --predict DATA.json and --eval DATA.json");
      }
      Detector detector = detector();
      if (predict != null) {
        List<Sample> samples = PresidioDataset.read(predict);
        List<List<Finding>> findings = new ArrayList<>(samples.size());
        for (Sample s : samples) {
          findings.add(detector.scan(s.text()));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Predictions.write(samples, findings, buf);
        out.print(buf.toString(StandardCharsets.UTF_8));
      } else {
        out.print(Evaluation.run(detector, PresidioDataset.read(eval)).toText());
      }
      out.flush();
      return 0;
    }
    if (input == null || predict != null || eval != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give a FILE (or - for standard input); --predict and --eval need --format presidio");
    }
    String text = read(input);
    for (Finding f : detector().scan(text)) {
      var line = JSON.createObjectNode();
      line.put("type", f.type().name());
      if (f.kind() != null) {
        line.put("kind", f.kind());
      }
      line.put("start", f.start()).put("end", f.end())
          .put("score", Math.round(f.score() * 1000) / 1000.0).put("recognizer", f.recognizer());
      if (showText) {
        line.put("text", f.valueIn(text));
      }
      StringWriter w = new StringWriter();
      JSON.writeValue(w, line);
      out.println(w);
    }
    out.flush();
    return 0;
  }

  private Detector detector() {
    return Detectors.standard(minScore);
  }

  private static String read(String input) throws IOException {
    if (input.equals("-")) {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(input), StandardCharsets.UTF_8);
  }
}
