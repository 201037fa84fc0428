package dev.veil.detect.eval;

import static dev.veil.detect.eval.Gen.HEX;
import static dev.veil.detect.eval.Gen.LOWER;
import static dev.veil.detect.eval.Gen.UPPER;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The generated structured-PII evaluation set: Presidio-style sentences, each type in several
 * templates (labels use Presidio's names), values valid by construction (Luhn, mod-97, mod-11,
 * Base58Check, bech32), plus sentences with look-alike numbers and words that must not be found.
 */
final class StructuredEvalSet {

  private static final int PER_TYPE = 30;
  private static final List<String> FIRST = List.of("anna", "john", "li", "maria", "omar",
      "priya", "sven", "zoe", "diego", "fatima");
  private static final List<String> LAST = List.of("smith", "nguyen", "garcia", "muller",
      "okafor", "kowalski", "tanaka", "dubois", "patel", "rossi");
  private static final List<String> MONTHS = List.of("January", "February", "March", "April",
      "May", "June", "July", "August", "September", "October", "November", "December");

  private StructuredEvalSet() {}

  static List<Sample> generate(long seed) {
    Gen g = new Gen(seed);
    List<Sample> out = new ArrayList<>();
    add(out, g, "EMAIL_ADDRESS", () -> email(g), List.of(
        "Please reply to {} with the signed form.",
        "My email is {}",
        "Contact: {}, {}",
        "cc {} on the thread"));
    add(out, g, "PHONE_NUMBER", () -> phone(g), List.of(
        "You can reach me on {} after 5.",
        "Phone: {}",
        "Call {} or text me.",
        "His mobile number is {}."));
    add(out, g, "CREDIT_CARD", () -> card(g), List.of(
        "My card number is {} exp 09/27.",
        "Charge it to {}, please.",
        "credit card: {}",
        "I paid with card {} yesterday."));
    add(out, g, "IBAN_CODE", () -> iban(g), List.of(
        "Please transfer the deposit to IBAN {}.",
        "IBAN: {}",
        "Send it to {} when you can.",
        "Our account {} is at Bank West."));
    add(out, g, "US_SSN", () -> ssn(g), List.of(
        "My SSN is {}.",
        "social security number {}",
        "SSN: {}",
        "ssn {} dob unknown"));
    add(out, g, "US_PASSPORT", () -> g.between(1, 9) + g.digits(8), List.of(
        "My passport number is {}.",
        "passport: {}",
        "US passport {} expires soon."));
    add(out, g, "US_DRIVER_LICENSE", () -> g.rnd(UPPER, 1) + g.digits(7), List.of(
        "Driver license {} issued in CA.",
        "driver's licence: {}",
        "DL# {}"));
    add(out, g, "US_BANK_NUMBER", () -> g.between(1, 9) + g.digits(g.between(9, 11)), List.of(
        "Bank account {} at First National.",
        "account number: {}",
        "Please debit checking account {}."));
    add(out, g, "UK_NHS", () -> nhs(g), List.of(
        "NHS number {}",
        "Patient NHS no. {} was admitted.",
        "nhs: {}"));
    add(out, g, "UK_NINO", () -> nino(g), List.of(
        "My national insurance number is {}.",
        "NINO: {}",
        "NI number {} on the payslip."));
    add(out, g, "IP_ADDRESS", () -> ip(g), List.of(
        "The server at {} is down.",
        "Login attempt from {} was blocked.",
        "ping {}",
        "allowlist {} and {}"));
    add(out, g, "MAC_ADDRESS", () -> mac(g), List.of(
        "Device MAC {} joined the network.",
        "mac address: {}",
        "Block {} on the switch."));
    add(out, g, "URL", () -> url(g), List.of(
        "See {} for details.",
        "Download it from {}",
        "The docs ({}) explain it."));
    add(out, g, "DATE_TIME", () -> date(g), List.of(
        "The meeting is on {}.",
        "Born {} in Leeds.",
        "Deadline: {}",
        "We met on {} and again later."));
    add(out, g, "CRYPTO", () -> crypto(g), List.of(
        "Send the BTC to {}.",
        "wallet: {}",
        "My address is {} thanks."));
    for (String s : List.of(
        "Order #123456789 ships in 3-5 days.",
        "Room 1203 on floor 12, seats 40.",
        "The 2024.1 release notes are out.",
        "Total: 1,234.56 EUR incl. VAT.",
        "ISBN 978-3-16-148410-0 is the new edition.",
        "May I ask a question about march madness?",
        "Read setup.py and README.md first.",
        "use std::vector<int> and a ratio of 16:9.",
        "The score was 3-1 after 90 minutes.",
        "Version 10.2 fixed 35 bugs.",
        "Invoice 2024-0042 is paid.",
        "He ran 5km in 25 minutes.",
        "Tickets cost $45 each, 3 for $120.",
        "Chapter 12, page 204, line 7.",
        "The hash is deadbeefcafebabe.",
        "Population grew by 1234567 people.")) {
      out.add(new Sample(s, List.of()));
    }
    return out;
  }

