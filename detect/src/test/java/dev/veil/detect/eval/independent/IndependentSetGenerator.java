package dev.veil.detect.eval.independent;

import dev.veil.detect.eval.GoldSpan;
import dev.veil.detect.eval.PresidioDataset;
import dev.veil.detect.eval.Sample;
import dev.veil.detect.eval.independent.LocaleData.Country;
import dev.veil.detect.eval.independent.LocaleData.NameLocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a labelled evaluation set that owes nothing to the detector: a second, independent
 * generator of the text users send to a chatbot, in Presidio's format.
 *
 * <p><b>Independence.</b> The templates ({@code templates.txt} beside this class) were written
 * from what people paste into a chat prompt (emails to draft, tickets, CRM and HR notes, intake
 * forms, transcripts, CSV and JSON, social posts), before any tuning and without reading the
 * detector's code or its own generators. They are never changed afterwards to fit the detector:
 * a template may only be fixed where its gold labels are wrong by the conventions below. Names,
 * streets, cities, postcodes, phone numbers and companies come from datafaker's locale files
 * ({@link LocaleData}), not from the tables the detector was built from.
 *
 * <p><b>Labels.</b> Presidio's entity names, and what a careful annotator would mark: a full
 * postal address is one STREET_ADDRESS span (its postcode, city and country inside it); a
 * postcode on its own is ZIP_CODE; an honorific stays outside a PERSON span; AGE covers the
 * number and its unit words ("46-year-old", "79 years old"), only the number after "aged";
 * DATE_TIME covers dates, clock times and relative days ("next Tuesday"); NRP covers
 * nationalities, religions and political groups. Product names, capitalised common words and
 * years that are version numbers or titles get no label.
 *
 * <p><b>Splits.</b> Seeds 1-99 may be read while developing or training; seeds 1000 and above are
 * the evaluation split, which no tuning reads.
 *
 * <p>Usage: {@code IndependentSetGenerator <out.json> [count] [seed]}.
 */
public final class IndependentSetGenerator {

  private static final Pattern SLOT =
      Pattern.compile("\\{([A-Z_]+)(?:#(\\d))?(?::(lc|uc|cap))?}");

  /** The samples, and which name locales and address countries they drew on. */
  public record Generated(List<Sample> samples, Set<String> nameLocales,
      Set<String> addressCountries, int templates) {}

  private final Random random;
  private final LocaleData data;
  private final List<String> positive = new ArrayList<>();
  private final List<String> negative = new ArrayList<>();
  private final Set<String> nameLocalesUsed = new TreeSet<>();
  private final Set<String> countriesUsed = new TreeSet<>();

  public IndependentSetGenerator(long seed) {
    this.random = new Random(seed);
    this.data = new LocaleData(random);
    for (String t : templates()) {
      (SLOT.matcher(t).results().anyMatch(m -> label(m.group(1)) != null) ? positive : negative)
          .add(t);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: IndependentSetGenerator <out.json> [count] [seed]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    Generated g = new IndependentSetGenerator(seed).generate(count);
    try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
      PresidioDataset.write(g.samples(), out);
    }
    System.out.printf("%d samples from %d templates, %d name locales, %d address countries -> %s%n",
        g.samples().size(), g.templates(), g.nameLocales().size(), g.addressCountries().size(),
        args[0]);
  }

