package dev.veil.detect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Values hidden in base64: a run of at least {@value #MIN_LENGTH} base64 chars (standard or
 * URL-safe alphabet, mixing upper case, lower case and digits or symbols) that decodes to
 * printable UTF-8 text is scanned as text, one level deep; if anything is found there, the whole
 * run is a finding of the type of the best inner finding.
 *
 * <p>Such a finding scores at most {@value #MAX_SCORE}, so that a recognizer that knows the run
 * itself (a JWT, whose payload decodes to JSON, or a credential) keeps the whole span.
 */
final class EncodedRuns {

  static final int MIN_LENGTH = 16;
  static final double MAX_SCORE = 0.6;
  static final String RECOGNIZER = "base64";

  private EncodedRuns() {}

  /** Adds to {@code out} a finding for every base64 run of {@code text} that hides a value. */
  static void scan(CharSequence text, Function<CharSequence, List<Finding>> scanner, List<Finding> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!alphabet(text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      int kinds = 0;
      while (i < n && alphabet(text.charAt(i))) {
        char c = text.charAt(i);
        kinds |= c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? 2 : 4;
        i++;
      }
      int e = i;
      while (e < n && e - i < 2 && text.charAt(e) == '=') {
        e++;
      }
      i = e;
      if (e - s < MIN_LENGTH || kinds != 7) {
        continue;
      }
      String decoded = decode(text.subSequence(s, e).toString());
      if (decoded == null) {
        continue;
      }
      Finding best = null;
      for (Finding f : scanner.apply(decoded)) {
        if (best == null || f.score() > best.score()) {
          best = f;
        }
      }
      if (best != null) {
        out.add(new Finding(best.type(), s, e, Math.min(MAX_SCORE, best.score()), RECOGNIZER,
            best.kind()));
      }
    }
  }

  private static boolean alphabet(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
        || c == '/' || c == '-' || c == '_';
  }

  /** The text that {@code run} encodes, or {@code null} if it is no base64 of printable text. */
  private static String decode(String run) {
    byte[] bytes;
    try {
      boolean urlSafe = run.indexOf('-') >= 0 || run.indexOf('_') >= 0;
      String unpadded = run.replace("=", "");
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(unpadded));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    int printable = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c >= 0x20 && c != 0x7F || c == '\n' || c == '\r' || c == '\t') {
        printable++;
      }
    }
    return s.length() >= 4 && printable * 20 >= s.length() * 19 ? s : null;
  }

  private static String pad(String s) {
    int r = s.length() % 4;
    return r == 0 ? s : r == 1 ? s.substring(0, s.length() - 1) : s + "==".substring(0, 4 - r);
  }
}
