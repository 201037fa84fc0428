package dev.veil.protect;

import dev.veil.detect.EntityType;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Derives surrogates and hashes from a {@link KeyedHash} of (purpose, tenant, entity type,
 * normalised value, attempt). Deterministic, so the same value gets the same surrogate in every
 * request of a tenant, on every node, with no lookup.
 *
 * <p>The attempt number resolves collisions within one request: when a surrogate is already taken
 * by a different value, the next attempt is derived. Which value keeps attempt 0 depends on the
 * order of the values in the request, which is deterministic for a given request.
 */
final class Surrogates {

  private static final byte PSEUDONYM = 'p';
  private static final byte HASH = 'h';
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final String[] FIRST = {
    "Alex", "Bea", "Cyril", "Dana", "Elio", "Fenna", "Gus", "Hedda", "Ivo", "Jule", "Kaspar",
    "Lioba", "Mats", "Nele", "Oskar", "Pia", "Quirin", "Rhea", "Sven", "Tilda", "Ugo", "Vera",
    "Wim", "Xenia", "Yann", "Zora", "Arno", "Brit", "Cleo", "Dario", "Edda", "Falk"
  };
  private static final String[] LAST = {
    "Ambler", "Birkett", "Corwin", "Dalby", "Eckley", "Farrow", "Gilmore", "Hadley", "Irvine",
    "Jessop", "Kilbride", "Lowther", "Marlow", "Nettles", "Oakley", "Pennock", "Quarles",
    "Rowntree", "Selby", "Thorley", "Upton", "Varley", "Wendover", "Yardley", "Ashdown",
    "Brackley", "Cotterill", "Dunmore", "Elsworth", "Fairlie", "Greaves", "Hollins"
  };
  private static final String[] DOMAINS = {"example.com", "example.net", "example.org"};

  private final KeyedHash mac;

  Surrogates(KeyedHash mac) {
    this.mac = Objects.requireNonNull(mac, "mac");
  }

  /** A token such as {@code [PERSON_7f3a2c]}. */
  String token(String tenant, EntityType type, String normalised, int attempt) {
    byte[] h = digest(PSEUDONYM, tenant, type, normalised, attempt);
    StringBuilder sb = new StringBuilder(type.name().length() + 9).append('[').append(type.name()).append('_');
    hex(h, 3, sb);
    return sb.append(']').toString();
  }

  /** A keyed, irreversible tag such as {@code <EMAIL_ADDRESS_3f9a1c2b>}. */
  String hash(String tenant, EntityType type, String normalised) {
    byte[] h = digest(HASH, tenant, type, normalised, 0);
    StringBuilder sb = new StringBuilder(type.name().length() + 11).append('<').append(type.name()).append('_');
    hex(h, 4, sb);
    return sb.append('>').toString();
  }

  /**
   * A format-preserving fake value for emails, phone numbers and person names, or {@code null}
   * for other types.
   */
  String synthetic(String tenant, EntityType type, String normalised, String original, int attempt) {
    return switch (type) {
      case EMAIL_ADDRESS, PHONE_NUMBER, PERSON -> {
        byte[] h = digest(PSEUDONYM, tenant, type, normalised, attempt);
        yield switch (type) {
          case EMAIL_ADDRESS -> fakeEmail(h);
          case PHONE_NUMBER -> fakePhone(h, original);
          default -> fakeName(h, original);
        };
      }
      default -> null;
    };
  }

  /**
   * The form under which two detected values count as the same value: emails and names
   * case-folded, phone and card numbers reduced to their digits, whitespace collapsed, Unicode
   * NFKC.
   */
  static String normalise(EntityType type, String value) {
    String v = (ascii(value) ? value : Normalizer.normalize(value, Normalizer.Form.NFKC)).strip();
    return switch (type) {
      case PHONE_NUMBER, CREDIT_CARD, US_SSN, UK_NHS, US_BANK_NUMBER -> keep(v, true);
      case IBAN_CODE, UK_NINO, MAC_ADDRESS -> keep(v, false).toUpperCase(Locale.ROOT);
      case SECRET, CRYPTO, URL -> v;
      default -> collapseWhitespace(v).toLowerCase(Locale.ROOT);
    };
  }

  /** ASCII text is its own NFKC form: no ASCII char decomposes or composes. */
  private static boolean ascii(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Each run of the regex class {@code \s} ({@code [ \t\n\x0B\f\r]}) becomes one space. */
  static String collapseWhitespace(String v) {
    StringBuilder sb = new StringBuilder(v.length());
    boolean inRun = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f'
          || c == '\r';
      if (!space) {
        sb.append(c);
      } else if (!inRun) {
        sb.append(' ');
      }
      inRun = space;
    }
    return sb.toString();
  }

  private static String keep(String v, boolean digitsOnly) {
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (digitsOnly ? (c >= '0' && c <= '9') || (c == '+' && sb.isEmpty()) : Character.isLetterOrDigit(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private byte[] digest(byte purpose, String tenant, EntityType type, String normalised, int attempt) {
    byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
    byte[] y = type.name().getBytes(StandardCharsets.US_ASCII);
    byte[] v = normalised.getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[1 + 4 + t.length + 4 + y.length + 4 + v.length + 4];
    int p = 0;
    in[p++] = purpose;
    p = put(in, p, t);
    p = put(in, p, y);
    p = put(in, p, v);
    putInt(in, p, attempt);
    byte[] out = mac.mac(in);
    if (out == null || out.length < 8) {
      throw new IllegalStateException("KeyedHash must return at least 8 bytes");
    }
    return out;
  }

  private static int put(byte[] dst, int p, byte[] src) {
    putInt(dst, p, src.length);
    System.arraycopy(src, 0, dst, p + 4, src.length);
    return p + 4 + src.length;
  }

  private static void putInt(byte[] dst, int p, int v) {
    dst[p] = (byte) (v >>> 24);
    dst[p + 1] = (byte) (v >>> 16);
    dst[p + 2] = (byte) (v >>> 8);
    dst[p + 3] = (byte) v;
  }

  private static void hex(byte[] h, int bytes, StringBuilder sb) {
    for (int i = 0; i < bytes; i++) {
      sb.append(HEX[(h[i] >> 4) & 0xf]).append(HEX[h[i] & 0xf]);
    }
  }

  private static String fakeEmail(byte[] h) {
    return FIRST[(h[0] & 0xff) % FIRST.length].toLowerCase(Locale.ROOT) + '.'
        + LAST[(h[1] & 0xff) % LAST.length].toLowerCase(Locale.ROOT)
        + (10 + (h[2] & 0xff) % 90) + '@' + DOMAINS[(h[3] & 0xff) % DOMAINS.length];
  }

  private static String fakeName(byte[] h, String original) {
    String first = FIRST[(h[0] & 0xff) % FIRST.length];
    String last = LAST[(h[1] & 0xff) % LAST.length];
    return original.strip().indexOf(' ') < 0 ? first : first + ' ' + last;
  }

  /** Same punctuation and length; a leading {@code +} and country code are kept, digits replaced. */
  private static String fakePhone(byte[] h, String original) {
    StringBuilder sb = new StringBuilder(original.length());
    int keep = 0;
    if (original.startsWith("+")) {
      keep = 1;
      while (keep < original.length() && keep < 3 && Character.isDigit(original.charAt(keep))) {
        keep++;
      }
    }
    sb.append(original, 0, keep);
    int d = 0;
    for (int i = keep; i < original.length(); i++) {
      char c = original.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append((char) ('0' + ((h[d % h.length] & 0xff) + d / h.length) % 10));
        d++;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
