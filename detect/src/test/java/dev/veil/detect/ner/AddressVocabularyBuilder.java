package dev.veil.detect.ner;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dev-time tool: derives the address vocabulary {@code address-vocabulary.tsv} from libpostal's
 * language dictionaries (street types, separable street-name suffixes, numbered unit and level
 * types, staircases, post-office boxes) of the languages below, and adds a few hand-written lists (postcode
 * cues, country names in their own language).
 *
 * <p>Usage: {@code AddressVocabularyBuilder <libpostal dictionaries dir> <out tsv>}.
 *
 * <p>Each line is {@code phrase TAB kinds}: the phrase lowercased, without dots, its words
 * separated by single spaces; the kinds are letters of {@link AddressVocabulary}.
 */
public final class AddressVocabularyBuilder {

  /** Street type before the name, house number after the street ("Via Roma 10", "ul. Długa 5"). */
  private static final List<String> LEAD_NUMBER_AFTER = List.of("fr", "es", "it", "pt", "ca", "gl",
      "ast", "oc", "ro", "pl", "hr", "bs", "sr", "id", "ms", "mt", "ru", "uk", "bg");
  /** Street type before the name, house number first ("12 rue de la Paix"). */
  private static final List<String> LEAD_NUMBER_FIRST = List.of("fr");
  /** Street type after the name, house number first ("12 Baker Street"). */
  private static final List<String> TAIL_NUMBER_FIRST = List.of("en", "fil", "ga", "cy", "gd");
  /** Street type after the name, house number after ("Mariahilfer Straße 77", "Andrássy út 22"). */
  private static final List<String> TAIL_NUMBER_AFTER = List.of("de", "nl", "af", "lb", "gsw", "sv",
      "nb", "da", "is", "fi", "et", "lv", "lt", "cs", "sk", "sl", "hu", "tr", "eu");
  /** Languages that write street type and name as one word ("Hauptstraße", "Storgatan"). */
  private static final List<String> COMPOUND = List.of("de", "nl", "af", "lb", "gsw", "sv", "nb",
      "da", "fi");
  /** Suffixes that would end too many ordinary or English words ("Finland", "Jones"). */
  private static final List<String> NOT_SUFFIXES = List.of("lang", "lange", "verlengde", "plain",
      "hus", "berg", "bad", "bach", "see", "park", "parken", "huset", "have", "siden", "lia", "get",
      "land", "nes", "sel", "fell", "holt", "tun", "plan", "pad", "wee", "wag", "borg", "hals",
      "byen", "buen", "kamp", "bühl", "buhl");

  private static final String POSTCODE_CUES = "zip|zip code|zipcode|postcode|post code|postal code"
      + "|postleitzahl|plz|code postal|cp|cep|código postal|codigo postal|codice postale|cap"
      + "|kod pocztowy|postnummer|postinumero|irányítószám|iranyitoszam|psč|psc|poštovní směrovací"
      + "|postnr|postal|c.p.|〒";
  /** Unit words missing from libpostal's lists ("ul. Piotrkowska 104 lok. 3", "Top 4"). */
  /** Street types libpostal lacks, written after the name with the number after them. */
  private static final String STREET_TYPES_AFTER = "põik|poik";
  private static final String UNITS = "lok|lokal|top|whg|bte|boîte|apto|dpto|depto|int|esc|pta"
      + "|puerta|lgh|stiege|flat|apt|suite|ste|unit|room|rm|bldg|building|apartment";
  private static final String COUNTRIES = "usa|united states|uk|united kingdom|canada|australia"
      + "|new zealand|ireland|éire|deutschland|germany|österreich|austria|schweiz|suisse|svizzera"
      + "|switzerland|france|belgique|belgië|belgium|nederland|the netherlands|netherlands|italia"
      + "|italy|españa|spain|portugal|brasil|brazil|méxico|mexico|argentina|polska|poland"
      + "|česká republika|czech republic|czechia|sverige|sweden|norge|norway|danmark|denmark"
      + "|suomi|finland|magyarország|hungary|japan|luxembourg";

