package dev.veil.detect.ner;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.NrpRecognizer;
import java.util.List;

/**
 * Finds {@link EntityType#PERSON}, {@link EntityType#LOCATION} and {@link EntityType#ORGANIZATION}
 * with the trained {@link Tagger}, then adjusts scores with the name tables: a single-token name
 * that is also an everyday word ("Will", "May", "Rose") needs context to score high.
 *
 * <p>Thread-safe: all state is immutable after construction; each call works in its own {@link
 * Scratch}.
 */
final class NameRecognizer implements Recognizer {

  static final String NAME = "ner";

  private final Tagger tagger;

  NameRecognizer(Tagger tagger) {
    this.tagger = tagger;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    Scratch scratch = Scratch.acquire();
    try {
      recognize(prepare(Tokens.of(text, scratch), scratch), scratch, out);
    } finally {
      scratch.release();
    }
  }

  /** The tagger's per-text data of {@code t}, in arrays of {@code scratch}, which made it. */
  Tagger.Doc prepare(Tokens t, Scratch scratch) {
    return tagger.prepare(t, scratch);
  }

  /** Finds entities in the text of {@code d}, using the other arrays of {@code scratch}. */
  void recognize(Tagger.Doc d, Scratch scratch, List<Finding> out) {
    Tokens t = d.tokens;
    float[] confidence = scratch.confidence(t.size);
    int[] tags = scratch.tags(t.size);
    tagger.decode(d, scratch, tags, confidence);
    applyGazetteerPhrases(d, tags);
    applyOrganisationPatterns(d, tags);
    dropFieldLabels(t, tags);
    applySpeakerLabels(d, tags);
    applyHonorifics(d, tags);
    applyGreetingsAndSignOffs(d, tags);
    applyFamilies(d, tags);
    applyNameLists(d, tags);
    applyRepeatedNames(d, tags);
    extendPersons(d, tags);
    int i = 0;
    while (i < t.size) {
      int tag = tags[i];
      if (tag == Tagger.O || tag % 2 == 0) {
        i++;
        continue;
      }
      int j = i + 1;
      double sum = confidence[i];
      // no entity runs across a line break, whatever a pattern below made of the tags
      while (j < t.size && tags[j] == tag + 1 && !t.is(j, Tokens.NEWLINE_BEFORE)) {
        sum += confidence[j];
        j++;
      }
      int last = j - 1;
      while (last > i && (!t.is(last, Tokens.LETTER) || (d.info(last) & Lexicon.PARTICLE) != 0)) {
        last--;
      }
      int end = t.end[last];
      if (last + 1 < t.size && t.isPunct(last + 1, '.') && t.start[last + 1] == end
          && (listed(t, last, ABBREVIATIONS) || t.length(last) == 1)) {
        end++;
      }
      double score = adjust(d, tag, i, last, sum / (j - i));
      boolean noName = i == last && (tag == Tagger.B_PER && listed(t, i, NOT_NAMES)
          || t.is(i, Tokens.ALL_UPPER) && t.length(i) <= 5
              && (listed(t, i, COMMON_ACRONYMS) || listed(t, i, ACRONYM_LABELS)))
          || identifier(t.text, t.start[i], end) || language(t, i);
      if (score >= MIN_SCORE && !noName) {
        out.add(new Finding(type(tag), t.start[i], end, score, NAME));
      }
      i = j;
    }
    Handles.find(t.text, out);
  }

  private static boolean word(Tagger.Doc d, int i) {
    Tokens t = d.tokens;
    return i < t.size && t.is(i, Tokens.LETTER) && !t.is(i, Tokens.EMBEDDED)
        && (d.caseMode != Tagger.CASE_MIXED || t.is(i, Tokens.UPPER_FIRST));
  }

  private static void retag(int[] tags, int from, int to, int bTag) {
    tags[from] = bTag;
    for (int k = from + 1; k < to; k++) {
      tags[k] = bTag + 1;
    }
  }

