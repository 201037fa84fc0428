package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.Chars;
import java.util.List;

/**
 * Credential formats whose fixed marker sits inside the token rather than at its start, each found
 * by searching for the marker and checking the chars around it:
 * <ul>
 *   <li>Telegram bot tokens: bot id (8-10 digits), {@code :}, 35 URL-safe chars;
 *   <li>Mailchimp API keys: 32 hex digits, {@code -us}, a data-centre number;
 *   <li>Terraform Cloud / Enterprise tokens: 14 chars, {@code .atlasv1.}, 60-70 chars;
 *   <li>Microsoft Entra ID (Azure AD) client secrets: 3 chars and a digit, {@code Q~}, 31-34
 *       chars;
 *   <li>NTLM hashes in pwdump lines, {@code user:rid:LM:NT:::}: the two 32-hex-digit hashes
 *       before {@code :::};
 *   <li>passwords given to curl, {@code -u user:password} or {@code --user user:password}.
 * </ul>
 */
public final class InfixSecretRecognizer implements Recognizer {

  @Override
  public String name() {
    return "secret_infix";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    colons(text, out);
    mailchimp(text, out);
    terraform(text, out);
    azureClientSecret(text, out);
  }

  /** Telegram tokens, pwdump lines and curl's user:password, all found at a colon: one pass. */
  private void colons(CharSequence s, List<Finding> out) {
    int p = Chars.indexOf(s, ':', 0);
    while (p >= 0) {
      telegram(s, p, out);
      curlUser(s, p, out);
      if (p + 2 < s.length() && s.charAt(p + 1) == ':' && s.charAt(p + 2) == ':') {
        pwdump(s, p, out);
        p += 2;
      }
      p = Chars.indexOf(s, ':', p + 1);
    }
  }

  private static boolean urlSafe(char c) {
    return Chars.isAlnum(c) || c == '_' || c == '-';
  }

