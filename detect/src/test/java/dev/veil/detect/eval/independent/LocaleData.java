package dev.veil.detect.eval.independent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Names, addresses and phone numbers per locale, from datafaker's locale files. All values come
 * from one {@link Random}, so a seed fixes them.
 *
 * <p>Names are written in Latin letters with their diacritics. For scripts that datafaker only has
 * in their own letters (Arabic, Chinese, Japanese, Korean) and for East and West African names
 * beyond its English-language African locales, small transliterated lists written for this set
 * stand in ({@code *-Latn} tags).
 *
 * <p>Each address country has its own line order: house number after the street in most of
 * continental Europe and Latin America, postcode before the city there, after it in the
 * English-speaking world, unit, flat, floor and PO box lines where the country writes them.
 */
final class LocaleData {

  /** A name locale: datafaker's tag (or a {@code -Latn} list) and whether the family name leads. */
  record NameLocale(String tag, boolean familyFirst) {}

  /** An address country: ISO code, the datafaker locale of its streets and cities, calling code. */
  record Country(String code, String locale, String callingCode, String trunk, String name) {}

  static final List<NameLocale> NAME_LOCALES = List.of(
      nl("en-US"), nl("en-GB"), nl("en-IE"), nl("en-AU"), nl("en-NZ"), nl("en-CA"), nl("en-ZA"),
      nl("en-NG"), nl("en-UG"), nl("en-IN"), nl("en-PH"), nl("en-SG"), nl("de"), nl("de-AT"),
      nl("de-CH"), nl("fr"), nl("fr-CA"), nl("fr-CH"), nl("nl"), nl("nl-BE"), nl("it"), nl("es"),
      nl("es-MX"), nl("es-AR"), nl("pt"), nl("pt-BR"), nl("pl"), nl("sv"), nl("nb-NO"),
      nl("da-DK"), nl("fi-FI"), nl("cs"), nl("sk"), nl("hu"), nl("hr"), nl("ro-MD"), nl("tr"),
      nl("id"), new NameLocale("vi", true), nl("et"), nl("lv"), nl("sq"), nl("ca"),
      nl("ar-Latn"), new NameLocale("zh-Latn", true), new NameLocale("ja-Latn", false),
      new NameLocale("ko-Latn", false), nl("sw-Latn"), nl("ur-Latn"));

  static final List<Country> COUNTRIES = List.of(
      new Country("US", "en-US", "1", "", "United States"),
      new Country("CA", "en-CA", "1", "", "Canada"),
      new Country("GB", "en-GB", "44", "0", "United Kingdom"),
      new Country("IE", "en-IE", "353", "0", "Ireland"),
      new Country("AU", "en-AU", "61", "0", "Australia"),
      new Country("NZ", "en-NZ", "64", "0", "New Zealand"),
      new Country("DE", "de", "49", "0", "Germany"),
      new Country("AT", "de-AT", "43", "0", "Austria"),
      new Country("CH", "de-CH", "41", "0", "Switzerland"),
      new Country("FR", "fr", "33", "0", "France"),
      new Country("NL", "nl", "31", "0", "Netherlands"),
      new Country("BE", "nl-BE", "32", "0", "Belgium"),
      new Country("IT", "it", "39", "", "Italy"),
      new Country("ES", "es", "34", "", "Spain"),
      new Country("PT", "pt", "351", "", "Portugal"),
      new Country("BR", "pt-BR", "55", "0", "Brazil"),
      new Country("MX", "es-MX", "52", "", "Mexico"),
      new Country("AR", "es-AR", "54", "0", "Argentina"),
      new Country("PL", "pl", "48", "", "Poland"),
      new Country("SE", "sv", "46", "0", "Sweden"),
      new Country("NO", "nb-NO", "47", "", "Norway"),
      new Country("DK", "da-DK", "45", "", "Denmark"),
      new Country("FI", "fi-FI", "358", "0", "Finland"),
      new Country("CZ", "cs", "420", "", "Czech Republic"),
      new Country("SK", "sk", "421", "0", "Slovakia"),
      new Country("HU", "hu", "36", "06", "Hungary"),
      new Country("HR", "hr", "385", "0", "Croatia"),
      new Country("TR", "tr", "90", "0", "Türkiye"),
      new Country("IN", "en-IN", "91", "0", "India"),
      new Country("NG", "en-NG", "234", "0", "Nigeria"),
      new Country("ZA", "en-ZA", "27", "0", "South Africa"),
      new Country("UG", "en-UG", "256", "0", "Uganda"),
      new Country("SG", "en-SG", "65", "", "Singapore"),
      new Country("PH", "en-PH", "63", "0", "Philippines"),
      new Country("ID", "id", "62", "0", "Indonesia"),
      new Country("EE", "et", "372", "", "Estonia"),
      new Country("LV", "lv", "371", "", "Latvia"));

