package dev.veil.detect.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Word and phrase tables: name frequencies (given names, surnames), places, organisations and the
 * cue words around them. Immutable after loading; lookups hash the token in place.
 *
 * <p>A word's entry packs its given-name and surname frequency levels ({@code floor(log2(count))})
 * with flag bits, so one probe answers every question the model asks about a token.
 */
final class Lexicon {

  static final int COMMON = 1 << 10;
  static final int TITLE = 1 << 11;
  static final int ORG_SUFFIX = 1 << 12;
  static final int STREET_TYPE = 1 << 13;
  static final int PERSON_CUE = 1 << 14;
  static final int LOCATION_CUE = 1 << 15;
  static final int ORG_CUE = 1 << 16;
  static final int CALENDAR = 1 << 17;
  static final int ORG_HEAD = 1 << 18;
  static final int PHRASE_START = 1 << 19;
  static final int FUNCTION = 1 << 20;
  static final int NAME_SUFFIX = 1 << 21;
  static final int PARTICLE = 1 << 22;

  static final int P_COUNTRY = 1;
  static final int P_STATE = 2;
  static final int P_CITY = 4;
  static final int P_REGION = 8;
  static final int P_ORG = 16;
  static final int P_ACRONYM = 32;
  static final int MAX_PHRASE = 6;

  private static final String TITLES =
      "mr mrs ms miss mx dr doctor prof professor sir madam dame lord lady rev reverend fr father"
          + " sister brother capt captain sgt sergeant lt lieutenant col colonel gen general cpt"
          + " officer det detective judge justice sen senator rep representative gov governor"
          + " pres president mayor hon honorable rabbi imam pastor nurse coach agent uncle aunt"
          + " grandma grandpa mrs. mr. dr. ms. prof.";
  private static final String ORG_SUFFIXES =
      "inc incorporated ltd limited llc llp lp plc corp corporation co company gmbh ag sa sas"
          + " sarl bv nv oy ab asa spa srl pty kk kg se group holdings holding partners"
          + " associates foundation institute university college school academy hospital clinic"
          + " bank bancorp trust fund capital ventures labs laboratories systems technologies"
          + " technology solutions services consulting industries enterprises international"
          + " pharmaceuticals pharma motors airlines airways insurance society association"
          + " council committee agency authority ministry department federation union church"
          + " center centre network media studios entertainment brands foods energy sons"
          + " news times herald tribune gazette journal magazine radio tv records party police"
          + " army league club fc afc utd united rovers athletic wanderers"
          // legal forms and firm words of other countries, most from libpostal's company_types
          + " gmbh ohg aktiengesellschaft kommanditgesellschaft gesellschaft aktiebolag"
          + " handelsbolag kommanditbolag publiktaktiebolag osakeyhtiö aktsiaselts osauhing sarl sprl eurl"
          + " snc sagl srl sapa sapi sae sab ltda lda limitada eireli eirl slu sll scrl sicav"
          + " pllc lllp bhd berhad pty ooo oao spółka spółdzielnia sociedad societa società"
          + " compagnia companhia compania compañía cooperativa cooperative empresa firma"
          + " groupe groupement fondation stowarzyszenie yayasan koperasi syarikat banco banca"
          + " hermanos hijos asociados";
  private static final String ORG_HEADS =
      "university college bank institute department ministry school academy hospital"
          + " museum church bureau office commission agency society federation council board";
  private static final String STREET_TYPES =
      "st street ave avenue rd road blvd boulevard ln lane dr drive way ct court pl place"
          + " ter terrace cir circle pkwy parkway hwy highway sq square trl trail aly alley"
          + " cres crescent close gardens grove row mews walk hill park loop run pike plaza"
          + " expy expressway fwy freeway bypass causeway crossing point ridge view vista"
          + " alley branch bridge brook brooks burg camp canyon cape center centers circles cliff"
          + " cliffs club common corner corners course courts cove coves creek crest crossroad"
          + " curve dale dam divide drives estate estates extension falls ferry field fields flat"
          + " flats ford forest forge fork forks fort garden gateway glen glens green greens"
          + " groves harbor harbors haven heights hills hollow inlet island islands isle junction"
          + " key keys knoll knolls lake lakes landing light lights lock locks lodge mall manor"
          + " manors meadow meadows mill mills mission motorway mount mountain mountains neck"
          + " orchard oval overpass parks parkways pass passage path pine pines plain plains"
          + " points port ports prairie radial ramp ranch rapid rapids rest ridges river roads"
          + " route rue shoal shoals shore shores skyway spring springs spur spurs squares"
          + " station stravenue stream streets summit throughway trace track trafficway tunnel"
          + " turnpike underpass union unions valley valleys via viaduct views village villages"
          + " ville walks wall ways well wells wynd broadway";
  private static final String PERSON_CUES =
      "name named called signed regards sincerely thanks cheers dear hi hello hey patient"
          + " client customer employee contact user applicant tenant member attn attention"
          + " by from cc to with met meet ask tell told call email emailed wife husband son"
          + " daughter mom dad mother father friend colleague manager boss ceo cto founder"
          + " spouse partner witness physician caregiver guardian is was i'm im am";
  private static final String LOCATION_CUES =
      "in from at near to lives live living lived moved move born based located visit visiting"
          + " visited travel traveling trip flight flew city town country state county region"
          + " province capital downtown across outside inside around via toward towards";
  private static final String ORG_CUES =
      "works work working worked at for joined join company employer firm hired employed"
          + " intern interned ceo cto founder of bank startup organization organisation team";
  private static final String CALENDAR_WORDS =
      "january february march april may june july august september october november december"
          + " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday"
          + " friday saturday sunday mon tue tues wed thu thurs fri sat sun today tomorrow"
          + " yesterday tonight morning afternoon evening night week month year";
  private static final String FUNCTION_WORDS =
      "the a an and or but if of in on at to for from by with about as into like through after"
          + " over between out against during without before under around among i me my we our"
          + " you your he him his she her it its they them their this that these those what"
          + " which who whom whose is are was were be been being have has had do does did will"
          + " would shall should can could may might must not no yes so than too very just"
          + " please thank thanks hi hello dear regards best all any each every some such"
          + " here there when where why how then now also only new";
  private static final String PARTICLES =
      "of and the de da del della di du van von der den la le y bin al dos das st for on upon";
  private static final String NAME_SUFFIXES = "jr sr ii iii iv md phd esq dds rn dvm";

