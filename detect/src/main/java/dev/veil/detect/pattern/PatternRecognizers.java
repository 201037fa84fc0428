package dev.veil.detect.pattern;

import dev.veil.detect.Recognizer;
import java.util.List;

/** The built-in recognizers of structured personal data. */
public final class PatternRecognizers {

  /** Regions whose national phone formats are read when none are given. */
  public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IN");

  private PatternRecognizers() {}

  /** Every structured recognizer, phone numbers for {@link #DEFAULT_PHONE_REGIONS}. */
  public static List<Recognizer> all() {
    return all(DEFAULT_PHONE_REGIONS);
  }

  /** Every structured recognizer, national phone numbers read for {@code phoneRegions}. */
  public static List<Recognizer> all(List<String> phoneRegions) {
    return List.of(
        new EmailRecognizer(),
        new PhoneRecognizer(phoneRegions),
        new CreditCardRecognizer(),
        new IbanRecognizer(),
        new UsSsnRecognizer(),
        new WeakIdRecognizer(),
        new UkNhsRecognizer(),
        new UkNinoRecognizer(),
        new IpAddressRecognizer(),
        new MacAddressRecognizer(),
        new UrlRecognizer(),
        new DateTimeRecognizer(),
        new CryptoRecognizer());
  }
}
