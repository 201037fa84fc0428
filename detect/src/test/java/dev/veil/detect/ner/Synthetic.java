package dev.veil.detect.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Generates Presidio-style synthetic sentences with gold spans from {@link Templates}, the shipped
 * name table and gazetteers, and generators for structured values (valid Luhn card numbers, IBANs
 * with valid check digits, SSNs, phones, dates, IPs, URLs).
 *
 * <p>Names, streets and templates are split into a training and an evaluation half, so that held-out
 * data measures generalisation rather than memory.
 */
final class Synthetic {

  private static final String[] TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Dr", "Miss", "Sir"};
  private static final String[] STREET_WORDS = {"Main", "Oak", "Maple", "Pine", "Cedar", "Elm",
      "Washington", "Lake", "Hill", "Park", "Sunset", "Highland", "Church", "Mill", "River", "Spring",
      "Ridge", "Forest", "Meadow", "Willow", "Cherry", "Walnut", "Chestnut", "Lincoln", "Jefferson",
      "Madison", "Franklin", "Jackson", "Center", "Market", "Broad", "Front", "Water", "School",
      "Union", "Valley", "Prospect", "Railroad", "Railway", "Victoria", "King", "Queen", "High",
      "Station", "Green", "Manor", "Grove", "Bridge", "Harbor", "Cambridge", "Oxford"};
  private static final String[] US_TYPES = {"St", "St.", "Street", "Ave", "Ave.", "Avenue", "Rd",
      "Road", "Blvd", "Boulevard", "Ln", "Lane", "Dr", "Drive", "Way", "Ct", "Court", "Pl", "Place",
      "Terrace", "Circle", "Parkway", "Pkwy", "Highway", "Trail", "Square", "Loop", "Alley",
      "Crossing", "Ridge", "Route", "Pike", "Plaza", "Row", "Run", "Path", "Point", "Ways",
      "Mountains", "Harbors", "Stravenue", "Gardens", "Estates", "Heights", "Junction", "Springs",
      "Meadows", "Crescent", "Glen", "Falls", "Hills", "Shores", "Villages", "Underpass", "Viaduct"};
  private static final String[] UK_TYPES = {"Road", "Street", "Lane", "Close", "Avenue", "Drive",
      "Gardens", "Crescent", "Way", "Grove", "Mews", "Terrace", "Place", "Hill", "Walk", "Row"};
  private static final String[] UK_TOWNS = {"London", "Manchester", "Leeds", "Bristol", "Oxford",
      "Reading", "Bath", "York", "Cardiff", "Edinburgh", "Glasgow", "Norwich", "Brighton", "Exeter"};
  private static final String[] UNITS = {"Apt", "Apt.", "Suite", "Unit", "Ste", "#", "Apartment", "Floor"};
  private static final String[] CITY_PREFIX = {"North", "South", "East", "West", "New", "Lake", "Port", "Fort", "Mount", "Saint"};
  private static final String[] CITY_SUFFIX = {"town", "ton", "land", "ville", "berg", "burgh",
      "borough", "bury", "view", "port", "mouth", "stad", "furt", "chester", "fort", "haven", "side", "shire", "field", "wood"};
  private static final String[] ORG_SUFFIX = {"Inc.", "Inc", "LLC", "Ltd", "Ltd.", "PLC", "Group",
      "and Sons", "Corp.", "Corporation", "GmbH", "Co.", "Partners", "Holdings", "Associates", "AG", "S.A."};
  private static final String[] ORG_WORDS = {"Global", "United", "Pacific", "Atlantic", "Summit",
      "Pioneer", "Blue Ridge", "Silver Lake", "Northwind", "Apex", "Vertex", "Quantum", "Evergreen",
      "Redwood", "Horizon", "Sterling", "Beacon", "Keystone", "Liberty", "Frontier", "Acme", "Bright"};
  private static final String[] ORG_KINDS = {"Technologies", "Systems", "Solutions", "Logistics",
      "Consulting", "Capital", "Industries", "Foods", "Energy", "Labs", "Media", "Pharmaceuticals",
      "Insurance", "Health", "Software", "Analytics", "Dynamics", "Robotics", "Bank", "Realty"};
  private static final String[] EMAIL_DOMAINS = {"example.com", "gmail.com", "yahoo.com",
      "outlook.com", "hotmail.com", "company.org", "mail.net", "proton.me"};
  private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December"};

