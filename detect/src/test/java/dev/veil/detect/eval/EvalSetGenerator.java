package dev.veil.detect.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the generated evaluation sets in Presidio format. Run with the output directory as the
 * only argument (the committed copies live in {@code detect/src/test/resources/eval/});
 * {@code EvalSetsTest} checks that the committed files are exactly what this produces.
 */
public final class EvalSetGenerator {

  static final long SECRETS_SEED = 20261127L;
  static final long STRUCTURED_SEED = 1127L;

  private EvalSetGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: EvalSetGenerator <output-dir>");
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    try (OutputStream out = Files.newOutputStream(dir.resolve("secrets.json"))) {
      PresidioDataset.write(SecretEvalSet.generate(SECRETS_SEED), out);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("structured.json"))) {
      PresidioDataset.write(StructuredEvalSet.generate(STRUCTURED_SEED), out);
    }
  }
}