  /**
   * The index after the entity that starts at {@code i}, or {@code i} if none starts there;
   * {@code n} tokens are tagged.
   */
  private static int entityEnd(int[] tags, int n, int i) {
    if (i >= n || tags[i] == Tagger.O || tags[i] % 2 == 0) {
      return i;
    }
    int j = i + 1;
    while (j < n && tags[j] == tags[i] + 1) {
      j++;
    }
    return j;
  }

  /**
   * Organisation shapes the model splits: "Ames, Gantt and Clow" (law-firm style, also with "und",
   * "y", "e", "et", "en", "og", "och", "és", "ja", "i" or "&"), "University
   * of New Hampshire" (head word + of + place), "Saint Louis Medical Center" (place + suffix).
   */
  private static void applyOrganisationPatterns(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    for (int i = 0; i < n; i++) {
      if (!word(d, i)) {
        continue;
      }
      if (i + 4 < n && t.isPunct(i + 1, ',') && word(d, i + 2) && (listed(t, i + 3, AND) || t.isPunct(i + 3, '&'))
          && word(d, i + 4) && Lexicon.surnameLevel(d.info(i)) > 0 && Lexicon.surnameLevel(d.info(i + 2)) > 0
          && Lexicon.surnameLevel(d.info(i + 4)) > 0 && (i + 5 >= n || !t.isPunct(i + 5, ','))
          && (i == 0 || !t.isPunct(i - 1, ','))) {
        retag(tags, i, i + 5, Tagger.B_ORG);
        i += 4;
        continue;
      }
      if ((d.info(i) & Lexicon.ORG_HEAD) != 0 && i + 2 < n && t.equalsIgnoreCase(i + 1, "of") && word(d, i + 2)) {
        int end = entityEnd(tags, n, i + 2);
        if (end == i + 2) {
          end = i + 3;
        }
        if (tags[i] != Tagger.O && tags[i] != Tagger.B_ORG) {
          continue;
        }
        retag(tags, i, end, Tagger.B_ORG);
        i = end - 1;
        continue;
      }
      int end = entityEnd(tags, n, i);
      if (end > i && tags[i] != Tagger.B_ORG) {
        int k = end;
        // Without capitals to go by, only a suffix right after the entity joins it.
        int reach = d.caseMode == Tagger.CASE_MIXED ? 3 : 1;
        while (k < n && k < end + reach && word(d, k) && !t.is(k, Tokens.NEWLINE_BEFORE)
            && (d.info(k) & Lexicon.ORG_SUFFIX) == 0) {
          k++;
        }
        if (k < n && k < end + reach && word(d, k) && !t.is(k, Tokens.NEWLINE_BEFORE)
            && (d.info(k) & Lexicon.ORG_SUFFIX) != 0 && (d.info(k) & Lexicon.PARTICLE) == 0) {
          retag(tags, i, k + 1, Tagger.B_ORG);
          i = k;
        } else {
          i = end - 1;
        }
      }
    }
  }

  /**
   * A word that starts a line and is followed by a colon, as the labels of a form or record are
   * ("City: Boston", "MAC: 00:1A:..."), is no entity when it is a common field name; the value
   * after it is tagged on its own. Acronym labels count only in capitals, so that a speaker "Mac:"
   * in a chat transcript stays a name.
   */
  private static void dropFieldLabels(Tokens t, int[] tags) {
    for (int i = 0; i + 1 < t.size; i++) {
      if (tags[i] == Tagger.O || (i > 0 && !t.is(i, Tokens.NEWLINE_BEFORE))
          || !t.isPunct(i + 1, ':') || (i + 2 < t.size && tags[i + 2] == tags[i] + 1)) {
        continue;
      }
      if (listed(t, i, FIELD_LABELS) || (t.is(i, Tokens.ALL_UPPER) && listed(t, i, ACRONYM_LABELS))) {
        tags[i] = Tagger.O;
      }
    }
  }