  private static final String[] FILLER = {"said", "asked", "told", "thinks", "wrote", "replied",
      "sent", "called", "saw", "knows", "met", "found", "likes", "wants", "needs", "helped", "paid",
      "owes", "emailed", "texted", "invited", "visited", "left", "joined", "signed", "approved",
      "rejected", "reviewed", "mentioned", "thanked", "with", "and", "for", "from", "about", "to",
      "by", "via", "per", "than", "like", "after", "before", "because", "although", "while",
      "the", "a", "this", "our", "their", "my", "your", "new", "old", "report", "meeting", "note",
      "file", "order", "account", "holder", "owner", "number", "cardholder", "recipient", "sender",
      "author", "reviewer", "speaker", "guest", "host", "driver", "buyer", "seller", "agent",
      "today", "yesterday", "again", "also", "only", "really", "maybe", "please", "okay", "so",
      "it's", "this is", "here is", "that was", "according to", "cc", "attn", "re", "fwd", "ok,"};
  private final Random rnd;
  private final boolean eval;
  private final List<String> given = new ArrayList<>();
  private final List<String> surnames = new ArrayList<>();
  private final List<String> cities = new ArrayList<>();
  private final List<String> countries = new ArrayList<>();
  private final List<String> states = new ArrayList<>();
  private final List<String> stateCodes = new ArrayList<>();
  private final List<String> regions = new ArrayList<>();
  private final List<String> orgs = new ArrayList<>();
  private final List<String> templates;

