package dev.veil.detect.ner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the CoNLL files of the reference data into examples, tokens joined by single spaces. The
 * token is a line's first column and the label its last (tab- or space-separated), so WNUT-17,
 * the Broad Twitter Corpus, WikiGold and the SEC filings all read the same way; BIO and IO labels
 * both work (in IO files two adjacent entities of one type read as one, as their authors scored
 * them). {@code -DOCSTART-} lines end a sentence. The Broad Twitter Corpus splits a mention
 * into two tokens labelled alike ({@code @ B-PER}, {@code colgo B-PER}): they are read back as the
 * one token of the tweet, {@code @colgo}, and one span. Labels: person and PER to PERSON, location and
 * LOC to LOCATION, corporation, group and ORG to ORGANIZATION; product, creative-work and MISC
 * are dropped.
 */
final class Conll {

  private Conll() {}

  static List<Example> read(Path file) throws IOException {
    List<Example> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    List<Example.Span> spans = new ArrayList<>();
    String openType = null;
    int openStart = -1;
    boolean joinNext = false;
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      int first = firstSpace(line);
      if (line.isEmpty() || first < 0 || line.startsWith("-DOCSTART-")) {
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
      String token = line.substring(0, first);
      String label = line.substring(lastSpace(line) + 1);
      String type = mapType(label.length() > 2 ? label.substring(2) : "");
      if (joinNext) {
        joinNext = false;
        if (type != null && type.equals(openType)) {
          text.append(token);
          continue;
        }
      }
      boolean begins = label.startsWith("B-") || label.startsWith("I-") && !Objects.equals(type, openType);
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
      joinNext = token.equals("@") && type != null;
    }
    if (openType != null) {
      spans.add(new Example.Span(openType, openStart, text.length()));
    }
    if (!text.isEmpty()) {
      out.add(new Example(text.toString(), List.copyOf(spans)));
    }
    return out;
  }

  private static int firstSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t' || line.charAt(i) == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static int lastSpace(String line) {
    for (int i = line.length() - 1; i >= 0; i--) {
      if (line.charAt(i) == '\t' || line.charAt(i) == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static String mapType(String label) {
    return switch (label) {
      case "person", "PER" -> "PERSON";
      case "location", "LOC" -> "LOCATION";
      case "corporation", "group", "ORG" -> "ORGANIZATION";
      default -> null;
    };
  }
}
