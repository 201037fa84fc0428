package dev.veil.detect.ner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dev-time tool: writes the committed held-out set ({@code ner/heldout.txt}) from the evaluation
 * templates and the evaluation half of the names, in {@link Markup} form.
 *
 * <p>With a third argument it also writes that many held-out social-media posts ({@link Social}:
 * evaluation templates, evaluation half of the names) to {@code heldout-social.txt} next to it.
 *
 * <p>Usage: {@code HeldOutWriter <out heldout.txt> [count] [social count]}.
 */
public final class HeldOutWriter {

  private HeldOutWriter() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    Synthetic gen = new Synthetic(4242L, true);
    List<String> lines = new ArrayList<>();
    lines.add("# Held-out synthetic sentences (evaluation templates, evaluation half of the names); see HeldOutWriter");
    for (int i = 0; i < n; i++) {
      lines.add(Markup.format(gen.next()));
    }
    Files.write(Path.of(args[0]), lines, StandardCharsets.UTF_8);
    if (args.length > 2) {
      Social posts = new Social(4243L, true);
      List<String> social = new ArrayList<>();
      social.add("# Held-out social-media posts (Social: evaluation templates, evaluation half of the names); see HeldOutWriter");
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        social.add(Markup.format(posts.next()));
      }
      Path out = Path.of(args[0]).resolveSibling("heldout-social.txt");
      Files.write(out, social, StandardCharsets.UTF_8);
    }
  }
}