  Synthetic(long seed, boolean eval) {
    this.rnd = new Random(seed);
    this.eval = eval;
    this.templates = eval ? Templates.EVAL : Templates.TRAIN;
    try {
      loadNames();
      loadPlaces();
      try (BufferedReader r = resource("organizations.txt", false)) {
        r.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(orgs::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean inHalf(String s) {
    return (Math.floorMod(s.hashCode(), 5) == 0) == eval;
  }

  private void loadNames() throws IOException {
    try (BufferedReader r = resource("names.tsv.gz", true)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (!inHalf(f[0])) {
          continue;
        }
        int damp = f[3].equals("1") ? 3 : 0;
        int g = Integer.parseInt(f[1]) - damp;
        int s = Integer.parseInt(f[2]) - damp;
        // Weighted by level so that common names dominate but rare ones still appear.
        for (int k = 0; k < Math.max(0, g - 9); k++) {
          given.add(f[0]);
        }
        for (int k = 0; k < Math.max(0, s - 9); k++) {
          surnames.add(f[0]);
        }
      }
    }
  }

  private void loadPlaces() throws IOException {
    try (BufferedReader r = resource("places.tsv", false)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f[1].length() <= 3) {
          continue;
        }
        switch (f[0]) {
          case "city" -> cities.add(f[1]);
          case "country" -> countries.add(f[1]);
          case "state" -> {
            states.add(f[1]);
            stateCodes.add(f[2]);
          }
          default -> regions.add(f[1]);
        }
      }
    }
  }

  private static BufferedReader resource(String name, boolean gzip) throws IOException {
    InputStream in = Lexicon.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing resource " + name);
    }
    return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  /** One example from a random template; a share of them entirely lower- or upper-cased. */
  Example next() {
    String template = pick(templates);
    StringBuilder sb = new StringBuilder();
    List<Example.Span> spans = new ArrayList<>();
    Templates.expand(template, sb, slot -> fill(slot, sb, spans));
    String text = sb.toString();
    int roll = rnd.nextInt(100);
    if (roll < 8) {
      text = text.toLowerCase(Locale.ROOT);
    } else if (roll < 12) {
      text = text.toUpperCase(Locale.ROOT);
    }
    return new Example(text, spans);
  }

  private void span(StringBuilder sb, List<Example.Span> spans, String type, String value) {
    int s = sb.length();
    sb.append(value);
    spans.add(new Example.Span(type, s, sb.length()));
  }

  private void fill(String slot, StringBuilder sb, List<Example.Span> spans) {
    switch (slot) {
      case "PERSON" -> span(sb, spans, "PERSON", person());
      case "FIRST" -> span(sb, spans, "PERSON", pick(given));
      case "LAST" -> span(sb, spans, "PERSON", pick(surnames));
      case "TITLE" -> sb.append(pick(TITLES));
      case "CITY" -> span(sb, spans, "LOCATION", city());
      case "COUNTRY" -> span(sb, spans, "LOCATION", pick(countries));
      case "STATE" -> span(sb, spans, "LOCATION", pick(states));
      case "LOC" -> span(sb, spans, "LOCATION", rnd.nextBoolean() ? city() : pick(regions));
      case "ORG" -> span(sb, spans, "ORGANIZATION", org());
      case "ADDRESS" -> span(sb, spans, "STREET_ADDRESS", address());
      case "EMAIL" -> span(sb, spans, "EMAIL_ADDRESS", email());
      case "PHONE" -> span(sb, spans, "PHONE_NUMBER", phone());
      case "CC" -> span(sb, spans, "CREDIT_CARD", creditCard());
      case "IBAN" -> span(sb, spans, "IBAN_CODE", iban());
      case "SSN" -> span(sb, spans, "US_SSN", ssn());
      case "DATE" -> span(sb, spans, "DATE_TIME", date());
      case "TIME" -> span(sb, spans, "DATE_TIME", time());
      case "IP" -> span(sb, spans, "IP_ADDRESS", ip());
      case "URL" -> span(sb, spans, "URL", url());
      case "W" -> sb.append(pick(FILLER));
      case "NUM" -> sb.append(1000 + rnd.nextInt(90000));
      default -> throw new IllegalArgumentException("unknown slot " + slot);
    }
  }

  /** A given name from this generator's half of the names. */
  String first() {
    return pick(given);
  }

  /** A surname from this generator's half of the names. */
  String last() {
    return pick(surnames);
  }

  String country() {
    return pick(countries);
  }

  String state() {
    return pick(states);
  }

  Random random() {
    return rnd;
  }

  String person() {
    int r = rnd.nextInt(100);
    String first = pick(given);
    String last = pick(surnames);
    if (r < 62) {
      return first + " " + last;
    } else if (r < 72) {
      return first + " " + (char) ('A' + rnd.nextInt(26)) + ". " + last;
    } else if (r < 80) {
      return first + " " + pick(given) + " " + last;
    } else if (r < 84) {
      return first + " " + last + "-" + pick(surnames);
    } else if (r < 88) {
      return first + " " + last + (rnd.nextBoolean() ? " Jr." : " III");
    } else if (r < 92) {
      return last + ", " + first;
    }
    return first;
  }

  String city() {
    if (rnd.nextInt(10) < 3) {
      String base = rnd.nextBoolean() ? pick(given) : pick(surnames);
      return switch (rnd.nextInt(3)) {
        case 0 -> pick(CITY_PREFIX) + " " + base + (rnd.nextBoolean() ? pick(CITY_SUFFIX) : "");
        case 1 -> base + pick(CITY_SUFFIX);
        default -> pick(CITY_PREFIX) + " " + base;
      };
    }
    return pick(cities);
  }

  String org() {
    int r = rnd.nextInt(100);
    String last = pick(surnames);
    if (r < 40) {
      return pick(orgs);
    } else if (r < 60) {
      return last + " " + pick(ORG_SUFFIX);
    } else if (r < 68) {
      return last + "-" + pick(surnames);
    } else if (r < 74) {
      return last + ", " + pick(surnames) + " and " + pick(surnames);
    } else if (r < 80) {
      return last + " & " + pick(surnames) + (rnd.nextBoolean() ? " " + pick(ORG_SUFFIX) : "");
    } else if (r < 86) {
      return pick(ORG_WORDS) + " " + pick(ORG_KINDS) + (rnd.nextBoolean() ? " " + pick(ORG_SUFFIX) : "");
    } else if (r < 91) {
      return "University of " + (rnd.nextBoolean() ? pick(states) : pick(cities));
    } else if (r < 95) {
      return pick(cities) + " " + (rnd.nextBoolean() ? "General Hospital" : "Medical Center");
    }
    return "Bank of " + pick(cities);
  }

  private String streetName() {
    int r = rnd.nextInt(10);
    if (r < 4) {
      return pick(surnames);
    } else if (r < 5) {
      int n = 1 + rnd.nextInt(60);
      String sfx = n % 10 == 1 && n != 11 ? "st" : n % 10 == 2 && n != 12 ? "nd" : n % 10 == 3 && n != 13 ? "rd" : "th";
      return n + sfx;
    } else if (r < 6) {
      return pick(given) + " " + pick(surnames);
    }
    return pick(STREET_WORDS);
  }

  String address() {
    int r = rnd.nextInt(100);
    if (r < 6) {
      return (rnd.nextBoolean() ? "PO Box " : "P.O. Box ") + (1 + rnd.nextInt(9999)) + ", " + city() + ", "
          + pick(stateCodes) + " " + zip();
    }
    if (r < 18) {
      String pc = "" + (char) ('A' + rnd.nextInt(26)) + (rnd.nextBoolean() ? (char) ('A' + rnd.nextInt(26)) : "")
          + (1 + rnd.nextInt(20)) + " " + rnd.nextInt(10) + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26));
      return (1 + rnd.nextInt(300)) + " " + pick(STREET_WORDS) + " " + pick(UK_TYPES) + ", " + pick(UK_TOWNS) + " " + pc;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(rnd.nextInt(10) < 2 ? String.format("%04d", rnd.nextInt(10000)) : String.valueOf(1 + rnd.nextInt(r < 50 ? 999 : 99999)));
    if (rnd.nextInt(10) == 0) {
      sb.append(' ').append(pick(new String[] {"N", "S", "E", "W", "North", "South"}));
    }
    sb.append(' ').append(streetName()).append(' ').append(pick(US_TYPES));
    if (rnd.nextInt(10) < 3) {
      String unit = pick(UNITS);
      sb.append(rnd.nextBoolean() ? ", " : " ").append(unit).append(unit.equals("#") ? "" : " ")
          .append(1 + rnd.nextInt(999)).append(rnd.nextInt(4) == 0 ? String.valueOf((char) ('A' + rnd.nextInt(6))) : "");
    }
    int tail = rnd.nextInt(10);
    if (tail < 7) {
      sb.append(rnd.nextInt(4) == 0 ? "\n" : ", ").append(city()).append(", ")
          .append(rnd.nextInt(5) == 0 ? pick(states) : pick(stateCodes)).append(' ').append(zip());
    } else if (tail < 8) {
      sb.append(", ").append(city());
    }
    return sb.toString();
  }

