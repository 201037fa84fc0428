package dev.veil.detect.ner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inline-annotated examples, one a line: {@code [[PERSON:Ada Lovelace]] lives in [[LOCATION:London]].}
 * A literal newline inside an example is written as {@code \n}. Lines starting with {@code #} are
 * comments.
 */
final class Markup {

  private Markup() {}

  static Example parse(String line) {
    String src = line.replace("\\n", "\n");
    StringBuilder text = new StringBuilder();
    List<Example.Span> spans = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      int open = src.indexOf("[[", i);
      if (open < 0) {
        text.append(src, i, src.length());
        break;
      }
      text.append(src, i, open);
      int colon = src.indexOf(':', open);
      int close = src.indexOf("]]", colon);
      String type = src.substring(open + 2, colon);
      int start = text.length();
      text.append(src, colon + 1, close);
      spans.add(new Example.Span(type, start, text.length()));
      i = close + 2;
    }
    return new Example(text.toString(), spans);
  }

  static String format(Example e) {
    StringBuilder sb = new StringBuilder();
    int pos = 0;
    for (Example.Span s : e.spans()) {
      sb.append(e.text(), pos, s.start()).append("[[").append(s.type()).append(':')
          .append(e.text(), s.start(), s.end()).append("]]");
      pos = s.end();
    }
    sb.append(e.text().substring(pos));
    return sb.toString().replace("\n", "\\n");
  }

  static List<Example> readResource(String name) throws IOException {
    try (InputStream in = Markup.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      List<Example> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(parse(line));
        }
      }
      return out;
    }
  }
}
