package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;
import java.util.Set;

/**
 * URLs: anything with a known scheme ({@code https://}, {@code ftp://}...) and a host, URLs
 * starting with {@code www.}, and bare domains ({@code example.com/path}) whose last label is in a
 * list of common top-level domains. Top-level domains that are also common file extensions
 * ({@code .py}, {@code .sh}, {@code .md}, {@code .zip}...) are left out of the bare-domain list,
 * so "run setup.py" is not a URL.
 *
 * <p>Only the whitespace-delimited tokens holding a '.' or ':' are examined, each in one pass. Sentence
 * punctuation and an unbalanced closing bracket at the end of a URL are not part of it.
 */
public final class UrlRecognizer implements Recognizer {

  private static final Set<String> SCHEMES = Set.of("http", "https", "ftp", "ftps", "sftp", "ws",
      "wss", "file", "ssh", "git", "s3", "gs", "smb", "ldap", "ldaps", "rtsp", "sip");

  static final Set<String> TLDS = Set.of("com", "net", "org", "edu", "gov", "mil", "int", "info",
      "biz", "name", "pro", "io", "ai", "app", "dev", "co", "me", "tv", "us", "uk", "de", "fr",
      "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "cz", "ru", "ua", "cn", "jp",
      "kr", "in", "au", "nz", "ca", "br", "mx", "ar", "cl", "za", "ie", "pt", "gr", "tr", "il",
      "sg", "hk", "tw", "id", "my", "th", "vn", "ph", "eu", "asia", "xyz", "online", "site",
      "tech", "store", "cloud", "blog", "shop", "news", "live", "ly", "gg", "fm", "to", "ro",
      "hu", "sk", "bg", "hr", "si", "lt", "lv", "ee", "is", "lu", "ae", "sa", "ng", "ke", "eg",
      "pk", "bd", "lk", "np", "gov.uk", "ac", "ms", "ws", "la", "travel", "museum", "jobs",
      "mobi", "aero", "coop", "email", "space", "website", "agency", "company", "solutions",
      "digital", "network", "systems", "media", "group", "global", "world", "today", "top");

  @Override
  public String name() {
    return "url";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    // -1 once there is none left
    int nextDot = Chars.indexOf(text, '.', 0);
    int nextColon = Chars.indexOf(text, ':', 0);
    // i is always 0 or just past a token, so no token straddles it
    int i = 0;
    while (i < n) {
      if (nextDot >= 0 && nextDot < i) {
        nextDot = Chars.indexOf(text, '.', i);
      }
      if (nextColon >= 0 && nextColon < i) {
        nextColon = Chars.indexOf(text, ':', i);
      }
      int p = nextDot < 0 ? nextColon : nextColon < 0 ? nextDot : Math.min(nextDot, nextColon);
      if (p < 0) {
        break;
      }
      int from = p;
      while (from > i && !isSpace(text.charAt(from - 1))) {
        from--;
      }
      int j = p + 1;
      while (j < n && !isSpace(text.charAt(j))) {
        j++;
      }
      token(text, from, j, out);
      i = j;
    }
  }

  private void token(CharSequence s, int from, int to, List<Finding> out) {
    boolean found = false;
    int k = from;
    while (k + 3 <= to) {
      int sep = find(s, k, to);
      if (sep < 0) {
        break;
      }
      int schemeStart = sep;
      while (schemeStart > from && isSchemeChar(s.charAt(schemeStart - 1))) {
        schemeStart--;
      }
      int end = urlEnd(s, sep + 3, to);
      if (schemeStart < sep && SCHEMES.contains(lower(s, schemeStart, sep))
          && hostLength(s, sep + 3, end) > 0) {
        out.add(new Finding(EntityType.URL, schemeStart, end, 0.85, name()));
        found = true;
      }
      k = Math.max(end, sep + 3);
    }
    if (found) {
      return;
    }
    int start = from;
    while (start < to && !Chars.isAlnum(s.charAt(start))) {
      start++;
    }
    if (start >= to || !Chars.wordStart(s, start)) {
      return;
    }
    for (int q = start; q < to; q++) {
      if (s.charAt(q) == '@') {
        return;
      }
    }
    int end = urlEnd(s, start, to);
    int hostEnd = hostEnd(s, start, end);
    if (hostEnd <= start) {
      return;
    }
    boolean www = Chars.startsWithIgnoreCase(s, start, "www.");
    int lastDot = -1;
    for (int q = start; q < hostEnd; q++) {
      if (s.charAt(q) == '.') {
        lastDot = q;
      }
    }
    if (lastDot < 0 || lastDot == start) {
      return;
    }
    String tld = lower(s, lastDot + 1, hostEnd);
    if (!isLowerOrUpperOnly(s, lastDot + 1, hostEnd) || !TLDS.contains(tld)) {
      return;
    }
    if (hostEnd < end && s.charAt(hostEnd) != '/' && s.charAt(hostEnd) != ':') {
      return;
    }
    out.add(new Finding(EntityType.URL, start, end, www ? 0.8 : 0.6, name()));
  }

  /** Index of "://" within {@code [from, to)}, or -1. */
  private static int find(CharSequence s, int from, int to) {
    for (int i = from; i + 3 <= to; i++) {
      if (s.charAt(i) == ':' && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r'
        || (c > 127 && Character.isWhitespace(c));
  }

  private static boolean isLowerOrUpperOnly(CharSequence s, int from, int to) {
    boolean lower = true;
    boolean upper = true;
    for (int i = from; i < to; i++) {
      lower &= Chars.isLower(s.charAt(i));
      upper &= Chars.isUpper(s.charAt(i));
    }
    return lower || upper;
  }

  private static boolean isSchemeChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '.' || c == '-';
  }

  private static String lower(CharSequence s, int from, int to) {
    if (to - from > 24) {
      return "";
    }
    char[] b = new char[to - from];
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      b[i - from] = Chars.isUpper(c) ? (char) (c + 32) : c;
    }
    return new String(b);
  }

  /** End of the URL starting at {@code from}: stops at quotes and brackets, trims punctuation. */
  static int urlEnd(CharSequence s, int from, int to) {
    int end = from;
    int parens = 0;
    while (end < to) {
      char c = s.charAt(end);
      if (c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}'
          || c == '|' || c == '\\' || c == '^') {
        break;
      }
      if (c == '(') {
        parens++;
      } else if (c == ')') {
        if (parens == 0) {
          break;
        }
        parens--;
      }
      end++;
    }
    while (end > from) {
      char c = s.charAt(end - 1);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '*'
          || c == ']') {
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  private static int hostLength(CharSequence s, int from, int to) {
    int at = -1;
    int slash = to;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        slash = i;
        break;
      }
      if (c == '@') {
        at = i;
      }
    }
    int hostStart = at >= 0 ? at + 1 : from;
    return hostEnd(s, hostStart, slash) - hostStart;
  }

  /** End of a host name (letters, digits, hyphens, dots, or a bracketed IPv6) at {@code from}. */
  private static int hostEnd(CharSequence s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '[') {
      while (i < to && s.charAt(i) != ']') {
        i++;
      }
      return i < to ? i + 1 : from;
    }
    while (i < to) {
      char c = s.charAt(i);
      if (Chars.isAlnum(c) || c == '-' || (c == '.' && i > from && s.charAt(i - 1) != '.')
          || c == '_') {
        i++;
      } else {
        break;
      }
    }
    while (i > from && s.charAt(i - 1) == '.') {
      i--;
    }
    return i;
  }
}
