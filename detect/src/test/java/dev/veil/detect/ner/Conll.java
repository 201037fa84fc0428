package dev.veil.detect.ner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CoNLL token-TAB-BIO files (WNUT-17) into examples: tokens joined by single spaces, person
 * to PERSON, location to LOCATION, corporation and group to ORGANIZATION; product and
 * creative-work are dropped.
 */
final class Conll {

  private Conll() {}

  static List<Example> read(Path file) throws IOException {
    List<Example> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    List<Example.Span> spans = new ArrayList<>();
    String openType = null;
    int openStart = -1;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (line.isBlank() || tab < 0) {
        if (openType != null) {
          spans.add(new Example.Span(openType, openStart, text.length()));
          openType = null;
        }
        if (!text.isEmpty()) {
          out.add(new Example(text.toString(), List.copyOf(spans)));
        }
        text.setLength(0);
        spans.clear();
        continue;
      }
      String token = line.substring(0, tab);
      String label = line.substring(tab + 1).trim();
      String type = mapType(label.length() > 2 ? label.substring(2) : "");
      boolean begins = label.startsWith("B-") || label.startsWith("I-") && !java.util.Objects.equals(type, openType);
      if (openType != null && (label.equals("O") || begins || type == null)) {
        spans.add(new Example.Span(openType, openStart, text.length()));
        openType = null;
      }
      if (!text.isEmpty()) {
        text.append(' ');
      }
      if (type != null && openType == null) {
        openType = type;
        openStart = text.length();
      }
      text.append(token);
    }
    if (openType != null) {
      spans.add(new Example.Span(openType, openStart, text.length()));
    }
    if (!text.isEmpty()) {
      out.add(new Example(text.toString(), List.copyOf(spans)));
    }
    return out;
  }

  private static String mapType(String wnut) {
    return switch (wnut) {
      case "person" -> "PERSON";
      case "location" -> "LOCATION";
      case "corporation", "group" -> "ORGANIZATION";
      default -> null;
    };
  }
}
