package dev.veil.detect.pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;
import java.util.Locale;

/**
 * Phone numbers, validated by libphonenumber against its per-region numbering plans.
 *
 * <p>libphonenumber's matcher is far slower than a char scan, so a hand-written prefilter first
 * finds short runs of digits and phone punctuation holding 7 to 15 digits, and only those runs
 * (plus a little context) are handed to {@link PhoneNumberUtil#findNumbers} with {@link
 * PhoneNumberUtil.Leniency#VALID}. Numbers written with a leading {@code +} or {@code 00} are read
 * internationally; others are tried against each default region in order.
 *
 * <h2>Warning</h2>
 * libphonenumber costs tens of microseconds per candidate, so a text made of nothing but
 * phone-like numbers would take seconds. Each scan therefore validates at most {@value
 * #BASE_BUDGET} candidates plus one per {@value #CHARS_PER_EXTRA} chars of text (far more than
 * any real prompt holds); candidates beyond that budget are reported unvalidated, with score
 * {@value #UNVALIDATED_SCORE} and kind {@code "unvalidated"}: the scan stays linear and fails
 * closed (it over-reports rather than lets numbers through).
 */
public final class PhoneRecognizer implements Recognizer {

  private static final int MAX_RUN = 32;
  static final int BASE_BUDGET = 64;
  static final int CHARS_PER_EXTRA = 1024;
  static final double UNVALIDATED_SCORE = 0.5;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String[] regions;

  /**
   * @param regions ISO 3166-1 alpha-2 codes of the regions whose national formats to accept
   */
  public PhoneRecognizer(List<String> regions) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("at least one default phone region is needed");
    }
    this.regions = new String[regions.size()];
    for (int i = 0; i < regions.size(); i++) {
      String r = regions.get(i).toUpperCase(Locale.ROOT);
      if (!util.getSupportedRegions().contains(r)) {
        throw new IllegalArgumentException("unknown phone region: " + regions.get(i));
      }
      this.regions[i] = r;
    }
  }

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int budget = BASE_BUDGET + n / CHARS_PER_EXTRA;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!(Chars.isDigit(c) || c == '+' || c == '(')) {
        i++;
        continue;
      }
      if (!Chars.wordStart(text, i)) {
        i = skipRun(text, i, n);
        continue;
      }
      int j = i;
      int digits = 0;
      int lastDigit = -1;
      while (j < n && j - i <= MAX_RUN) {
        char d = text.charAt(j);
        if (Chars.isDigit(d)) {
          digits++;
          lastDigit = j;
        } else if (!(d == ' ' || d == '-' || d == '.' || d == '(' || d == ')' || d == '/'
            || (d == '+' && j == i))) {
          break;
        } else if (d == ' ' && j + 1 < n && text.charAt(j + 1) == ' ') {
          break;
        }
        j++;
      }
      boolean overlong = j - i > MAX_RUN || (j < n && Chars.isLetterOrDigitAt(text, j) && j == lastDigit + 1);
      if (!overlong && digits >= 7 && digits <= 15) {
        if (budget-- > 0) {
          match(text, i, lastDigit + 1, out);
        } else {
          out.add(new Finding(EntityType.PHONE_NUMBER, i, lastDigit + 1, UNVALIDATED_SCORE,
              name(), "unvalidated"));
        }
      }
      i = Math.max(j, i + 1);
    }
  }

  /** A cheap parse-and-validate before the costlier matcher, which then fixes the exact span. */
  private boolean validIn(String candidate, String region) {
    try {
      return util.isValidNumber(util.parse(candidate, region));
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static int skipRun(CharSequence text, int i, int n) {
    int j = i;
    while (j < n && Character.isLetterOrDigit(text.charAt(j))) {
      j++;
    }
    return Math.max(j, i + 1);
  }

  private void match(CharSequence text, int start, int end, List<Finding> out) {
    String candidate = text.subSequence(start, end).toString();
    boolean international = candidate.charAt(0) == '+' || candidate.startsWith("00");
    String[] tryRegions = international ? new String[] {regions[0]} : regions;
    String input = candidate.startsWith("00") ? "+" + candidate.substring(2) : candidate;
    int shift = candidate.length() - input.length();
    for (String region : tryRegions) {
      if (!validIn(input, region)) {
        continue;
      }
      for (PhoneNumberMatch m : util.findNumbers(input, region, PhoneNumberUtil.Leniency.VALID,
          Long.MAX_VALUE)) {
        int s = start + Math.max(0, m.start() + shift);
        int e = start + m.end() + shift;
        if (m.start() == 0 && shift != 0) {
          s = start;
        }
        double score = international ? 0.75 : 0.6;
        out.add(new Finding(EntityType.PHONE_NUMBER, s, e, score, name()));
        return;
      }
    }
  }
}