  private final LongIntMap words;
  private final LongIntMap phrases;

  private Lexicon(LongIntMap words, LongIntMap phrases) {
    this.words = words;
    this.phrases = phrases;
  }

  static Lexicon load() {
    LongIntMap words = new LongIntMap(1 << 18);
    LongIntMap phrases = new LongIntMap(4096);
    try {
      try (BufferedReader r = reader("names.tsv.gz", true)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("#") || line.isEmpty()) {
            continue;
          }
          int a = line.indexOf('\t');
          int b = line.indexOf('\t', a + 1);
          int c = line.indexOf('\t', b + 1);
          int given = Integer.parseInt(line, a + 1, b, 10);
          int surname = Integer.parseInt(line, b + 1, c, 10);
          boolean common = line.charAt(c + 1) == '1';
          words.or(Hashing.lower(line, 0, a),
              Math.min(31, given) | Math.min(31, surname) << 5 | (common ? COMMON : 0));
        }
      }
      try (BufferedReader r = reader("places.tsv", false)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("#") || line.isEmpty()) {
            continue;
          }
          String[] f = line.split("\t");
          int kind = switch (f[0]) {
            case "country" -> P_COUNTRY;
            case "state" -> P_STATE;
            case "city" -> P_CITY;
            default -> P_REGION;
          };
          addPhrase(words, phrases, f[1], kind);
        }
      }
      try (BufferedReader r = reader("organizations.txt", false)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.startsWith("#") && !line.isBlank()) {
            addPhrase(words, phrases, line.strip(), P_ORG);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the NER lexicon", e);
    }
    flag(words, TITLES, TITLE);
    flag(words, ORG_SUFFIXES, ORG_SUFFIX);
    flag(words, ORG_HEADS, ORG_HEAD);
    flag(words, STREET_TYPES, STREET_TYPE);
    flag(words, PERSON_CUES, PERSON_CUE);
    flag(words, LOCATION_CUES, LOCATION_CUE);
    flag(words, ORG_CUES, ORG_CUE);
    flag(words, CALENDAR_WORDS, CALENDAR);
    flag(words, FUNCTION_WORDS, FUNCTION);
    flag(words, NAME_SUFFIXES, NAME_SUFFIX);
    flag(words, PARTICLES, PARTICLE);
    return new Lexicon(words, phrases);
  }

  private static BufferedReader reader(String name, boolean gzip) throws IOException {
    InputStream in = Lexicon.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing resource " + name);
    }
    if (gzip) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void flag(LongIntMap words, String list, int flag) {
    for (String w : list.split("\\s+")) {
      words.or(Hashing.lower(w), flag);
    }
  }

  private static void addPhrase(LongIntMap words, LongIntMap phrases, String phrase, int kind) {
    Tokens t = Tokens.of(phrase);
    if (t.size == 0 || t.size > MAX_PHRASE) {
      return;
    }
    long h = 0;
    for (int i = 0; i < t.size; i++) {
      h = Hashing.combine(h, t.lowerHash(i));
    }
    boolean acronym = phrase.length() <= 4 && phrase.chars().noneMatch(Character::isLowerCase);
    phrases.or(h, kind | (acronym ? P_ACRONYM : 0));
    words.or(t.lowerHash(0), PHRASE_START);
  }

  /** The packed entry of a word, 0 when unknown. */
  int word(long lowerHash) {
    return words.get(lowerHash);
  }

  int phrase(long phraseHash) {
    return phrases.get(phraseHash);
  }

  static int givenLevel(int entry) {
    return entry & 31;
  }

  static int surnameLevel(int entry) {
    return (entry >>> 5) & 31;
  }
}
