package dev.veil.bench.detect;

import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detector a first attempt would write: a handful of {@link java.util.regex} patterns (email
 * addresses, Luhn-checked card numbers, international phone numbers, IBANs, IPv4 addresses), run one
 * after the other, overlaps resolved by earliest start then longest match. It is the reference that
 * {@link DetectorBenchmark} puts next to Veil's own detector, so that its cost can be read against
 * the obvious alternative; it is not used by the gateway.
 */
final class RegexBaselineDetector implements Detector {

  private record Rule(EntityType type, String name, Pattern pattern) {}

  private static final List<Rule> RULES = List.of(
      new Rule(EntityType.EMAIL_ADDRESS, "baseline_email",
          // the look-behind and possessive run keep the scan linear: without them every char of
          // every word starts a new attempt that runs to the end of the word
          Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")),
      new Rule(EntityType.CREDIT_CARD, "baseline_card",
          Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b")),
      new Rule(EntityType.PHONE_NUMBER, "baseline_phone",
          Pattern.compile("\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,3}")),
      new Rule(EntityType.IBAN_CODE, "baseline_iban",
          Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\\b")),
      new Rule(EntityType.IP_ADDRESS, "baseline_ipv4",
          Pattern.compile("\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b")));

  @Override
  public List<Finding> scan(CharSequence text) {
    List<Finding> candidates = new ArrayList<>();
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(text);
      while (matcher.find()) {
        if (rule.type() == EntityType.CREDIT_CARD && !luhn(text, matcher.start(), matcher.end())) {
          continue;
        }
        candidates.add(new Finding(rule.type(), matcher.start(), matcher.end(), 0.9, rule.name()));
      }
    }
    candidates.sort(Comparator.comparingInt(Finding::start).thenComparing(Finding::length, Comparator.reverseOrder()));
    List<Finding> findings = new ArrayList<>(candidates.size());
    for (Finding candidate : candidates) {
      if (findings.isEmpty() || !findings.getLast().overlaps(candidate)) {
        findings.add(candidate);
      }
    }
    return findings;
  }

  private static boolean luhn(CharSequence text, int start, int end) {
    int sum = 0;
    boolean twice = false;
    for (int i = end - 1; i >= start; i--) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
