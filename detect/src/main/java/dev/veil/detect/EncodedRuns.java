package dev.veil.detect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Values hidden in base64: a run of at least {@value #MIN_LENGTH} base64 chars (standard or
 * URL-safe alphabet, mixing upper case, lower case and digits) that decodes to
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

  /** Per ASCII char: 1 upper case, 2 lower case, 4 digit or symbol of either alphabet, 0 none. */
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      CLASS[c] = (byte) (c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? 2
          : c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' ? 4 : 0);
    }
  }

  /**
   * Adds to {@code out} a finding for every base64 run of {@code text} that hides a value. Runs
   * are found from the digit runs of {@code index}: base64 of 16 chars or more holds a digit in
   * all but a few per cent of cases, and prose is never looked at char by char.
   */
  static void scan(CharSequence text, TextIndex index, Function<CharSequence, List<Finding>> scanner,
      List<Finding> out) {
    String s = text.toString();
    int n = s.length();
    int done = 0;
    for (int k = 0; k < index.digitRuns(); k++) {
      int d = index.digitRunStart(k);
      if (d < done) {
        continue;
      }
      int start = d;
      while (start > 0 && inAlphabet(s.charAt(start - 1))) {
        start--;
      }
      int end = index.digitRunEnd(k);
      int kinds = 4;
      for (int p = start; p < end; p++) {
        kinds |= CLASS[s.charAt(p)];
      }
      while (end < n && inAlphabet(s.charAt(end))) {
        kinds |= CLASS[s.charAt(end)];
        end++;
      }
      done = end;
      if (end - start < MIN_LENGTH || kinds != 7) {
        continue;
      }
      int e = end;
      while (e < n && e - end < 2 && s.charAt(e) == '=') {
        e++;
      }
      String decoded = decode(s.substring(start, e));
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
        out.add(new Finding(best.type(), start, e, Math.min(MAX_SCORE, best.score()), RECOGNIZER,
            best.kind()));
      }
    }
  }

  private static boolean inAlphabet(char c) {
    return c < 128 && CLASS[c] != 0;
  }

  /**
   * The text that {@code run} encodes, or {@code null} if it is no base64 of printable text.
   * Decides without exceptions: binary is the common case (keys, hashes).
   */
  private static String decode(String run) {
    boolean urlSafe = run.indexOf('-') >= 0 || run.indexOf('_') >= 0;
    if (urlSafe && (run.indexOf('+') >= 0 || run.indexOf('/') >= 0)) {
      return null;
    }
    byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder())
        .decode(pad(run.replace("=", "")));
    if (bytes.length < 4) {
      return null;
    }
    boolean ascii = true;
    int control = 0;
    for (byte b : bytes) {
      if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7F) {
        control++;
      }
      ascii &= b >= 0;
    }
    if (control * 20 > bytes.length) {
      return null;
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes), chars, true);
    return r.isError() ? null : chars.flip().toString();
  }

  private static String pad(String s) {
    int r = s.length() % 4;
    return r == 0 ? s : r == 1 ? s.substring(0, s.length() - 1) : s + "==".substring(0, 4 - r);
  }
}
