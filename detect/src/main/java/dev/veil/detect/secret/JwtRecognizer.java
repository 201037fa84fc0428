package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.Chars;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens in compact form: three base64url parts joined by dots (the signature may be
 * empty for unsecured tokens), accepted only if the first part decodes to a JSON object with an
 * {@code "alg"} member.
 */
public final class JwtRecognizer implements Recognizer {

  private static final int MAX_PART = 16_384;

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int p = Chars.indexOf(text, "eyJ", 0);
    while (p >= 0) {
      int next = p + 3;
      if (Chars.wordStart(text, p)) {
        int h = part(text, p);
        if (h < text.length() && text.charAt(h) == '.') {
          int b = part(text, h + 1);
          if (b > h + 1 && b < text.length() && text.charAt(b) == '.') {
            int sig = part(text, b + 1);
            if ((sig >= text.length() || text.charAt(sig) != '.') && headerHasAlg(text, p, h)) {
              out.add(new Finding(EntityType.SECRET, p, sig, 0.95, name(), "jwt"));
              next = sig;
            }
          }
        }
        next = Math.max(next, h);
      }
      p = Chars.indexOf(text, "eyJ", next);
    }
  }

  private static int part(CharSequence s, int from) {
    int i = from;
    int limit = Math.min(s.length(), from + MAX_PART);
    while (i < limit) {
      char c = s.charAt(i);
      if (Chars.isAlnum(c) || c == '-' || c == '_') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean headerHasAlg(CharSequence s, int from, int to) {
    if (to - from > 2048) {
      return false;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(s.subSequence(from, to).toString());
      String header = new String(json, StandardCharsets.UTF_8).trim();
      return header.startsWith("{") && header.contains("\"alg\"");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
