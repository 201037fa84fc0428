package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.Chars;
import java.util.List;

/**
 * Private key blocks in PEM armour: {@code -----BEGIN ... PRIVATE KEY-----} (PKCS#1 RSA, SEC1 EC,
 * PKCS#8 plain and encrypted, OpenSSH, DSA, SSH2), {@code -----BEGIN PGP PRIVATE KEY BLOCK-----}
 * and OpenVPN static keys,
 * including blocks embedded in JSON with {@code \n} escapes (as in a GCP service-account file).
 *
 * <p>The finding covers the whole block. A block with no END line (cut off, or still being
 * streamed) is reported up to where its body stops: a partial key is still a secret.
 */
public final class PemKeyRecognizer implements Recognizer {

  private static final String BEGIN = "-----BEGIN ";
  private static final int MAX_LABEL = 48;
  private static final int MIN_BODY = 32;

  @Override
  public String name() {
    return "private_key";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int p = Chars.indexOf(text, BEGIN, 0);
    while (p >= 0) {
      int labelStart = p + BEGIN.length();
      int labelEnd = labelStart;
      while (labelEnd < n && labelEnd - labelStart <= MAX_LABEL
          && (Chars.isAlnum(text.charAt(labelEnd)) || text.charAt(labelEnd) == ' ')) {
        labelEnd++;
      }
      String kind = kind(text, labelStart, labelEnd);
      if (kind == null || !Chars.startsWith(text, labelEnd, "-----")) {
        p = Chars.indexOf(text, BEGIN, labelEnd);
        continue;
      }
      int i = labelEnd + 5;
      int base64 = 0;
      int end = -1;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '-' && Chars.startsWith(text, i, "-----END ")) {
          int close = i + 9;
          while (close < n && close - i < MAX_LABEL + 9 && text.charAt(close) != '-') {
            close++;
          }
          end = Chars.startsWith(text, close, "-----") ? close + 5 : close;
          break;
        }
        if (Chars.isAlnum(c) || c == '+' || c == '/' || c == '=') {
          base64++;
        } else if (!(Character.isWhitespace(c) || c == '\\' || c == ':' || c == ',' || c == '-'
            || c == '.')) {
          break;
        }
        i++;
      }
      if (end < 0) {
        end = i;
        while (end > labelEnd + 5 && (Character.isWhitespace(text.charAt(end - 1))
            || text.charAt(end - 1) == '\\')) {
          end--;
        }
      }
      if (base64 >= MIN_BODY) {
        out.add(new Finding(EntityType.SECRET, p, end, 0.99, name(), kind));
      }
      p = Chars.indexOf(text, BEGIN, Math.max(end, labelEnd));
    }
  }

  private static String kind(CharSequence s, int from, int to) {
    String label = s.subSequence(from, to).toString();
    return switch (label) {
      case "PRIVATE KEY" -> "private_key";
      case "RSA PRIVATE KEY" -> "rsa_private_key";
      case "EC PRIVATE KEY" -> "ec_private_key";
      case "DSA PRIVATE KEY" -> "dsa_private_key";
      case "OPENSSH PRIVATE KEY" -> "openssh_private_key";
      case "ENCRYPTED PRIVATE KEY" -> "encrypted_private_key";
      case "PGP PRIVATE KEY BLOCK" -> "pgp_private_key";
      case "SSH2 ENCRYPTED PRIVATE KEY" -> "ssh2_encrypted_private_key";
      case "OpenVPN Static key V1" -> "openvpn_static_key";
      default -> label.endsWith("PRIVATE KEY") ? "private_key" : null;
    };
  }
}