  /** The templates, separated by lines holding only {@code ===}. */
  static List<String> templates() {
    try (InputStream in = IndependentSetGenerator.class.getResourceAsStream("templates.txt")) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      for (String block : all.split("\n===\n")) {
        String t = block.strip();
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Generated generate(int count) {
    List<Sample> samples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // every country and name locale early on, so that small sets cover them too
      Country country = i < LocaleData.COUNTRIES.size() ? LocaleData.COUNTRIES.get(i)
          : data.pick(LocaleData.COUNTRIES);
      String template = random.nextInt(100) < 15 ? data.pick(negative) : data.pick(positive);
      samples.add(render(template, country, i));
    }
    return new Generated(samples, nameLocalesUsed, countriesUsed,
        positive.size() + negative.size());
  }

  private static String label(String kind) {
    return switch (kind) {
      case "PERSON", "FIRST", "LAST", "NAME_LF", "INITIAL_LAST", "HANDLE_NAME" -> "PERSON";
      case "EMAIL" -> "EMAIL_ADDRESS";
      case "PHONE", "PHONE_INTL", "PHONE_NAT" -> "PHONE_NUMBER";
      case "ADDRESS", "ADDRESS_LINE", "STREET" -> "STREET_ADDRESS";
      case "CITY", "COUNTRY", "HOME_COUNTRY", "PLACE" -> "LOCATION";
      case "ZIP" -> "ZIP_CODE";
      case "ORG" -> "ORGANIZATION";
      case "DATE", "DOB", "TIME", "RELDATE" -> "DATE_TIME";
      case "AGE", "AGE_NUM" -> "AGE";
      case "NRP", "RELIGION", "POLITICAL" -> "NRP";
      case "IP" -> "IP_ADDRESS";
      case "URL" -> "URL";
      case "CC" -> "CREDIT_CARD";
      case "IBAN" -> "IBAN_CODE";
      case "SSN" -> "US_SSN";
      default -> null;
    };
  }

  /** One sample's people: index -> {given, family, locale tag}. */
  private final class Context {
    final Country country;
    final Map<String, String> values = new HashMap<>();
    final Map<Integer, String[]> people = new HashMap<>();

    Context(Country country) {
      this.country = country;
    }

    String[] person(int i) {
      return people.computeIfAbsent(i, k -> {
        NameLocale loc = random.nextBoolean() ? data.nameLocaleOf(country)
            : data.pick(LocaleData.NAME_LOCALES);
        nameLocalesUsed.add(loc.tag());
        String[] n = data.name(loc);
        return new String[] {n[0], n[1], loc.familyFirst() ? "ff" : ""};
      });
    }
  }

  private Sample render(String template, Country country, int index) {
    Context ctx = new Context(country);
    StringBuilder text = new StringBuilder();
    List<GoldSpan> spans = new ArrayList<>();
    Matcher m = SLOT.matcher(template);
    int last = 0;
    while (m.find()) {
      text.append(template, last, m.start());
      last = m.end();
      String kind = m.group(1);
      int i = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      String key = kind + "#" + i;
      String value = ctx.values.get(key);
      if (value == null) {
        value = value(kind, i, ctx);
        ctx.values.put(key, value);
      }
      String mod = m.group(3);
      if ("lc".equals(mod)) {
        value = value.toLowerCase(Locale.ROOT);
      } else if ("uc".equals(mod)) {
        value = value.toUpperCase(Locale.ROOT);
      } else if ("cap".equals(mod) && !value.isEmpty()) {
        value = Character.toUpperCase(value.charAt(0)) + value.substring(1);
      }
      int start = text.length();
      text.append(value);
      String label = label(kind);
      if (label != null && !value.isBlank()) {
        spans.add(new GoldSpan(label, start, text.length()));
      }
    }
    text.append(template, last, template.length());
    return new Sample(text.toString(), joinNameParts(text, spans));
  }

  /** "{FIRST} {LAST}" is one name: person spans that only a space parts become one. */
  private static List<GoldSpan> joinNameParts(CharSequence text, List<GoldSpan> spans) {
    List<GoldSpan> out = new ArrayList<>(spans.size());
    for (GoldSpan s : spans) {
      GoldSpan prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (prev != null && prev.label().equals("PERSON") && s.label().equals("PERSON")
          && s.start() == prev.end() + 1 && text.charAt(prev.end()) == ' ') {
        out.set(out.size() - 1, new GoldSpan("PERSON", prev.start(), s.end()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private String value(String kind, int i, Context ctx) {
    Country c = ctx.country;
    return switch (kind) {
      case "PERSON" -> {
        String[] p = ctx.person(i);
        yield p[2].isEmpty() ? p[0] + " " + p[1] : p[1] + " " + p[0];
      }
      case "FIRST" -> ctx.person(i)[0];
      case "LAST" -> ctx.person(i)[1];
      case "NAME_LF" -> ctx.person(i)[1] + ", " + ctx.person(i)[0];
      case "INITIAL_LAST" -> ctx.person(i)[0].charAt(0) + ". " + ctx.person(i)[1];
      case "EMAIL" -> email(ctx.person(i));
      case "PHONE" -> data.phone(c, random.nextBoolean());
      case "PHONE_INTL" -> data.phone(c, true);
      case "PHONE_NAT" -> data.phone(c, false);
      case "ADDRESS" -> {
        countriesUsed.add(c.code());
        yield String.join("\n", data.addressLines(c, random.nextInt(4) == 0));
      }
      case "ADDRESS_LINE" -> {
        countriesUsed.add(c.code());
        yield String.join(", ", data.addressLines(c, random.nextInt(4) == 0));
      }
      case "STREET" -> {
        countriesUsed.add(c.code());
        yield data.streetLine(c);
      }
      case "CITY" -> random.nextBoolean() ? data.city(c) : data.pick(Lists.CITIES);
      case "PLACE" -> data.pick(Lists.PLACES);
      case "COUNTRY" -> random.nextInt(3) == 0 ? c.name()
          : data.faker("en").country().name();
      case "HOME_COUNTRY" -> c.name();
      case "ZIP" -> data.postcode(c);
      case "ORG" -> organization(c);
      case "DATE" -> date(LocalDate.of(2019, 1, 1).plusDays(random.nextInt(9 * 365)));
      case "DOB" -> date(LocalDate.of(1938, 1, 1).plusDays(random.nextInt(70 * 365)));
      case "TIME" -> data.pick(Lists.TIMES)
          .replace("HH", String.valueOf(10 + random.nextInt(14)))
          .replace("H", String.valueOf(1 + random.nextInt(11)))
          .replace("MM", data.pick(new String[] {"00", "15", "30", "45", "10"}));
      case "RELDATE" -> data.pick(Lists.RELATIVE_DATES);
      case "AGE" -> data.pick(Lists.AGE_FORMS).replace("N", String.valueOf(age()));
      case "AGE_NUM" -> String.valueOf(age());
      case "NRP" -> data.faker("en").demographic().demonym();
      case "RELIGION" -> data.pick(Lists.RELIGIONS);
      case "POLITICAL" -> data.pick(Lists.POLITICAL);
      case "IP" -> random.nextInt(6) == 0 ? data.faker("en").internet().ipV6Address()
          : random.nextInt(3) == 0 ? data.faker("en").internet().privateIpV4Address()
          : data.faker("en").internet().publicIpV4Address();
      case "URL" -> url(ctx);
      case "CC" -> creditCard();
      case "IBAN" -> iban(c);
      case "SSN" -> {
        String s = data.faker("en").idNumber().ssnValid();
        yield random.nextInt(6) == 0 ? s.replace("-", "") : s;
      }
      case "NUM" -> String.valueOf(2 + random.nextInt(40));
      case "AMOUNT" -> data.pick(new String[] {"$", "€", "£", "USD ", "EUR "})
          + (10 + random.nextInt(4990)) + (random.nextBoolean() ? ".00" : "");
      case "TICKET" -> String.valueOf(10000 + random.nextInt(89999));
      case "ORDER" -> (char) ('A' + random.nextInt(26)) + "-" + (1000 + random.nextInt(8999))
          + "-" + (10 + random.nextInt(89));
      case "PRODUCT" -> data.pick(Lists.PRODUCTS);
      default -> throw new IllegalArgumentException("unknown slot {" + kind + "}");
    };
  }

  private int age() {
    int r = random.nextInt(10);
    if (r < 2) {
      return 1 + random.nextInt(17);
    }
    return r < 8 ? 18 + random.nextInt(50) : 68 + random.nextInt(30);
  }

  private static String ascii(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("æ", "ae")
        .replace("ß", "ss").replaceAll("[^A-Za-z0-9-]", "").toLowerCase(Locale.ROOT);
  }

  private String email(String[] person) {
    String f = ascii(person[0]);
    String l = ascii(person[1]);
    if (f.isEmpty()) {
      f = "user";
    }
    if (l.isEmpty()) {
      l = "mail";
    }
    String local = switch (random.nextInt(6)) {
      case 0 -> f + "." + l;
      case 1 -> f.charAt(0) + l;
      case 2 -> f + "_" + l + (random.nextInt(90) + 10);
      case 3 -> f + l.charAt(0);
      case 4 -> l + "." + f;
      default -> f + (1960 + random.nextInt(45));
    };
    return local + "@" + data.pick(Lists.MAIL_DOMAINS);
  }

  private String organization(Country c) {
    return switch (random.nextInt(6)) {
      case 0 -> data.pick(Lists.INSTITUTIONS).replace("{City}", data.pick(Lists.CITIES));
      case 1 -> data.faker("en").company().name();
      default -> data.faker(c.locale()).company().name();
    };
  }

  private String url(Context ctx) {
    return switch (random.nextInt(5)) {
      case 0 -> data.faker("en").internet().url();
      case 1 -> "https://www.linkedin.com/in/" + ascii(ctx.person(1)[0]) + "-"
          + ascii(ctx.person(1)[1]);
      case 2 -> "https://" + data.faker("en").internet().domainName() + "/"
          + data.pick(new String[] {"careers", "contact", "login", "invoice/8812", "docs/setup"});
      case 3 -> "www." + data.faker("en").internet().domainName();
      default -> "http://" + data.faker("en").internet().domainWord() + "."
          + data.pick(new String[] {"de", "fr", "io", "co.uk", "com.br", "nl", "it"});
    };
  }

  private String creditCard() {
    String cc = data.faker("en").finance().creditCard();
    return switch (random.nextInt(3)) {
      case 0 -> cc.replace("-", " ");
      case 1 -> cc.replace("-", "");
      default -> cc;
    };
  }

  private String iban(Country c) {
    String code = switch (c.code()) {
      case "US", "CA", "AU", "NZ", "IN", "NG", "ZA", "UG", "SG", "PH", "ID", "MX", "AR" -> "DE";
      default -> c.code();
    };
    String iban;
    try {
      iban = data.faker("en").finance().iban(code);
    } catch (RuntimeException e) {
      iban = data.faker("en").finance().iban("DE");
    }
    if (random.nextBoolean()) {
      return iban.replaceAll("(.{4})(?!$)", "$1 ");
    }
    return iban;
  }

  private static final String[] EN_MONTHS = {"January", "February", "March", "April", "May",
      "June", "July", "August", "September", "October", "November", "December"};

  private String date(LocalDate d) {
    String month = EN_MONTHS[d.getMonthValue() - 1];
    int day = d.getDayOfMonth();
    return switch (random.nextInt(11)) {
      case 0 -> day + " " + month + " " + d.getYear();
      case 1 -> month + " " + day + ", " + d.getYear();
      case 2 -> d.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
      case 3 -> d.format(DateTimeFormatter.ofPattern("MM/dd/yyyy"));
      case 4 -> d.toString();
      case 5 -> d.format(DateTimeFormatter.ofPattern("dd.MM.yyyy"));
      case 6 -> month.substring(0, 3) + " " + day;
      case 7 -> d.format(DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.GERMAN));
      case 8 -> d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH));
      case 9 -> day + " de " + d.format(DateTimeFormatter.ofPattern("MMMM", Locale.of("es")))
          + " de " + d.getYear();
      default -> d.format(DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH));
    };
  }
}