  private String zip() {
    String z = String.format("%05d", 1000 + rnd.nextInt(98999));
    return rnd.nextInt(6) == 0 ? z + "-" + String.format("%04d", rnd.nextInt(10000)) : z;
  }

  String email() {
    String first = pick(given).toLowerCase(Locale.ROOT);
    String last = pick(surnames).toLowerCase(Locale.ROOT);
    String local = switch (rnd.nextInt(4)) {
      case 0 -> first + "." + last;
      case 1 -> first.charAt(0) + last;
      case 2 -> first + rnd.nextInt(100);
      default -> first + "_" + last;
    };
    return local + "@" + pick(EMAIL_DOMAINS);
  }

  String phone() {
    int a = 201 + rnd.nextInt(700);
    int b = 200 + rnd.nextInt(700);
    int c = rnd.nextInt(10000);
    return switch (rnd.nextInt(6)) {
      case 0 -> String.format("(%d) %d-%04d", a, b, c);
      case 1 -> String.format("%d-%d-%04d", a, b, c);
      case 2 -> String.format("+1 %d %d %04d", a, b, c);
      case 3 -> String.format("%d.%d.%04d", a, b, c);
      case 4 -> String.format("+44 20 7946 %04d", c);
      default -> String.format("+1-%d-%d-%04d", a, b, c);
    };
  }