  private static NameLocale nl(String tag) {
    return new NameLocale(tag, false);
  }

  private static final Map<String, String[][]> LATN_NAMES = Map.of(
      "ar-Latn", new String[][] {
          {"Mohammed", "Ahmed", "Youssef", "Omar", "Khalid", "Hassan", "Tariq", "Karim", "Rami",
              "Samir", "Walid", "Ziad", "Fatima", "Layla", "Nour", "Aisha", "Mariam", "Huda",
              "Rania", "Salma", "Yasmin", "Dalia", "Hanan", "Amal", "Zainab", "Abdelaziz"},
          {"Al-Sayed", "Haddad", "Khoury", "Mansour", "Saleh", "El-Masri", "Abdelrahman",
              "Benali", "Bouzid", "Al-Farsi", "Nasser", "Hamdan", "Qasim", "Al-Amin", "Darwish",
              "Karam", "Othman", "Abu-Zeid", "Al-Hashimi", "Belkacem", "Chahine", "Fakhoury"}},
      "zh-Latn", new String[][] {
          {"Wei", "Fang", "Xiuying", "Jing", "Lei", "Min", "Jun", "Yang", "Hui", "Xiaoming",
              "Yuxuan", "Zihan", "Haoran", "Jiahui", "Mingzhe", "Shuang", "Tingting", "Zhiwei"},
          {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
              "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang"}},
      "ja-Latn", new String[][] {
          {"Haruto", "Yuto", "Sota", "Kenji", "Takeshi", "Hiroshi", "Daiki", "Ren", "Yui", "Aoi",
              "Sakura", "Hina", "Yuki", "Mei", "Akiko", "Naomi", "Emi", "Kaori", "Shun"},
          {"Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura",
              "Kobayashi", "Katō", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura",
              "Saitō", "Ōta", "Fujii", "Ishikawa"}},
      "ko-Latn", new String[][] {
          {"Min-jun", "Seo-yeon", "Ji-woo", "Ha-eun", "Do-yun", "Ji-ho", "Su-bin", "Ye-jin",
              "Hyun-woo", "Eun-ji", "Joon-young", "Sung-min", "Yoo-na", "Dong-hyun", "Ji-hye"},
          {"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
              "Shin", "Seo", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon"}},
      "sw-Latn", new String[][] {
          {"Amani", "Baraka", "Juma", "Neema", "Wanjiru", "Achieng", "Otieno", "Kamau", "Zawadi",
              "Imani", "Mwajuma", "Kofi", "Ama", "Kwame", "Abena", "Yaw", "Chipo", "Tendai",
              "Thandiwe", "Sipho", "Lindiwe", "Mandla", "Fatou", "Mamadou", "Aminata"},
          {"Mwangi", "Odhiambo", "Njoroge", "Wambui", "Kipchoge", "Mutua", "Omondi", "Chege",
              "Mensah", "Boateng", "Asante", "Owusu", "Moyo", "Ndlovu", "Dube", "Nkosi", "Diallo",
              "Traoré", "Keïta", "Ndiaye", "Sow", "Kariuki", "Wekesa"}},
      "ur-Latn", new String[][] {
          {"Ayesha", "Bilal", "Hamza", "Sana", "Imran", "Zainab", "Usman", "Farhan", "Mehwish",
              "Saad", "Hira", "Asad", "Nida", "Faisal", "Rabia", "Junaid", "Arjun", "Priya",
              "Rohan", "Ananya", "Sandeep", "Lakshmi", "Dilip", "Shreya"},
          {"Qureshi", "Siddiqui", "Chaudhry", "Malik", "Hussain", "Sheikh", "Rizvi", "Abbasi",
              "Shah", "Raza", "Akhtar", "Khan", "Iyer", "Nair", "Menon", "Reddy", "Kulkarni",
              "Chatterjee", "Mukherjee", "Ghosh", "Pillai", "Bhattarai", "Shrestha"}});

  private final Random random;
  private final Map<String, Faker> fakers = new HashMap<>();

  LocaleData(Random random) {
    this.random = random;
  }

  Faker faker(String tag) {
    return fakers.computeIfAbsent(tag, t -> new Faker(Locale.forLanguageTag(t), random));
  }

  /** A given name and a family name of {@code locale}. */
  String[] name(NameLocale locale) {
    String[][] list = LATN_NAMES.get(locale.tag());
    if (list != null) {
      return new String[] {pick(list[0]), pick(list[1])};
    }
    Faker f = faker(locale.tag());
    String first = f.name().firstName();
    String last = f.name().lastName();
    if (locale.tag().equals("vi")) {
      // datafaker's Vietnamese lists hold family names under first_name
      String t = first;
      first = last;
      last = t;
    }
    return new String[] {first.strip(), last.strip()};
  }

  NameLocale nameLocaleOf(Country c) {
    for (NameLocale n : NAME_LOCALES) {
      if (n.tag().equals(c.locale())) {
        return n;
      }
    }
    return NAME_LOCALES.get(random.nextInt(NAME_LOCALES.size()));
  }

  String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  String city(Country c) {
    return switch (c.code()) {
      case "SG" -> "Singapore";
      default -> faker(c.locale()).address().city().strip();
    };
  }

  /** The postcode as the country writes it. */
  String postcode(Country c) {
    Faker f = faker(c.locale());
    return switch (c.code()) {
      case "PT" -> (1000 + random.nextInt(8999)) + "-" + digits(3);
      case "SE" -> (100 + random.nextInt(880)) + " " + digits(2);
      case "GB", "CA", "BR", "NL", "PL", "CZ", "SK", "IE", "AR" -> f.address().zipCode().strip();
      case "US" -> random.nextInt(5) == 0 ? f.address().zipCodePlus4() : f.address().zipCode();
      case "DE", "FR", "IT", "ES", "MX", "FI", "HR", "TR", "ID", "NG", "EE" ->
          String.format("%05d", 1000 + random.nextInt(98000));
      case "IN", "SG" -> (c.code().equals("IN") ? 1 + random.nextInt(8) : random.nextInt(9))
          + digits(5);
      case "LV" -> "LV-" + (1001 + random.nextInt(4000));
      default -> String.valueOf(1000 + random.nextInt(8999));
    };
  }

  private String number() {
    int r = random.nextInt(10);
    int n = r < 6 ? 1 + random.nextInt(60) : 1 + random.nextInt(400);
    return n + (random.nextInt(12) == 0 ? String.valueOf((char) ('a' + random.nextInt(3))) : "");
  }

  private String street(Country c) {
    Faker f = faker(c.locale());
    return switch (c.code()) {
      case "TR" -> f.name().lastName() + " " + pick(new String[] {"Sokak", "Caddesi", "Bulvarı"});
      case "IN" -> pick(new String[] {"MG Road", "Station Road", "Nehru Marg", "Linking Road",
          "Brigade Road", "Park Street", "Anna Salai", "Residency Road", "Ring Road"});
      case "SG" -> pick(new String[] {"Tampines Street 21", "Ang Mo Kio Avenue 3",
          "Jurong West Street 52", "Bedok North Road", "Toa Payoh Lorong 1", "Clementi Ave 4"});
      case "ID" -> "Jl. " + f.name().lastName();
      case "PL" -> "ul. " + f.address().streetName().replaceFirst("^ul\\. ", "");
      case "UG", "NG", "ZA", "PH" -> f.name().lastName() + " " + pick(new String[] {"Road",
          "Street", "Avenue", "Close", "Crescent", "Drive"});
      default -> f.address().streetName();
    };
  }

  /** Street and number in the country's order, e.g. "Rheinstraße 4" or "4 Rue de la Paix". */
  String streetLine(Country c) {
    String s = street(c).strip();
    String n = number();
    return switch (c.code()) {
      case "US", "CA", "GB", "IE", "AU", "NZ", "FR", "NG", "ZA", "UG", "PH", "IN" -> n + " " + s;
      case "ES", "BR" -> s + ", " + n;
      case "TR" -> s + " No: " + n;
      case "ID" -> s + " No. " + n;
      case "SG" -> "Blk " + (100 + random.nextInt(800)) + " " + s;
      default -> s + " " + n;
    };
  }

  private String unitLine(Country c) {
    int n = 1 + random.nextInt(40);
    return switch (c.code()) {
      case "US" -> pick(new String[] {"Apt ", "Apt. ", "Suite ", "Unit ", "#"}) + n;
      case "CA", "AU", "NZ" -> pick(new String[] {"Unit ", "Suite ", "Apt "}) + n;
      case "GB", "IE" -> "Flat " + n;
      case "DE", "AT", "CH" -> pick(new String[] {"c/o ", "Hinterhaus, "}) + "2. OG";
      case "FR" -> pick(new String[] {"Bât. B, ", "Appt ", "Résidence les Tilleuls, "}) + n;
      case "ES" -> n % 9 + 1 + "º " + pick(new String[] {"A", "B", "izq.", "dcha."});
      case "IT" -> "Scala " + (char) ('A' + random.nextInt(3)) + ", int. " + n;
      case "NL", "BE" -> "bus " + n;
      case "BR" -> "Apto " + (100 + n);
      case "MX", "AR" -> "Depto " + n;
      case "PL" -> "lok. " + n;
      case "SE", "NO" -> "lgh " + (1000 + n * 7);
      case "DK" -> n % 5 + 1 + ". th.";
      case "HU" -> n % 8 + 1 + ". em. " + n + ".";
      case "SG" -> "#" + String.format("%02d-%02d", 2 + random.nextInt(20), n);
      case "IN" -> "Flat " + (100 + n) + ", " + pick(new String[] {"Sai Residency",
          "Green Park Apartments", "Shanti Niketan", "Lotus Towers"});
      default -> "Apt " + n;
    };
  }

  private String region(Country c) {
    Faker f = faker(c.locale());
    return switch (c.code()) {
      case "US", "CA", "AU" -> f.address().stateAbbr();
      case "BR", "MX", "NG" -> f.address().state();
      case "IT" -> "(" + pick(new String[] {"MI", "RM", "TO", "NA", "BO", "FI", "VE", "PA"}) + ")";
      default -> "";
    };
  }

  /** A full postal address as lines, in the country's order. */
  List<String> addressLines(Country c, boolean withCountry) {
    List<String> lines = new ArrayList<>();
    boolean unit = random.nextInt(3) == 0;
    boolean poBox = random.nextInt(12) == 0;
    String city = city(c);
    String pc = postcode(c);
    String region = region(c);
    String street = poBox ? poBox(c) : streetLine(c);
    switch (c.code()) {
      case "US", "CA" -> {
        lines.add(street);
        if (unit && !poBox) {
          lines.add(unitLine(c));
        }
        lines.add(city + ", " + region + " " + pc);
      }
      case "AU" -> {
        lines.add(unit && !poBox ? unitLine(c) + ", " + street : street);
        lines.add(city + " " + region + " " + pc);
      }
      case "GB", "IE", "NZ", "ZA" -> {
        if (unit && !poBox) {
          lines.add(unitLine(c));
        }
        lines.add(street);
        lines.add(city);
        lines.add(pc);
      }
      case "IN" -> {
        if (unit) {
          lines.add(unitLine(c));
        }
        lines.add(street);
        lines.add(city + " - " + pc);
      }
      case "NG", "UG", "PH" -> {
        lines.add(street);
        lines.add(city + (region.isEmpty() ? "" : ", " + region));
      }
      case "SG" -> {
        lines.add(street + (unit ? " " + unitLine(c) : ""));
        lines.add("Singapore " + pc);
      }
      case "HU" -> {
        lines.add(city);
        lines.add(street + (unit ? " " + unitLine(c) : ""));
        lines.add(pc);
      }
      case "BR" -> {
        lines.add(street + (unit ? " - " + unitLine(c) : ""));
        lines.add(city + " - " + region);
        lines.add("CEP " + pc);
      }
      case "MX" -> {
        lines.add(street + (unit ? ", " + unitLine(c) : ""));
        lines.add(pc + " " + city + ", " + region);
      }
      case "IT" -> {
        lines.add(street);
        if (unit) {
          lines.add(unitLine(c));
        }
        lines.add(pc + " " + city + " " + region);
      }
      case "TR", "ID" -> {
        lines.add(street + (unit ? " " + unitLine(c) : ""));
        lines.add(pc + " " + city);
      }
      case "FR" -> {
        if (unit && !poBox) {
          lines.add(unitLine(c));
        }
        lines.add(street);
        lines.add(pc + " " + city.toUpperCase(Locale.ROOT));
      }
      case "SE" -> {
        lines.add(street + (unit ? ", " + unitLine(c) : ""));
        lines.add(pc + " " + city.toUpperCase(Locale.ROOT));
      }
      default -> {
        lines.add(street + (unit && !poBox ? ", " + unitLine(c) : ""));
        lines.add(pc + " " + city);
      }
    }
    if (withCountry) {
      lines.add(c.code().equals("US") ? "USA" : c.name());
    }
    return lines;
  }

  private String poBox(Country c) {
    int n = 1 + random.nextInt(9999);
    return switch (c.code()) {
      case "DE", "AT", "CH" -> "Postfach " + n;
      case "FR" -> "BP " + n;
      case "NL" -> "Postbus " + n;
      case "ES", "MX", "AR" -> "Apartado de correos " + n;
      case "IT" -> "Casella Postale " + n;
      case "BR" -> "Caixa Postal " + n;
      case "SE" -> "Box " + n;
      case "PL" -> "skr. poczt. " + n;
      case "NG", "UG", "ZA" -> "P.O. Box " + n;
      case "CA", "AU", "NZ" -> "PO Box " + n;
      case "US" -> random.nextBoolean() ? "PO Box " + n : "P.O. Box " + n;
      default -> streetLine(c);
    };
  }

  /** A phone number as a national or an international number of the country. */
  String phone(Country c, boolean international) {
    Faker f = faker(c.locale());
    String national = (random.nextBoolean() ? f.phoneNumber().cellPhone()
        : f.phoneNumber().phoneNumber()).strip();
    if (c.code().equals("SG") && !national.startsWith("6") && !national.startsWith("8")
        && !national.startsWith("9")) {
      national = "6" + national.substring(1);
    }
    if (!international) {
      return national;
    }
    String rest = national.replaceAll("[()]", "").strip();
    if (!c.trunk().isEmpty() && rest.startsWith(c.trunk())) {
      rest = rest.substring(c.trunk().length()).strip();
    }
    if (c.code().equals("IT") && !rest.startsWith("3") && !rest.startsWith("0")) {
      rest = "0" + rest;
    }
    String sep = random.nextInt(4) == 0 ? "-" : " ";
    return (random.nextInt(6) == 0 ? "00" : "+") + c.callingCode() + sep + rest;
  }
}
