package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;

/**
 * IPv4 addresses (four decimal octets 0-255 without leading zeros, optionally followed by a port)
 * and IPv6 addresses in every RFC 4291 text form: full, leading zeros dropped, one {@code ::}
 * compression, and an embedded dotted IPv4 tail. Parsed by hand; never resolved.
 *
 * <p>Runs of hex digits, colons and dots are read once each; a run is accepted only as a whole
 * (after trimming sentence punctuation), so "std::map" or a clock time is not an address.
 */
public final class IpAddressRecognizer implements Recognizer {

  @Override
  public String name() {
    return "ip_address";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    CharCursor dot = new CharCursor(text, '.');
    CharCursor colon = new CharCursor(text, ':');
    int i = 0;
    while (i < n) {
      int nd = dot.next(i);
      int nc = colon.next(i);
      int p = nd < 0 ? nc : nc < 0 ? nd : Math.min(nd, nc);
      if (p < 0) {
        break;
      }
      // Only a run holding '.' or ':' is an address. The chars from i to p hold neither, and a
      // char that is not alphanumeric ends every run and every skipped word, so the scan may
      // resume just past the last such char before p.
      int resume = p;
      while (resume > i && Chars.isAlnum(text.charAt(resume - 1))) {
        resume--;
      }
      i = resume;
      char c = text.charAt(i);
      if (!(Chars.isHex(c) || c == ':')) {
        i = Chars.isAlnum(c) ? Chars.skipAlnum(text, i + 1) : i + 1;
        continue;
      }
      int j = i;
      int colons = 0;
      int dots = 0;
      while (j < n) {
        char d = text.charAt(j);
        if (d == ':') {
          colons++;
        } else if (d == '.') {
          dots++;
        } else if (!Chars.isHex(d)) {
          break;
        }
        j++;
      }
      if (Chars.wordStart(text, i) && Chars.wordEnd(text, j) && (colons > 0 || dots == 3
          || dots == 4)) {
        accept(text, i, j, colons, out);
      }
      i = j;
    }
  }

  private void accept(CharSequence s, int from, int to, int colons, List<Finding> out) {
    int end = to;
    while (end > from && (s.charAt(end - 1) == '.'
        || (s.charAt(end - 1) == ':' && !(end - 2 >= from && s.charAt(end - 2) == ':')))) {
      end--;
    }
    if (end - from < 2) {
      return;
    }
    if (colons >= 2) {
      int groups = ipv6Groups(s, from, end);
      if (groups > 0) {
        out.add(new Finding(EntityType.IP_ADDRESS, from, end, groups >= 3 ? 0.85 : 0.5, name()));
      }
      return;
    }
    int colon = -1;
    for (int k = from; k < end; k++) {
      if (s.charAt(k) == ':') {
        colon = k;
      }
    }
    int v4End = colon < 0 ? end : colon;
    if (ipv4(s, from, v4End)) {
      if (colon >= 0 && !validPort(s, colon + 1, end)) {
        return;
      }
      out.add(new Finding(EntityType.IP_ADDRESS, from, v4End, 0.85, name()));
    }
  }

  private static boolean validPort(CharSequence s, int from, int to) {
    if (to - from < 1 || to - from > 5) {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (!Chars.isDigit(s.charAt(k))) {
        return false;
      }
    }
    return Chars.parseDigits(s, from, to) <= 65535;
  }

  /** True if {@code s[from, to)} is exactly a dotted-quad IPv4 address. */
  static boolean ipv4(CharSequence s, int from, int to) {
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      int start = i;
      while (i < to && Chars.isDigit(s.charAt(i)) && i - start < 4) {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 3 || (len > 1 && s.charAt(start) == '0')
          || Chars.parseDigits(s, start, i) > 255) {
        return false;
      }
      if (octet < 3) {
        if (i >= to || s.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == to;
  }

  /**
   * Parses an IPv6 address in {@code s[from, to)}; returns how many groups were written out
   * explicitly (an IPv4 tail counts two), or 0 if it is not an address.
   */
  static int ipv6Groups(CharSequence s, int from, int to) {
    int groups = 0;
    boolean compressed = false;
    int i = from;
    if (Chars.startsWith(s, i, "::")) {
      compressed = true;
      i += 2;
      if (i == to) {
        return 0;
      }
    } else if (i < to && s.charAt(i) == ':') {
      return 0;
    }
    while (i < to) {
      int start = i;
      boolean hasDot = false;
      while (i < to && s.charAt(i) != ':') {
        char c = s.charAt(i);
        if (c == '.') {
          hasDot = true;
        } else if (!Chars.isHex(c)) {
          return 0;
        }
        i++;
      }
      if (hasDot) {
        if (i != to || !ipv4(s, start, i)) {
          return 0;
        }
        groups += 2;
        break;
      }
      int len = i - start;
      if (len < 1 || len > 4) {
        return 0;
      }
      groups++;
      if (i == to) {
        break;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (compressed) {
          return 0;
        }
        compressed = true;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return 0;
      }
    }
    if (compressed ? groups > 7 : groups != 8) {
      return 0;
    }
    return groups;
  }
}