  String creditCard() {
    String prefix;
    int len;
    switch (rnd.nextInt(4)) {
      case 0 -> { prefix = "4"; len = 16; }
      case 1 -> { prefix = String.valueOf(51 + rnd.nextInt(5)); len = 16; }
      case 2 -> { prefix = rnd.nextBoolean() ? "34" : "37"; len = 15; }
      default -> { prefix = "6011"; len = 16; }
    }
    StringBuilder d = new StringBuilder(prefix);
    while (d.length() < len - 1) {
      d.append(rnd.nextInt(10));
    }
    d.append(luhnCheckDigit(d));
    String digits = d.toString();
    if (len == 16 && rnd.nextBoolean()) {
      String sep = rnd.nextBoolean() ? " " : "-";
      return digits.substring(0, 4) + sep + digits.substring(4, 8) + sep + digits.substring(8, 12) + sep + digits.substring(12);
    }
    return digits;
  }

  static int luhnCheckDigit(CharSequence payload) {
    int sum = 0;
    boolean dbl = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int v = payload.charAt(i) - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  String iban() {
    String country;
    StringBuilder bban = new StringBuilder();
    switch (rnd.nextInt(4)) {
      case 0 -> { country = "DE"; digits(bban, 18); }
      case 1 -> { country = "GB"; bban.append("NWBK"); digits(bban, 14); }
      case 2 -> { country = "FR"; digits(bban, 23); }
      default -> { country = "NL"; bban.append("ABNA"); digits(bban, 10); }
    }
    String check = ibanCheck(country, bban.toString());
    String iban = country + check + bban;
    if (rnd.nextBoolean()) {
      StringBuilder g = new StringBuilder();
      for (int i = 0; i < iban.length(); i += 4) {
        if (i > 0) {
          g.append(' ');
        }
        g.append(iban, i, Math.min(iban.length(), i + 4));
      }
      return g.toString();
    }
    return iban;
  }

  private void digits(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(rnd.nextInt(10));
    }
  }

  static String ibanCheck(String country, String bban) {
    StringBuilder numeric = new StringBuilder();
    for (char c : (bban + country + "00").toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    return String.format("%02d", check);
  }

  String ssn() {
    int area = 1 + rnd.nextInt(665);
    int group = 1 + rnd.nextInt(99);
    int serial = 1 + rnd.nextInt(9999);
    return String.format(rnd.nextInt(5) == 0 ? "%03d %02d %04d" : "%03d-%02d-%04d", area, group, serial);
  }

  String date() {
    int y = 1950 + rnd.nextInt(75);
    int m = 1 + rnd.nextInt(12);
    int d = 1 + rnd.nextInt(28);
    return switch (rnd.nextInt(5)) {
      case 0 -> String.format("%02d/%02d/%d", m, d, y);
      case 1 -> String.format("%d-%02d-%02d", y, m, d);
      case 2 -> MONTHS[m - 1] + " " + d + ", " + y;
      case 3 -> d + " " + MONTHS[m - 1] + " " + y;
      default -> MONTHS[m - 1] + " " + y;
    };
  }

  /** A clock time as people write it: "10 am", "9:30 pm", "14:05", "08:45:10". */
  String time() {
    int h = 1 + rnd.nextInt(12);
    int m = rnd.nextInt(12) * 5;
    return switch (rnd.nextInt(4)) {
      case 0 -> h + (rnd.nextBoolean() ? " am" : " pm");
      case 1 -> String.format("%d:%02d %s", h, m, rnd.nextBoolean() ? "am" : "pm");
      case 2 -> String.format("%02d:%02d", h + 11, m);
      default -> String.format("%02d:%02d:%02d", h + 5, m, rnd.nextInt(60));
    };
  }

  String ip() {
    if (rnd.nextInt(5) == 0) {
      return String.format("2001:db8:%x:%x::%x", rnd.nextInt(65536), rnd.nextInt(65536), 1 + rnd.nextInt(65535));
    }
    return (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
  }

  String url() {
    String host = pick(surnames).toLowerCase(Locale.ROOT) + pick(new String[] {".com", ".org", ".io", ".net", ".co.uk"});
    return (rnd.nextBoolean() ? "https://" : "http://www.") + host + (rnd.nextBoolean() ? "/account/" + rnd.nextInt(1000) : "");
  }
}