  private AddressVocabularyBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: AddressVocabularyBuilder <libpostal dictionaries dir> <out tsv>");
    }
    Path dir = Path.of(args[0]);
    Map<String, StringBuilder> kinds = new TreeMap<>();
    for (String lang : languages()) {
      for (String[] alternatives : read(dir.resolve(lang).resolve("street_types.txt"))) {
        for (int k = 0; k < alternatives.length; k++) {
          String a = alternatives[k];
          String w = normalize(a);
          if (w.length() < 2 || w.contains(" ") || !w.chars().allMatch(Character::isLetter)) {
            continue;
          }
          add(kinds, w, LEAD_NUMBER_AFTER.contains(lang), AddressVocabulary.LEAD);
          add(kinds, w, LEAD_NUMBER_FIRST.contains(lang), AddressVocabulary.LEAD_FIRST);
          add(kinds, w, TAIL_NUMBER_FIRST.contains(lang), AddressVocabulary.TAIL_FIRST);
          add(kinds, w, TAIL_NUMBER_AFTER.contains(lang), AddressVocabulary.TAIL);
          add(kinds, w, lang.equals("hu"), AddressVocabulary.DOTTED_NUMBER);
          boolean canonical = k == 0 && !a.endsWith(".");
          add(kinds, w, COMPOUND.contains(lang) && w.length() >= 3 && !NOT_SUFFIXES.contains(w),
              canonical ? AddressVocabulary.SUFFIX : AddressVocabulary.ABBREVIATED_SUFFIX);
        }
      }
      if (COMPOUND.contains(lang)) {
        Path suffixes = dir.resolve(lang).resolve("concatenated_suffixes_separable.txt");
        for (String[] alternatives : read(suffixes)) {
          for (int k = 0; k < alternatives.length; k++) {
            String w = normalize(alternatives[k]);
            if (w.length() >= 3 && !NOT_SUFFIXES.contains(w) && !w.contains(" ")) {
              add(kinds, w, true, k == 0 && !alternatives[k].endsWith(".")
                  ? AddressVocabulary.SUFFIX : AddressVocabulary.ABBREVIATED_SUFFIX);
            }
          }
        }
      }
      addAll(kinds, dir.resolve(lang).resolve("unit_types_numbered.txt"), AddressVocabulary.UNIT);
      // "Scala C", "Stiege 2", "schodiště B": a staircase is numbered like a unit
      addAll(kinds, dir.resolve(lang).resolve("staircases.txt"), AddressVocabulary.UNIT);
      addAll(kinds, dir.resolve(lang).resolve("level_types_numbered.txt"), AddressVocabulary.LEVEL);
      addAll(kinds, dir.resolve(lang).resolve("post_office.txt"), AddressVocabulary.PO_BOX);
    }
    for (String w : POSTCODE_CUES.split("\\|")) {
      add(kinds, normalize(w), true, AddressVocabulary.POSTCODE_CUE);
    }
    for (String w : STREET_TYPES_AFTER.split("\\|")) {
      add(kinds, normalize(w), true, AddressVocabulary.TAIL);
    }
    for (String w : UNITS.split("\\|")) {
      add(kinds, normalize(w), true, AddressVocabulary.UNIT);
    }
    for (String w : COUNTRIES.split("\\|")) {
      add(kinds, normalize(w), true, AddressVocabulary.COUNTRY);
    }
    try (Writer out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
      out.write("# Derived by AddressVocabularyBuilder from libpostal's dictionaries"
          + " (MIT, see NOTICE)"
          + " of " + languages().size() + " languages: phrase TAB kinds\n");
      for (Map.Entry<String, StringBuilder> e : kinds.entrySet()) {
        out.write(e.getKey() + "\t" + e.getValue() + "\n");
      }
    }
    System.out.println(kinds.size() + " phrases from " + languages().size() + " languages");
  }

  private static List<String> languages() {
    return java.util.stream.Stream.of(LEAD_NUMBER_AFTER, TAIL_NUMBER_FIRST, TAIL_NUMBER_AFTER)
        .flatMap(List::stream).distinct().sorted().toList();
  }

  private static void addAll(Map<String, StringBuilder> kinds, Path file, char kind)
      throws IOException {
    for (String[] alternatives : read(file)) {
      for (String a : alternatives) {
        String w = normalize(a);
        if (w.length() >= 2 && w.chars().anyMatch(Character::isLetter)) {
          add(kinds, w, true, kind);
        }
      }
    }
  }

  private static void add(Map<String, StringBuilder> kinds, String phrase, boolean when,
      char kind) {
    if (!when) {
      return;
    }
    StringBuilder k = kinds.computeIfAbsent(phrase, p -> new StringBuilder());
    if (k.indexOf(String.valueOf(kind)) < 0) {
      k.append(kind);
    }
  }

  /** Lowercased, dots and slashes as word breaks, single spaces. */
  static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace('.', ' ').replace('/', ' ').replace('\\', ' ')
        .trim().replaceAll("\\s+", " ");
  }

  private static List<String[]> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> l.split("\\|"))
        .toList();
  }
}