  private static void add(List<Sample> out, Gen g, String label, Supplier<String> value,
      List<String> templates) {
    for (int i = 0; i < PER_TYPE; i++) {
      String t = templates.get(i % templates.size());
      int holes = (t.length() - t.replace("{}", "").length()) / 2;
      String[] values = new String[holes];
      for (int h = 0; h < holes; h++) {
        values[h] = value.get();
      }
      out.add(Gen.fill(t, label, values));
    }
  }

  private static String email(Gen g) {
    String local = g.pick(FIRST) + g.pick(List.of(".", "_", "")) + g.pick(LAST)
        + g.pick(List.of("", "", g.digits(2)));
    return local + "@" + g.pick(List.of("example.com", "mail.acme.co.uk", "uni-bonn.de",
        "corp.example.org", "gmail.com"));
  }

  private static String phone(Gen g) {
    return switch (g.random.nextInt(7)) {
      case 0 -> "(" + g.pick(List.of("212", "415", "617", "312")) + ") " + g.between(2, 9)
          + g.digits(2) + "-" + g.digits(4);
      case 1 -> "+1 " + g.pick(List.of("646", "202", "303")) + "-" + g.between(2, 9)
          + g.digits(2) + "-" + g.digits(4);
      case 2 -> "+44 20 7" + g.digits(3) + " " + g.digits(4);
      case 3 -> "07700 900" + g.digits(3);
      case 4 -> "+49 30 " + g.between(2, 9) + g.digits(7);
      case 5 -> "+33 1 " + g.digits(2) + " " + g.digits(2) + " " + g.digits(2) + " "
          + g.digits(2);
      default -> "+91 9" + g.digits(4) + " " + g.digits(5);
    };
  }

  private static String card(Gen g) {
    String prefix = g.pick(List.of("4", "51", "55", "2221", "34", "37", "6011"));
    int len = prefix.startsWith("3") ? 15 : 16;
    String body = prefix + g.digits(len - prefix.length() - 1);
    for (int d = 0; d <= 9; d++) {
      if (luhn(body + d)) {
        body = body + d;
        break;
      }
    }
    if (g.random.nextBoolean()) {
      return body;
    }
    String sep = g.pick(List.of(" ", "-"));
    if (len == 15) {
      return body.substring(0, 4) + sep + body.substring(4, 10) + sep + body.substring(10);
    }
    return body.substring(0, 4) + sep + body.substring(4, 8) + sep + body.substring(8, 12) + sep
        + body.substring(12);
  }