  /**
   * A transcript's speaker labels are persons: one to three capitalised name words that start a
   * line and are followed by a colon and words on the same line ("Anna Kovács: sure", "Mac: are
   * you coming?"), where at least two lines of the text start so. Field labels never count, nor do
   * labels in capitals ("Q:", "NOTE:") unless they are known names.
   */
  private static void applySpeakerLabels(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    int labelled = 0;
    for (int i = 0; i < n && labelled < 2; i++) {
      if (t.is(i, Tokens.NEWLINE_BEFORE) || i == 0) {
        int end = speakerEnd(d, i);
        labelled += end > i ? 1 : 0;
      }
    }
    if (labelled < 2) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if ((t.is(i, Tokens.NEWLINE_BEFORE) || i == 0)) {
        int end = speakerEnd(d, i);
        if (end > i && !(tags[i] == Tagger.B_PER && end == entityEnd(tags, n, i))) {
          retag(tags, i, end, Tagger.B_PER);
        }
      }
    }
  }

  /** The end of a speaker label that starts at {@code i}, or {@code i} if none does. */
  private static int speakerEnd(Tagger.Doc d, int i) {
    Tokens t = d.tokens;
    int end = i;
    while (end < t.size && end < i + 3 && word(d, end) && t.is(end, Tokens.UPPER_FIRST)
        && t.length(end) > 1
        && (end == i || !t.is(end, Tokens.NEWLINE_BEFORE))
        && (d.info(end) & (Lexicon.FUNCTION | Lexicon.TITLE)) == 0
        && !listed(t, end, FIELD_LABELS) && !listed(t, end, NOT_NAMES)
        && !(t.is(end, Tokens.ALL_UPPER) && t.length(end) > 1 && Lexicon.givenLevel(d.info(end)) == 0)) {
      end++;
    }
    boolean spoken = end > i && end + 1 < t.size && t.isPunct(end, ':')
        && !t.is(end + 1, Tokens.NEWLINE_BEFORE) && t.is(end + 1, Tokens.LETTER)
        && !t.is(end + 1, Tokens.DIGIT) && t.start[end] == t.end[end - 1];
    return spoken ? end : i;
  }

  /**
   * A language named as the language of a text ("Answer in English", "translate it into German"): no place, person or organisation.
   */
  private static boolean language(Tokens t, int i) {
    return i > 0 && t.length(i) >= 4 && listed(t, i, LANGUAGES)
        && (i + 1 >= t.size || !t.is(i + 1, Tokens.UPPER_FIRST))
        && NrpRecognizer.languageUse(t.text.subSequence(t.start[i - 1], t.end[i - 1]).toString()
            .toLowerCase(java.util.Locale.ROOT));
  }

  private static final String[] LANGUAGES = {"english", "french", "german", "spanish", "italian",
      "portuguese", "dutch", "polish", "russian", "chinese", "mandarin", "cantonese", "japanese",
      "korean", "arabic", "hindi", "turkish", "swedish", "norwegian", "danish", "finnish", "greek",
      "czech", "slovak", "hungarian", "romanian", "bulgarian", "ukrainian", "hebrew", "vietnamese",
      "thai", "indonesian", "malay", "bengali", "urdu", "persian", "farsi", "swahili", "tagalog",
      "catalan", "croatian", "serbian", "slovenian", "estonian", "latvian", "lithuanian",
      "icelandic", "irish", "welsh", "latin", "punjabi", "tamil", "telugu", "marathi", "gujarati"};

  /**
   * A part of a programming identifier ({@code OPENAI_API_KEY}, {@code user_Name}): the span
   * touches an underscore.
   */
  private static boolean identifier(CharSequence text, int start, int end) {
    return start > 0 && text.charAt(start - 1) == '_' || end < text.length() && text.charAt(end) == '_';
  }

  /**
   * A person's name goes on over a capitalised word that follows it on the same line and that no
   * table knows as anything but a name ("I am Zebulon Quarrington, a nurse": the model stopped
   * at the given name), so that protecting the name never leaves half of it in clear.
   */
  private static void extendPersons(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    for (int i = 0; i < n; i++) {
      if (tags[i] != Tagger.B_PER) {
        continue;
      }
      int e = entityEnd(tags, n, i);
      if (e < n && e - i < 4 && tags[e] == Tagger.O && word(d, e) && t.is(e, Tokens.UPPER_FIRST)
          && !t.is(e, Tokens.NEWLINE_BEFORE) && t.length(e) > 1 && t.start[e] == t.end[e - 1] + 1
          && (d.caseMode != Tagger.CASE_UPPER || Lexicon.surnameLevel(d.info(e)) > 0)
          && (d.info(e) & (Lexicon.FUNCTION | Lexicon.COMMON | Lexicon.CALENDAR | Lexicon.TITLE
              | Lexicon.ORG_SUFFIX | Lexicon.STREET_TYPE | Lexicon.ORG_HEAD)) == 0
          && d.gaz[e] == 0 && !identifier(t.text, t.start[e], t.end[e])) {
        tags[e] = Tagger.I_PER;
        e++;
      }
      i = e - 1;
    }
  }

  /**
   * "The Nowak family", "the Quiñones family": one or two capitalised words before "family" (or
   * "household", "twins") are a person's surname.
   */
  private static void applyFamilies(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    for (int k = 1; k < t.size; k++) {
      char f = t.first(k);
      if (f != 'f' && f != 'h' && f != 't' || t.length(k) < 5 || tags[k] != Tagger.O
          || !listed(t, k, FAMILY_WORDS)) {
        continue;
      }
      int from = k;
      while (from > 0 && from > k - 2 && tags[from - 1] != Tagger.B_PER + 1 && word(d, from - 1)
          && t.is(from - 1, Tokens.UPPER_FIRST) && !t.is(from, Tokens.NEWLINE_BEFORE)
          && (d.info(from - 1) & (Lexicon.FUNCTION | Lexicon.COMMON | Lexicon.TITLE)) == 0) {
        from--;
      }
      if (from < k && (from == 0 || !t.is(from - 1, Tokens.UPPER_FIRST) || !t.is(from - 1, Tokens.LETTER))) {
        retag(tags, from, k, Tagger.B_PER);
      }
    }
  }

  private static final String[] FAMILY_WORDS = {"family", "families", "household", "twins"};

  /**
   * A list of names: where the model tagged one item of a list as a person ("List: Jorge Luis
   * Téllez, Priit Kaasik, Lisanne Siebert"; "week 1 Henry, week 2 Gregorio"), the other items of
   * one to three capitalised words that no table knows as everyday words are persons too. Items
   * are separated by commas, semicolons, "and", "&" or line breaks that start with the same
   * bullet; an item tagged otherwise by the model keeps its tag.
   */
  private static void applyNameLists(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    for (int i = 0; i < n; i++) {
      if (tags[i] != Tagger.B_PER) {
        continue;
      }
      int end = entityEnd(tags, n, i);
      // items after the person, then before it
      int j = end;
      while (true) {
        int next = listItemAfter(d, tags, j);
        if (next < 0) {
          break;
        }
        int itemEnd = nameItemEnd(d, tags, next);
        if (itemEnd <= next) {
          break;
        }
        if (tags[next] == Tagger.O) {
          retag(tags, next, itemEnd, Tagger.B_PER);
        } else if (tags[next] != Tagger.B_PER) {
          break;
        }
        j = entityEnd(tags, n, next) > next ? entityEnd(tags, n, next) : itemEnd;
      }
      i = Math.max(i, j - 1);
    }
  }

  /** The first token of the list item that follows a separator at {@code j}, or -1. */
  private static int listItemAfter(Tagger.Doc d, int[] tags, int j) {
    Tokens t = d.tokens;
    if (j >= t.size || t.is(j, Tokens.NEWLINE_BEFORE)) {
      return -1;
    }
    if (t.isPunct(j, ',') || t.isPunct(j, ';') || t.isPunct(j, '&') || t.equalsIgnoreCase(j, "and")) {
      int k = j + 1;
      if (k < t.size && t.equalsIgnoreCase(k, "and") && t.isPunct(j, ',')) {
        k++;
      }
      // "week 2 Gregorio": a short lowercase word and a number may lead an item
      if (k + 2 < t.size && !t.is(k, Tokens.UPPER_FIRST) && t.is(k, Tokens.LETTER)
          && t.is(k + 1, Tokens.DIGIT) && !t.is(k + 1, Tokens.LETTER)) {
        k += 2;
      }
      return k < t.size && !t.is(k, Tokens.NEWLINE_BEFORE) ? k : -1;
    }
    return -1;
  }

  /** The end of a name-like item of one to three capitalised words at {@code k}, or {@code k}. */
  private static int nameItemEnd(Tagger.Doc d, int[] tags, int k) {
    Tokens t = d.tokens;
    if (tags[k] != Tagger.O) {
      return entityEnd(tags, t.size, k);
    }
    int e = k;
    while (e < t.size && e < k + 3 && tags[e] == Tagger.O && word(d, e) && t.is(e, Tokens.UPPER_FIRST)
        && (e == k || !t.is(e, Tokens.NEWLINE_BEFORE)) && t.length(e) > 1
        && (d.info(e) & (Lexicon.FUNCTION | Lexicon.COMMON | Lexicon.TITLE | Lexicon.CALENDAR
            | Lexicon.ORG_SUFFIX | Lexicon.STREET_TYPE)) == 0
        && !listed(t, e, NOT_NAMES)) {
      e++;
    }
    // the item must end where the list goes on or the sentence ends
    if (e > k && e < t.size && !(t.isPunct(e, ',') || t.isPunct(e, ';') || t.isPunct(e, '&')
        || t.isPunct(e, '.') || t.isPunct(e, '(') || t.equalsIgnoreCase(e, "and")
        || t.is(e, Tokens.NEWLINE_BEFORE))) {
      return k;
    }
    return e;
  }

  /**
   * A word that the text names a person with elsewhere ("Tell Maria ... Maria said") is that
   * person wherever it stands as a capitalised word (in lowercase text, as any word) and the
   * model left it untagged.
   */
  private static void applyRepeatedNames(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    long[] names = null;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if ((tags[i] == Tagger.B_PER || tags[i] == Tagger.I_PER) && word(d, i) && t.length(i) > 2
          && (d.info(i) & (Lexicon.FUNCTION | Lexicon.COMMON | Lexicon.TITLE)) == 0) {
        if (names == null) {
          names = new long[8];
        } else if (count == names.length) {
          names = java.util.Arrays.copyOf(names, count * 2);
        }
        names[count++] = d.lower(i);
      }
    }
    if (count == 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (tags[i] != Tagger.O || !word(d, i) || t.length(i) < 3
          || d.caseMode == Tagger.CASE_MIXED && !t.is(i, Tokens.UPPER_FIRST)
          || i > 0 && tags[i - 1] != Tagger.O) {
        continue;
      }
      long h = d.lower(i);
      for (int k = 0; k < count; k++) {
        if (names[k] == h) {
          tags[i] = Tagger.B_PER;
          break;
        }
      }
    }
  }

  /**
   * A capitalised word right after an honorific ("Dr Perkins", "Mrs. Fearing") is a person even
   * where the model left it untagged, with the capitalised name words that follow on the same
   * line; the model handles the dotted forms better than the bare ones. Only unambiguous
   * honorifics count: "General" or "Agent" also start other names.
   */
  private static void applyHonorifics(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    for (int h = 0; h < n; h++) {
      if (!t.is(h, Tokens.UPPER_FIRST) || t.length(h) > 4 || !listed(t, h, HONORIFICS)) {
        continue;
      }
      int i = h + 1 < n && t.isPunct(h + 1, '.') ? h + 2 : h + 1;
      if (i >= n || tags[i] != Tagger.O || !word(d, i) || !t.is(i, Tokens.UPPER_FIRST)
          || t.is(i, Tokens.NEWLINE_BEFORE) || (d.info(i) & Lexicon.FUNCTION) != 0) {
        continue;
      }
      int end = i + 1;
      while (end < n && tags[end] == Tagger.O && word(d, end) && t.is(end, Tokens.UPPER_FIRST)
          && !t.is(end, Tokens.NEWLINE_BEFORE) && (d.info(end) & Lexicon.FUNCTION) == 0
          && (Lexicon.surnameLevel(d.info(end)) > 0 || Lexicon.givenLevel(d.info(end)) > 0)) {
        end++;
      }
      retag(tags, i, end, Tagger.B_PER);
      h = end - 1;
    }
  }

  private static final String[] HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof",
      "sir", "dame"};

  /**
   * The name a message greets or is signed with: "Hi Pearl, thanks ...", "Dear Anna Berg!",
   * "Cheers, Syed" at the end of a line or of the text. One to three name words the model left
   * untagged; words that greet a group ("Hi team", "Hello everyone") or are titles never count.
   */
  private static void applyGreetingsAndSignOffs(Tagger.Doc d, int[] tags) {
    Tokens t = d.tokens;
    int n = t.size;
    for (int g = 0; g + 1 < n; g++) {
      // cheap tests first: this runs for every token
      char f = t.first(g);
      boolean greeting = t.length(g) <= 5 && (f == 'h' || f == 'H' || f == 'd' || f == 'D')
          && listed(t, g, GREETINGS);
      boolean signOff = !greeting && t.isPunct(g + 1, ',') && listed(t, g, SIGN_OFFS);
      if (!greeting && !signOff) {
        continue;
      }
      int i = signOff ? g + 2 : g + 1;
      if (greeting && tags[g] != Tagger.O && tags[g] % 2 == 1 && i < n && tags[i] == tags[g] + 1) {
        // the greeting word is never part of the name: "Hi Pearl" tagged as one entity
        tags[g] = Tagger.O;
        tags[i] = Tagger.O;
      }
      if (i >= n || tags[i] != Tagger.O || !nameWord(d, i)) {
        continue;
      }
      int end = i + 1;
      while (end < n && end < i + 3 && tags[end] == Tagger.O && !t.is(end, Tokens.NEWLINE_BEFORE)
          && nameWord(d, end)) {
        end++;
      }
      boolean closed = end >= n || t.is(end, Tokens.NEWLINE_BEFORE)
          || greeting && (t.isPunct(end, ',') || t.isPunct(end, '!'));
      if (closed) {
        retag(tags, i, end, Tagger.B_PER);
        g = end - 1;
      }
    }
  }

  private static boolean nameWord(Tagger.Doc d, int i) {
    return word(d, i) && (d.info(i) & (Lexicon.FUNCTION | Lexicon.TITLE)) == 0
        && !listed(d.tokens, i, NOT_NAMES);
  }

  private static final String[] GREETINGS = {"hi", "hello", "hey", "dear", "hiya", "howdy"};

  private static final String[] SIGN_OFFS = {"cheers", "thanks", "regards", "sincerely", "best",
      "love", "thx", "warmly", "yours"};

  private static final String[] NOT_NAMES = {"team", "all", "everyone", "everybody", "world",
      "there", "folks", "guys", "friends", "friend", "support", "again", "sir", "madam", "customer",
      "colleagues", "bro", "mate", "buddy", "dude", "so", "much", "lot"};

  private static boolean listed(Tokens t, int i, String[] words) {
    for (String w : words) {
      if (t.equalsIgnoreCase(i, w)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] FIELD_LABELS = {"name", "city", "town", "country", "state",
      "county", "region", "province", "address", "street", "zip", "postcode", "company",
      "employer", "organization", "organisation", "department", "team", "office", "branch",
      "bank", "location", "site", "email", "phone", "mobile", "fax", "status", "notes", "note",
      "date", "time", "title", "subject", "contact", "account", "project", "role", "position",
      "nationality", "language", "gender", "occupation", "school", "university", "hospital",
      "server", "host", "card", "password", "username", "reference"};

  private static final String[] ACRONYM_LABELS = {"mac", "ip", "id", "dob", "ssn", "nhs", "nino",
      "iban", "bic", "swift", "pin", "cvv", "url", "vat", "ein", "tin", "po"};

  /** Acronyms of everyday office and computing words, which name no one: "send the NDA". */
  private static final String[] COMMON_ACRONYMS = {"nda", "tcp", "udp", "api", "sql", "http",
      "https", "pdf", "ceo", "cto", "cfo", "coo", "cio", "hr", "faq", "eta", "asap", "kpi", "roi",
      "gdpr", "sla", "json", "csv", "xml", "html", "css", "vpn", "ui", "ux", "ai", "ml", "llm",
      "gpu", "cpu", "ram", "ssd", "usb", "dns", "ssh", "tls", "ssl", "rsvp", "fyi", "tbd", "eod",
      "ooo", "pto", "b2b", "b2c", "saas", "crm", "erp", "qa", "mvp", "okr", "rfp", "sow", "po",
      "vat", "ssn", "dob", "otp", "pin", "sms", "mfa", "sso", "jwt", "yaml", "toml", "aws"};

  /** "and" in the languages whose firms are named "A, B and C". */
  private static final String[] AND = {"and", "und", "y", "e", "et", "en", "og", "och", "és", "ja", "i"};

  private static final String[] ABBREVIATIONS = {"inc", "ltd", "co", "corp", "jr", "sr", "bros", "st"};

  /**
   * A known multi-word place or organisation that the model tagged in part becomes one entity of
   * the gazetteer's type: "Boston Consulting Group" is not a city followed by two words.
   */
  private static void applyGazetteerPhrases(Tagger.Doc d, int[] tags) {
    int n = d.tokens.size;
    for (int i = 0; i < n; i++) {
      int kind = d.gaz[i] & 0xff;
      if (kind == 0 || i + 1 >= n || (d.gaz[i + 1] >>> 8 & kind) == 0) {
        continue;
      }
      int end = i + 1;
      while (end < n && (d.gaz[end] >>> 8 & kind) != 0) {
        end++;
      }
      boolean tagged = false;
      for (int k = i; k < end; k++) {
        tagged |= tags[k] != Tagger.O;
      }
      if (!tagged || end < n && tags[end] != Tagger.O && tags[end] % 2 == 0) {
        continue;
      }
      int b = (kind & Lexicon.P_ORG) != 0 ? Tagger.B_ORG : Tagger.B_LOC;
      tags[i] = b;
      for (int k = i + 1; k < end; k++) {
        tags[k] = b + 1;
      }
      i = end - 1;
    }
  }

  private static final double MIN_SCORE = 0.2;

  private static EntityType type(int bTag) {
    return switch (bTag) {
      case Tagger.B_PER -> EntityType.PERSON;
      case Tagger.B_LOC -> EntityType.LOCATION;
      default -> EntityType.ORGANIZATION;
    };
  }

  private double adjust(Tagger.Doc d, int tag, int first, int last, double confidence) {
    Tokens t = d.tokens;
    double score = 0.35 + 0.6 * confidence;
    if (first != last) {
      return score;
    }
    int info = d.info(first);
    boolean cued = first > 0 && (d.info(first - 1) & (Lexicon.TITLE | Lexicon.PERSON_CUE | Lexicon.LOCATION_CUE)) != 0
        || first > 1 && t.isPunct(first - 1, '.') && (d.info(first - 2) & Lexicon.TITLE) != 0;
    if (tag == Tagger.B_PER && (info & (Lexicon.COMMON | Lexicon.CALENDAR | Lexicon.FUNCTION)) != 0 && !cued) {
      score -= 0.3;
    }
    if (t.is(first, Tokens.SENTENCE_START) && !cued && d.gaz[first] == 0
        && Lexicon.givenLevel(info) < 10 && Lexicon.surnameLevel(info) < 10) {
      score -= 0.15;
    }
    return Math.max(0, Math.min(1, score));
  }
}
