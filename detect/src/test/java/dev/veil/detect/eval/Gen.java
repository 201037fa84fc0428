package dev.veil.detect.eval;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Seeded random building blocks for the generated evaluation sets, and a builder that records
 * where each inserted value lands so the gold spans are exact by construction.
 */
final class Gen {

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String B62 = DIGITS + UPPER + LOWER;
  static final String URLSAFE = B62 + "_-";
  static final String B64 = UPPER + LOWER + DIGITS + "+/";
  static final String HEX = "0123456789abcdef";

  final Random random;

  Gen(long seed) {
    this.random = new Random(seed);
  }

  String rnd(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  int between(int lo, int hiInclusive) {
    return lo + random.nextInt(hiInclusive - lo + 1);
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  String digits(int n) {
    return rnd(DIGITS, n);
  }

  String uuid() {
    return rnd(HEX, 8) + "-" + rnd(HEX, 4) + "-4" + rnd(HEX, 3) + "-a" + rnd(HEX, 3) + "-"
        + rnd(HEX, 12);
  }

  /** 30 random base62 chars and their CRC-32 in 6 base62 digits (GitHub / npm token tail). */
  String crcToken(String prefix) {
    String body = rnd(B62, 30);
    CRC32 crc = new CRC32();
    for (char c : body.toCharArray()) {
      crc.update(c);
    }
    long v = crc.getValue();
    char[] tail = new char[6];
    for (int i = 5; i >= 0; i--) {
      tail[i] = B62.charAt((int) (v % 62));
      v /= 62;
    }
    return prefix + body + new String(tail);
  }

  String base64Url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
  }

  String pemBody(int lines) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      b.append(rnd(B64, 64)).append('\n');
    }
    return b.append(rnd(B64, 20)).append("==\n").toString();
  }

  /** Builds one text piece by piece, recording labelled pieces as gold spans. */
  static final class Text {
    private final StringBuilder b = new StringBuilder();
    private final List<GoldSpan> spans = new ArrayList<>();

    Text add(String plain) {
      b.append(plain);
      return this;
    }

    Text add(String label, String value) {
      spans.add(new GoldSpan(label, b.length(), b.length() + value.length()));
      b.append(value);
      return this;
    }

    Sample sample() {
      return new Sample(b.toString(), spans);
    }
  }

  /** Fills "{}" holes of {@code template} with labelled values in order. */
  static Sample fill(String template, String label, String... values) {
    Text t = new Text();
    int from = 0;
    for (String v : values) {
      int hole = template.indexOf("{}", from);
      t.add(template.substring(from, hole)).add(label, v);
      from = hole + 2;
    }
    return t.add(template.substring(from)).sample();
  }
}