  private static boolean luhn(String s) {
    int sum = 0;
    boolean dbl = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      int v = s.charAt(i) - '0';
      if (dbl) {
        v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static String iban(Gen g) {
    String country = g.pick(List.of("DE", "GB", "FR", "NL", "ES"));
    String bban = switch (country) {
      case "DE" -> g.digits(18);
      case "GB" -> g.rnd(UPPER, 4) + g.digits(14);
      case "FR" -> g.digits(23);
      case "NL" -> g.rnd(UPPER, 4) + g.digits(10);
      default -> g.digits(20);
    };
    String numeric = toDigits(bban + country + "00");
    int check = 98 - new BigInteger(numeric).mod(BigInteger.valueOf(97)).intValue();
    String iban = country + (check < 10 ? "0" : "") + check + bban;
    if (g.random.nextBoolean()) {
      return iban;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return b.toString();
  }

  private static String toDigits(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return b.toString();
  }

  private static String ssn(Gen g) {
    int area;
    do {
      area = g.between(1, 899);
    } while (area == 666);
    return String.format("%03d-%02d-%04d", area, g.between(1, 99), g.between(1, 9999));
  }

  private static String nhs(Gen g) {
    while (true) {
      String nine = g.between(1, 9) + g.digits(8);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (nine.charAt(i) - '0') * (10 - i);
      }
      int check = 11 - sum % 11;
      if (check == 11) {
        check = 0;
      }
      if (check != 10) {
        String n = nine + check;
        return n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
      }
    }
  }

  private static String nino(Gen g) {
    String first = "ABCEGHJKLMNOPRSTWXYZ";
    String second = "ABCEGHJKLMNPRSTWXYZ";
    String p;
    do {
      p = g.rnd(first, 1) + g.rnd(second, 1);
    } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(p));
    String d = g.digits(6);
    String suffix = g.rnd("ABCD", 1);
    return g.random.nextBoolean() ? p + d + suffix
        : p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " "
            + suffix;
  }

  private static String ip(Gen g) {
    return switch (g.random.nextInt(4)) {
      case 0, 1 -> g.between(1, 223) + "." + g.between(0, 255) + "." + g.between(0, 255) + "."
          + g.between(1, 254);
      case 2 -> "2001:db8:" + Integer.toHexString(g.between(1, 65535)) + "::"
          + Integer.toHexString(g.between(1, 65535));
      default -> "fe80::" + g.rnd(HEX, 4) + ":" + g.rnd(HEX, 4) + ":" + g.rnd(HEX, 4) + ":"
          + g.rnd(HEX, 4);
    };
  }

  private static String mac(Gen g) {
    String sep = g.pick(List.of(":", "-"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(g.rnd(HEX.toUpperCase(), 2));
    }
    return b.toString();
  }

  private static String url(Gen g) {
    String host = g.pick(List.of("acme", "shop-online", "myblog", "status", "intranet"))
        + "." + g.pick(List.of("com", "org", "io", "de", "co.uk"));
    return switch (g.random.nextInt(3)) {
      case 0 -> "https://" + host + "/" + g.rnd(LOWER, 6) + "?id=" + g.digits(4);
      case 1 -> "http://www." + host + "/" + g.rnd(LOWER, 5) + "/" + g.rnd(LOWER, 4) + ".html";
      default -> "www." + host;
    };
  }

  private static String date(Gen g) {
    int day = g.between(1, 28);
    int month = g.between(1, 12);
    int year = g.between(1950, 2030);
    String mon = MONTHS.get(month - 1);
    return switch (g.random.nextInt(8)) {
      case 0 -> String.format("%04d-%02d-%02d", year, month, day);
      case 1 -> month + "/" + day + "/" + year;
      case 2 -> String.format("%02d.%02d.%04d", day, month, year);
      case 3 -> mon + " " + day + ", " + year;
      case 4 -> day + " " + mon + " " + year;
      case 5 -> day + (day == 1 || day == 21 ? "st" : day == 2 || day == 22 ? "nd"
          : day == 3 || day == 23 ? "rd" : "th") + " of " + mon + " " + year;
      case 6 -> String.format("%04d-%02d-%02dT%02d:%02d:00Z", year, month, day,
          g.between(0, 23), g.between(0, 59));
      default -> mon.substring(0, 3) + " " + day + ", " + year + " at " + g.between(1, 12) + ":"
          + String.format("%02d", g.between(0, 59)) + " " + g.pick(List.of("am", "pm"));
    };
  }

  private static String crypto(Gen g) {
    return switch (g.random.nextInt(4)) {
      case 0 -> base58Check(0x00, g);
      case 1 -> base58Check(0x05, g);
      case 2 -> bech32(g);
      default -> "0x" + g.rnd(HEX, 40);
    };
  }

  private static String base58Check(int version, Gen g) {
    byte[] payload = new byte[25];
    payload[0] = (byte) version;
    for (int i = 1; i < 21; i++) {
      payload[i] = (byte) g.random.nextInt(256);
    }
    byte[] h = sha256(sha256(java.util.Arrays.copyOf(payload, 21)));
    System.arraycopy(h, 0, payload, 21, 4);
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    BigInteger n = new BigInteger(1, payload);
    StringBuilder b = new StringBuilder();
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(58));
      b.append(alphabet.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (byte x : payload) {
      if (x != 0) {
        break;
      }
      b.append('1');
    }
    return b.reverse().toString();
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  private static int polymod(int[] values) {
    int chk = 1;
    for (int v : values) {
      int b = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((b >>> i) & 1) != 0) {
          chk ^= GEN[i];
        }
      }
    }
    return chk;
  }

  /** A bc1 address: witness v0 (32 data symbols, bech32) or v1 (52 symbols, bech32m). */
  private static String bech32(Gen g) {
    boolean v1 = g.random.nextBoolean();
    int n = v1 ? 52 : 32;
    int[] data = new int[1 + n];
    data[0] = v1 ? 1 : 0;
    for (int i = 1; i <= n; i++) {
      data[i] = g.random.nextInt(32);
    }
    int[] values = new int[5 + data.length + 6];
    values[0] = 'b' >> 5;
    values[1] = 'c' >> 5;
    values[2] = 0;
    values[3] = 'b' & 31;
    values[4] = 'c' & 31;
    System.arraycopy(data, 0, values, 5, data.length);
    int mod = polymod(values) ^ (v1 ? 0x2bc830a3 : 1);
    StringBuilder b = new StringBuilder("bc1");
    for (int d : data) {
      b.append(BECH32.charAt(d));
    }
    for (int i = 0; i < 6; i++) {
      b.append(BECH32.charAt((mod >>> (5 * (5 - i))) & 31));
    }
    return b.toString();
  }
}