  private static int runEnd(CharSequence s, int from, int max) {
    int i = from;
    int limit = Math.min(s.length(), from + max + 1);
    while (i < limit && urlSafe(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private void telegram(CharSequence s, int p, List<Finding> out) {
    int start = p;
    while (start > 0 && p - start <= 10 && Chars.isDigit(s.charAt(start - 1))) {
      start--;
    }
    int digits = p - start;
    if (digits >= 8 && digits <= 10 && Chars.wordStart(s, start)) {
      int end = runEnd(s, p + 1, 35);
      if (end - p - 1 == 35 && Chars.startsWith(s, p + 1, "AA")
          && PrefixSecretRecognizer.looksLikePlaceholder(s, p + 1, end) == false
          && Chars.entropy(s, p + 1, end) >= 3.5) {
        out.add(new Finding(EntityType.SECRET, start, end, 0.9, name(), "telegram_bot_token"));
      }
    }
  }

  private void mailchimp(CharSequence s, List<Finding> out) {
    int p = Chars.indexOf(s, "-us", 0);
    while (p >= 0) {
      int start = p - 32;
      if (start >= 0 && Chars.wordStart(s, start)) {
        boolean hex = true;
        for (int i = start; i < p && hex; i++) {
          hex = Chars.isHex(s.charAt(i)) && !Chars.isUpper(s.charAt(i));
        }
        int end = Chars.skipDigits(s, p + 3);
        if (hex && end - p - 3 >= 1 && end - p - 3 <= 2 && Chars.wordEnd(s, end)
            && Chars.entropy(s, start, p) >= 3.0) {
          out.add(new Finding(EntityType.SECRET, start, end, 0.9, name(), "mailchimp_api_key"));
        }
      }
      p = Chars.indexOf(s, "-us", p + 3);
    }
  }

  private void terraform(CharSequence s, List<Finding> out) {
    int p = Chars.indexOf(s, ".atlasv1.", 0);
    while (p >= 0) {
      int start = p - 14;
      if (start >= 0 && Chars.wordStart(s, start) && Chars.skipAlnum(s, start) == p) {
        int end = runEnd(s, p + 9, 70);
        if (end - p - 9 >= 60 && end - p - 9 <= 70 && !urlSafe(charAt(s, end))) {
          out.add(new Finding(EntityType.SECRET, start, end, 0.95, name(), "terraform_cloud_token"));
        }
      }
      p = Chars.indexOf(s, ".atlasv1.", p + 9);
    }
  }

  private void azureClientSecret(CharSequence s, List<Finding> out) {
    int p = Chars.indexOf(s, "Q~", 0);
    while (p >= 0) {
      int start = p - 4;
      if (start >= 0 && Chars.wordStart(s, start) && Chars.isDigit(s.charAt(p - 1))
          && azureChars(s, start, p)) {
        int end = p + 2;
        while (end < s.length() && end - p - 2 <= 34 && (urlSafe(s.charAt(end))
            || s.charAt(end) == '~' || s.charAt(end) == '.')) {
          end++;
        }
        int len = end - p - 2;
        if (len >= 31 && len <= 34 && Chars.entropy(s, p + 2, end) >= 3.5) {
          out.add(new Finding(EntityType.SECRET, start, end, 0.9, name(),
              "azure_ad_client_secret"));
        }
      }
      p = Chars.indexOf(s, "Q~", p + 2);
    }
  }

  /** {@code LM:NT} before the {@code :::} at {@code p} that ends a pwdump line's hashes. */
  private void pwdump(CharSequence s, int p, List<Finding> out) {
    int start = p - 65;
    if (start >= 0 && Chars.wordStart(s, start) && s.charAt(start + 32) == ':'
        && hex(s, start, start + 32) && hex(s, start + 33, p)
        && Chars.entropy(s, start + 33, p) >= 3.0) {
      out.add(new Finding(EntityType.SECRET, start, p, 0.9, name(), "ntlm_hash"));
    }
  }

  /** The password of {@code curl -u user:password}, with {@code p} at the colon. */
  private void curlUser(CharSequence s, int p, List<Finding> out) {
    int u = p;
    while (u > 0 && p - u <= 64 && (urlSafe(s.charAt(u - 1)) || s.charAt(u - 1) == '.'
        || s.charAt(u - 1) == '@')) {
      u--;
    }
    char quote = u > 0 && (s.charAt(u - 1) == '\'' || s.charAt(u - 1) == '"') ? s.charAt(u - 1) : 0;
    int flagEnd = quote != 0 ? u - 1 : u;
    boolean flag = Chars.startsWith(s, flagEnd - 3, "-u ")
        || Chars.startsWith(s, flagEnd - 7, "--user ") || Chars.startsWith(s, flagEnd - 7, "--user=");
    int flagStart = flagEnd - (Chars.startsWith(s, flagEnd - 3, "-u ") ? 3 : 7);
    if (!flag || !Chars.wordStart(s, flagStart) || !curlOnLine(s, flagStart)) {
      return;
    }
    int start = p + 1;
    int end = start;
    // the whole value, however long: a cap would leave its rest in clear
    while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != quote) {
      end++;
    }
    if (end - start >= 6
        && !Placeholders.isPlaceholder(s.subSequence(start, end).toString())) {
      out.add(new Finding(EntityType.SECRET, start, end, 0.8, name(), "curl_basic_auth_password"));
    }
  }

  /** True if "curl" is written before {@code i} on its line (within 256 chars). */
  private static boolean curlOnLine(CharSequence s, int i) {
    for (int j = i - 4; j >= 0 && i - j <= 256 && s.charAt(j + 3) != '\n'; j--) {
      if (Chars.startsWith(s, j, "curl")) {
        return true;
      }
    }
    return false;
  }

  private static boolean hex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Chars.isHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean azureChars(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(urlSafe(c) || c == '~' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static char charAt(CharSequence s, int i) {
    return i < s.length() ? s.charAt(i) : ' ';
  }
}
