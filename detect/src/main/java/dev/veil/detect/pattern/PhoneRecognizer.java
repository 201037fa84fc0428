package dev.veil.detect.pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.TextIndex;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, validated by libphonenumber against its per-region numbering plans.
 *
 * <p>A hand-written scanner finds short runs of digits and phone punctuation ({@code + ( ) - . /}
 * and single spaces) holding 7 to 15 digits. Runs shaped like a dotted IPv4 address or a
 * numeric date are left to those recognizers. Each remaining run is read as a number:
 * internationally when it starts with {@code +} or {@code 00} (country code, then national
 * number), otherwise once per default region in order: the region's trunk prefix (the {@code 0} of GB,
 * DE, FR, the {@code 1} of US) is dropped, and is required except for ten-digit numbers of the
 * North American plan and India, which are customarily written without it. The number is accepted only if
 * {@link PhoneNumberUtil#isValidNumber} says it is a valid number of that country; this is the
 * check of {@link PhoneNumberUtil.Leniency#VALID}.
 *
 * <p>Digits alone are ambiguous across countries (Danish "60-56-85-91" is also an order number),
 * so the national formats of the many other countries ({@code cuedRegions}) are read only when a
 * phone word ({@link #CONTEXT_WORDS}, in several languages) starts a word in the {@value
 * #CUE_WINDOW} chars before the run and no look-alike word ({@link #LOOK_ALIKE_WORDS}) does, and
 * the run is not shaped like an amount, a decimal or a date ("Call volume was 12 345 678"). After
 * such a word, a run that no numbering plan accepts is still reported when it is shaped like a
 * phone number (a known country code and a length that country uses, or two or more groups of
 * national digits), with score {@value #CUED_SHAPE_SCORE} and kind {@code "cued_shape"}: people
 * and test-data generators write numbers that are not assigned. A number of a length that no region of its
 * country accepts is refused before that call, which would refuse it too. The run is not handed
 * to {@code
 * PhoneNumberUtil.findNumbers} or {@code parse}: both cost tens of microseconds per call, which
 * alone would spend the whole latency budget of a prompt.
 *
 * <h2>Warning</h2>
 * Validation still costs a few microseconds, so a text made of nothing but phone-like numbers
 * could take long. Each scan validates at most {@value #BASE_BUDGET} runs plus one per {@value
 * #CHARS_PER_EXTRA} chars of text (far more than any real prompt holds); runs beyond that budget
 * are reported unvalidated, with score {@value #UNVALIDATED_SCORE} and kind {@code
 * "unvalidated"}: the scan stays linear and fails closed (it over-reports rather than lets numbers
 * through).
 */
public final class PhoneRecognizer implements Recognizer.Indexed {

  private static final int MAX_RUN = 32;
  static final int BASE_BUDGET = 256;
  static final int CHARS_PER_EXTRA = 256;
  static final double UNVALIDATED_SCORE = 0.5;

  /**
   * A number written the way North American numbers are ({@code (415) 555-0132}, {@code
   * 415-555-0132}, {@code +1 415 555 0132}) whose area code libphonenumber does not know as
   * assigned: still a phone number to a reader, so it is reported, with a lower score.
   */
  static final double NANP_SHAPE_SCORE = 0.5;

  static final double CUED_SHAPE_SCORE = 0.5;

  /** Chars before a run searched for a phone word. */
  static final int CUE_WINDOW = 32;

  /**
   * Words that announce a phone number, lowercase, matched at the start of a word (so "tel" covers
   * "Telefon", "teléfono", "telefone"); also the default context words of phone numbers.
   */
  public static final List<String> CONTEXT_WORDS = List.of("phone", "tel", "tél", "mobile",
      "mobil", "móvil", "movil", "cell", "celular", "call", "ring", "dial", "fax", "whatsapp",
      "text me", "sms", "contact", "reach me", "reach us", "handy", "natel", "portable", "gsm",
      "bel me", "bellen", "llam", "ligue", "ligar", "chiam", "appel", "anruf", "rufen sie",
      "erreichen", "zadzwo", "puhelin", "hotline", "helpline", "hubungi", "hp ", "điện thoại",
      "cep ", "телефон", "тел", "моб", "τηλ", "電話", "电话", "手机", "携帯", "휴대폰", "전화");

  /** Words that announce a number that only looks like a phone number. */
  static final List<String> LOOK_ALIKE_WORDS = List.of("order", "invoice", "tracking", "isbn",
      "ticket", "version", "serial", "build", "sku", "ref", "account", "customer id", "lot ");

  private static final WordList CUES = new WordList(CONTEXT_WORDS);
  private static final WordList LOOK_ALIKES = new WordList(LOOK_ALIKE_WORDS);

  /** libphonenumber's own metadata, the one {@link #util} validates against. */
  private static final MetadataSource METADATA =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  /** Per country calling code: {@link #possibleLengths} with bit 31 set once computed. */
  private final AtomicIntegerArray lengthsByCountryCode = new AtomicIntegerArray(1000);
  private final int[] countryCodes;
  private final String[] nationalPrefixes;
  private final int[] cuedCountryCodes;
  private final String[] cuedNationalPrefixes;

  /**
   * @param regions ISO 3166-1 alpha-2 codes of the regions whose national formats to accept
   */
  public PhoneRecognizer(List<String> regions) {
    this(regions, List.of());
  }

  /**
   * @param regions ISO 3166-1 alpha-2 codes of the regions whose national formats to accept
   * @param cuedRegions those whose national formats to accept after a phone word only
   */
  public PhoneRecognizer(List<String> regions, List<String> cuedRegions) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("at least one default phone region is needed");
    }
    countryCodes = new int[regions.size()];
    nationalPrefixes = new String[regions.size()];
    readRegions(regions, countryCodes, nationalPrefixes);
    List<String> extra = cuedRegions.stream().map(r -> r.toUpperCase(Locale.ROOT)).distinct()
        .filter(r -> !regions.contains(r)).toList();
    int[] ccs = new int[extra.size()];
    String[] ndds = new String[extra.size()];
    readRegions(extra, ccs, ndds);
    // regions sharing a country code (US and CA, RU and KZ) are validated together
    int kept = 0;
    for (int i = 0; i < ccs.length; i++) {
      boolean seen = false;
      for (int k = 0; k < kept; k++) {
        seen |= ccs[k] == ccs[i] && ndds[k].equals(ndds[i]);
      }
      if (!seen) {
        ccs[kept] = ccs[i];
        ndds[kept++] = ndds[i];
      }
    }
    cuedCountryCodes = Arrays.copyOf(ccs, kept);
    cuedNationalPrefixes = Arrays.copyOf(ndds, kept);
  }

  private void readRegions(List<String> regions, int[] ccs, String[] ndds) {
    for (int i = 0; i < regions.size(); i++) {
      String r = regions.get(i).toUpperCase(Locale.ROOT);
      if (!util.getSupportedRegions().contains(r)) {
        throw new IllegalArgumentException("unknown phone region: " + regions.get(i));
      }
      ccs[i] = util.getCountryCodeForRegion(r);
      String ndd = util.getNddPrefixForRegion(r, true);
      ndds[i] = ndd == null ? "" : ndd;
    }
  }

  @Override
  public String name() {
    return "phone";
  }


  @Override
  public void recognize(CharSequence text, TextIndex index, List<Finding> out) {
    int n = text.length();
    int budget = BASE_BUDGET + n / CHARS_PER_EXTRA;
    char[] digits = new char[16];
    int[] groups = new int[MAX_RUN];
    // -1 once there is none left
    int nextPlus = Chars.indexOf(text, '+', 0);
    int nextParen = Chars.indexOf(text, '(', 0);
    int i = 0;
    while (i < n) {
      if (nextPlus >= 0 && nextPlus < i) {
        nextPlus = Chars.indexOf(text, '+', i);
      }
      if (nextParen >= 0 && nextParen < i) {
        nextParen = Chars.indexOf(text, '(', i);
      }
      i = firstOf(index.nextDigit(i), nextPlus, nextParen);
      if (i < 0) {
        break;
      }
      char c = text.charAt(i);
      if (!Chars.wordStart(text, i)) {
        i = Chars.skipAlnum(text, i + 1);
        continue;
      }
      int j = i;
      int count = 0;
      int lastDigit = -1;
      int groupCount = 0;
      int slashes = 0;
      char sep = 0;
      boolean mixedSeparators = false;
      while (j < n && j - i <= MAX_RUN) {
        char d = text.charAt(j);
        if (Chars.isDigit(d)) {
          if (count < digits.length) {
            digits[count] = d;
          }
          count++;
          if (lastDigit < 0 || lastDigit != j - 1) {
            groups[groupCount++] = 0;
          }
          groups[groupCount - 1]++;
          lastDigit = j;
        } else if (d == '(' && count > 0 && c == '+' && j + 2 < n && text.charAt(j + 1) == '0'
            && text.charAt(j + 2) == ')') {
          // "+49 (0)30 901820": the bracketed trunk prefix is dialled only from inside the country
          j += 3;
          continue;
        } else if (d == ' ' || d == '-' || d == '.' || d == '/' || d == '(' || d == ')'
            || (d == '+' && j == i)) {
          if (d == ' ' && j + 1 < n && text.charAt(j + 1) == ' ') {
            break;
          }
          // a separator counts only between digits: "+351 912 345 678." is no IPv4 address
          if ((d == '-' || d == '.' || d == '/') && j + 1 < n && Chars.isDigit(text.charAt(j + 1))) {
            mixedSeparators |= sep != 0 && sep != d;
            sep = d;
            slashes += d == '/' ? 1 : 0;
          }
        } else {
          break;
        }
        j++;
      }
      int extension = lastDigit < 0 ? -1 : extensionEnd(text, lastDigit + 1);
      boolean overlong = j - i > MAX_RUN
          || (extension < 0 && j == lastDigit + 1 && Chars.isLetterOrDigitAt(text, j));
      if (!overlong && count >= 7 && count <= 15 && slashes <= 1
          && !otherShape(groups, groupCount, sep, mixedSeparators)) {
        int end = extension > 0 ? extension : lastDigit + 1;
        j = Math.max(j, end);
        int start = unopened(text, i, end);
        boolean international = c == '+' || (digits[0] == '0' && digits[1] == '0');
        if (budget-- <= 0) {
          out.add(new Finding(EntityType.PHONE_NUMBER, start, end, UNVALIDATED_SCORE, name(),
              "unvalidated"));
        } else if (valid(digits, count, international)) {
          out.add(new Finding(EntityType.PHONE_NUMBER, start, end, international ? 0.75 : 0.6,
              name()));
        } else if (nanpShaped(digits, count, groups, groupCount)) {
          out.add(new Finding(EntityType.PHONE_NUMBER, start, end, NANP_SHAPE_SCORE, name(),
              "nanp_shape"));
        } else if (!amountOrDate(digits, count, groups, groupCount, sep, text.charAt(start))
            && cued(text, start)) {
          if (!international && validCued(digits, count)) {
            out.add(new Finding(EntityType.PHONE_NUMBER, start, end, 0.6, name(), "cued_region"));
          } else if (cuedShape(digits, count, groupCount, international)) {
            out.add(new Finding(EntityType.PHONE_NUMBER, start, end, CUED_SHAPE_SCORE, name(),
                "cued_shape"));
          }
        }
      }
      i = Math.max(j, i + 1);
    }
  }

  /**
   * The end of an extension written right after a number, or after one space ({@code x123},
   * {@code ext. 123}, {@code ext 123}, {@code extension 123}: one to six digits, then a word end),
   * or -1. The extension belongs to the finding; validation reads the number without it.
   */
  static int extensionEnd(CharSequence s, int at) {
    int n = s.length();
    int k = at < n && s.charAt(at) == ' ' ? at + 1 : at;
    int marker;
    if (Chars.startsWithIgnoreCase(s, k, "extension")) {
      marker = 9;
    } else if (Chars.startsWithIgnoreCase(s, k, "ext")) {
      marker = k + 3 < n && s.charAt(k + 3) == '.' ? 4 : 3;
    } else if (k < n && (s.charAt(k) == 'x' || s.charAt(k) == 'X')) {
      marker = 1;
    } else {
      return -1;
    }
    k += marker;
    if (marker > 1 && k < n && s.charAt(k) == ' ') {
      k++;
    }
    int e = Chars.skipDigits(s, k);
    return e - k >= 1 && e - k <= 6 && Chars.wordEnd(s, e) ? e : -1;
  }

  /**
   * {@code from}, moved past opening parentheses that no parenthesis in the run closes: in "(call
   * (718) 370-0686)" or "(788.860.2208)" the first one belongs to the sentence, not the number.
   */
  private static int unopened(CharSequence s, int from, int to) {
    int open = 0;
    for (int k = from; k < to; k++) {
      char ch = s.charAt(k);
      open += ch == '(' ? 1 : ch == ')' ? -1 : 0;
    }
    int start = from;
    while (open > 0 && s.charAt(start) == '(') {
      start++;
      open--;
    }
    return start;
  }

  /** The smallest of the non-negative arguments, or -1 if all are negative. */
  private static int firstOf(int a, int b, int c) {
    int m = Integer.MAX_VALUE;
    if (a >= 0) {
      m = a;
    }
    if (b >= 0 && b < m) {
      m = b;
    }
    if (c >= 0 && c < m) {
      m = c;
    }
    return m == Integer.MAX_VALUE ? -1 : m;
  }

  /** A dotted IPv4 address or a numeric date, which other recognizers report. */
  private static boolean otherShape(int[] groups, int count, char sep, boolean mixed) {
    if (mixed) {
      return false;
    }
    if (sep == '.' && count == 4 && groups[0] <= 3 && groups[1] <= 3 && groups[2] <= 3
        && groups[3] <= 3) {
      return true;
    }
    if (count == 3 && sep != 0) {
      return (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2)
          || (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 4 || groups[2] == 2));
    }
    return false;
  }

  private boolean valid(char[] d, int count, boolean international) {
    if (international) {
      int from = d[0] == '0' ? 2 : 0;
      for (int ccLen = 1; ccLen <= 3 && from + ccLen < count; ccLen++) {
        int cc = (int) number(d, from, from + ccLen);
        if (!"ZZ".equals(util.getRegionCodeForCountryCode(cc))) {
          return validNational(cc, d, from + ccLen, count);
        }
      }
      return false;
    }
    for (int r = 0; r < countryCodes.length; r++) {
      String ndd = nationalPrefixes[r];
      int from = 0;
      if (!ndd.isEmpty() && startsWith(d, count, ndd)) {
        from = ndd.length();
      } else if (!ndd.isEmpty() && !trunkPrefixOptional(countryCodes[r], count)) {
        continue;
      }
      if (validNational(countryCodes[r], d, from, count)
          || (from > 0 && validNational(countryCodes[r], d, 0, count))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Shapes that "call", "mobile" or "phone" in their other senses come with: amounts grouped in
   * thousands ("12 345 678", "4 500 000"), a decimal ("3.14159"), a date ("2021 03 04").
   */
  private static boolean amountOrDate(char[] d, int count, int[] groups, int groupCount, char sep,
      char first) {
    if (first == '+' || groupCount < 2) {
      return false;
    }
    boolean thousands = groupCount >= 3 && groups[0] <= 2 && first != '(';
    for (int g = 1; g < groupCount && thousands; g++) {
      thousands = groups[g] == 3;
    }
    boolean roundEnd = groups[groupCount - 1] >= 3;
    for (int k = count - groups[groupCount - 1]; k < count && roundEnd; k++) {
      roundEnd = d[k] == '0';
    }
    int year = groups[0] == 4 ? (int) number(d, 0, 4) : 0;
    boolean date = groupCount == 3 && groups[1] == 2 && groups[2] == 2 && year >= 1900
        && year <= 2099;
    return thousands || roundEnd || date || (groupCount == 2 && sep == '.');
  }

  /** A national number valid in one of the cued regions, with or without its trunk prefix. */
  private boolean validCued(char[] d, int count) {
    for (int r = 0; r < cuedCountryCodes.length; r++) {
      String ndd = cuedNationalPrefixes[r];
      if (!ndd.isEmpty() && startsWith(d, count, ndd)
          && validNational(cuedCountryCodes[r], d, ndd.length(), count)) {
        return true;
      }
      if (validNational(cuedCountryCodes[r], d, 0, count)) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a phone word, a number no plan accepts but shaped like one: a known country code and a
   * national length that country uses, or at most 12 national digits in two or more groups.
   */
  private boolean cuedShape(char[] d, int count, int groupCount, boolean international) {
    if (!international) {
      return groupCount >= 2 && count <= 12;
    }
    int from = d[0] == '0' ? 2 : 0;
    for (int ccLen = 1; ccLen <= 3 && from + ccLen < count; ccLen++) {
      int cc = (int) number(d, from, from + ccLen);
      if (!"ZZ".equals(util.getRegionCodeForCountryCode(cc))) {
        int len = count - from - ccLen;
        return len < 31 && (possibleLengths(cc) & 1 << len) != 0;
      }
    }
    return false;
  }

  /**
   * Whether a phone word, and no look-alike word, starts a word within {@value #CUE_WINDOW} chars
   * before {@code at}. Case-insensitive in any script; CJK words need no word boundary.
   */
  static boolean cued(CharSequence s, int at) {
    boolean cue = false;
    for (int k = Math.max(0, at - CUE_WINDOW); k < at; k++) {
      char c = s.charAt(k);
      if (!Character.isLetter(c) || c < 0x3000 && !Chars.wordStart(s, k)) {
        continue;
      }
      if (LOOK_ALIKES.startsAt(s, k, at)) {
        return false;
      }
      cue = cue || CUES.startsAt(s, k, at);
    }
    return cue;
  }

  /**
   * Groups of 3-3-4 digits (or 1-3-3-4 starting with 1), the way North American numbers are
   * written, whatever the digits: people and test-data generators write made-up numbers such as
   * 555-123-4567 in that shape, and a reader takes them for phone numbers all the same.
   */
  private static boolean nanpShaped(char[] d, int count, int[] groups, int groupCount) {
    int off;
    if (count == 10 && groupCount == 3) {
      off = 0;
    } else if (count == 11 && groupCount == 4 && d[0] == '1' && groups[0] == 1) {
      off = 1;
    } else {
      return false;
    }
    return groups[off] == 3 && groups[off + 1] == 3 && groups[off + 2] == 4;
  }

  /**
   * Nationally written numbers carry the trunk prefix (the 0 of "020 7946 0958"), except in the
   * North American plan and India, where ten-digit numbers are customarily written without it.
   */
  private static boolean trunkPrefixOptional(int cc, int digits) {
    return (cc == 1 || cc == 91) && digits == 10;
  }

  private boolean validNational(int cc, char[] d, int from, int to) {
    if (to - from < 4 || to - from > 14 || (possibleLengths(cc) & 1 << (to - from)) == 0) {
      return false;
    }
    PhoneNumber pn = new PhoneNumber().setCountryCode(cc).setNationalNumber(number(d, from, to));
    int zeros = 0;
    while (from + zeros < to - 1 && d[from + zeros] == '0') {
      zeros++;
    }
    if (zeros > 0) {
      pn.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    }
    return isValid(util, pn);
  }

  /**
   * {@link PhoneNumberUtil#isValidNumber}, asking the country's main region first: a number valid
   * there is valid, and for +1 that one check (about 0.7 µs) replaces a walk over all 25 regions
   * of the plan (1.3 to 4.8 µs). Numbers the main region refuses get the full check only if
   * another region could claim them ({@link OtherRegions}), so the answer is always the library's
   * ({@code PhoneRecognizerTest} compares the two on every multi-region country code).
   */
  static boolean isValid(PhoneNumberUtil util, PhoneNumber pn) {
    int cc = pn.getCountryCode();
    String main = util.getRegionCodeForCountryCode(cc);
    if (util.isValidNumberForRegion(pn, main)) {
      return true;
    }
    List<String> regions = util.getRegionCodesForCountryCode(cc);
    // With one region, isValidNumber would ask that same region again.
    return regions.size() > 1
        && OtherRegions.mayClaim(cc, regions, main, util.getNationalSignificantNumber(pn))
        && util.isValidNumber(pn);
  }

  /**
   * Whether a region of a shared country code other than its main one could claim a number that
   * starts with given digits. {@link PhoneNumberUtil#isValidNumber} asks the region that claims the
   * number: the first, in the order of the country's region list, whose leading-digits pattern
   * matches the start of the national number or, for a region without one, whose general pattern
   * and the pattern of one number type match it whole. To find it, it walks the list, up to 25
   * regions for +1: several microseconds for a number that none accepts (an order number read as
   * one, say). When no pattern of another region can match any number with the same first three
   * digits, the only region that can claim it is the main one, which {@link #isValid} asked
   * already, and the answer is no. The test is exact: {@link java.util.regex.Matcher#hitEnd} false
   * after a failed match means that no longer input could match either.
   */
  static final class OtherRegions {
    private static final int PREFIX = 3;
    /** By country code and prefix (its length and value); a few thousand entries at most. */
    private static final ConcurrentHashMap<Integer, Boolean> BY_PREFIX = new ConcurrentHashMap<>();

    static boolean mayClaim(int cc, List<String> regions, String main, String nationalNumber) {
      String prefix = nationalNumber.substring(0, Math.min(PREFIX, nationalNumber.length()));
      int value = prefix.isEmpty() ? 0 : Integer.parseInt(prefix);
      int key = (cc * 10 + prefix.length()) * 1000 + value;
      return BY_PREFIX.computeIfAbsent(key, k -> anyOther(regions, main, prefix));
    }

    private static boolean anyOther(List<String> regions, String main, String prefix) {
      for (String region : regions) {
        if (region.equals(main)) {
          continue;
        }
        PhoneMetadata m = METADATA.getMetadataForRegion(region);
        if (m == null) {
          return true;
        }
        if (m.hasLeadingDigits()) {
          Matcher x = Pattern.compile(m.getLeadingDigits()).matcher(prefix);
          if (x.lookingAt() || x.hitEnd()) {
            return true;
          }
        } else if (canMatch(m.getGeneralDesc(), prefix) && (canMatch(m.getFixedLine(), prefix)
            || canMatch(m.getMobile(), prefix) || canMatch(m.getTollFree(), prefix)
            || canMatch(m.getPremiumRate(), prefix) || canMatch(m.getSharedCost(), prefix)
            || canMatch(m.getPersonalNumber(), prefix) || canMatch(m.getVoip(), prefix)
            || canMatch(m.getPager(), prefix) || canMatch(m.getUan(), prefix)
            || canMatch(m.getVoicemail(), prefix))) {
          // the library claims the number for this region if it is of any known type there
          return true;
        }
      }
      return false;
    }

    /** Whether a whole national number that starts with {@code prefix} could match {@code d}. */
    private static boolean canMatch(PhoneNumberDesc d, String prefix) {
      String pattern = d.getNationalNumberPattern();
      if (pattern.isEmpty()) {
        return false;
      }
      Matcher x = Pattern.compile(pattern).matcher(prefix);
      return x.matches() || x.hitEnd();
    }
  }

  /**
   * The national number lengths (bit {@code k} for {@code k} digits) that {@link
   * PhoneNumberUtil#isValidNumber} can accept for country calling code {@code cc}: it accepts a
   * number only if the general description of the number's region (one of the regions of {@code
   * cc}) lists its length, or lists no lengths at all. Read from the same metadata on first use.
   */
  private int possibleLengths(int cc) {
    int cached = lengthsByCountryCode.get(cc);
    if (cached != 0) {
      return cached & Integer.MAX_VALUE;
    }
    int lengths = 0;
    for (String region : util.getRegionCodesForCountryCode(cc)) {
      PhoneMetadata m = "001".equals(region) ? METADATA.getMetadataForNonGeographicalRegion(cc)
          : METADATA.getMetadataForRegion(region);
      List<Integer> possible = m == null ? List.of() : m.getGeneralDesc().getPossibleLengthList();
      if (possible.isEmpty()) {
        // no lengths listed (or no metadata here): leave the decision to the library
        lengths = Integer.MAX_VALUE;
        break;
      }
      for (int len : possible) {
        lengths |= len < 31 ? 1 << len : 0;
      }
    }
    lengthsByCountryCode.set(cc, lengths | Integer.MIN_VALUE);
    return lengths;
  }

  private static boolean startsWith(char[] d, int count, String prefix) {
    if (prefix.length() >= count) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (d[k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static long number(char[] d, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      v = v * 10 + (d[k] - '0');
    }
    return v;
  }
}
