package dev.veil.detect.pattern;

import dev.veil.detect.Recognizer;
import java.util.List;

/** The built-in recognizers of structured personal data. */
public final class PatternRecognizers {

  /** Regions whose national phone formats are read when none are given. */
  public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IN");

  /**
   * Regions whose national phone formats are read after a phone word only: digits alone are
   * ambiguous across this many numbering plans.
   */
  public static final List<String> CUED_PHONE_REGIONS = List.of("CA", "AU", "NZ", "IE", "ES",
      "PT", "IT", "NL", "BE", "LU", "CH", "AT", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK",
      "HU", "RO", "BG", "GR", "CY", "TR", "RU", "UA", "LT", "LV", "EE", "HR", "SI", "RS", "BR",
      "MX", "AR", "CO", "CL", "PE", "JP", "KR", "CN", "HK", "TW", "SG", "MY", "TH", "PH", "ID",
      "VN", "PK", "BD", "ZA", "NG", "KE", "EG", "MA", "IL", "AE", "SA");

  private PatternRecognizers() {}

  /** Every structured recognizer, phone numbers for {@link #DEFAULT_PHONE_REGIONS}. */
  public static List<Recognizer> all() {
    return all(DEFAULT_PHONE_REGIONS);
  }

  /** Every structured recognizer, national phone numbers read for {@code phoneRegions}. */
  public static List<Recognizer> all(List<String> phoneRegions) {
    return List.of(
        new EmailRecognizer(),
        new PhoneRecognizer(phoneRegions, CUED_PHONE_REGIONS),
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
        new AgeRecognizer(),
        new NrpRecognizer(),
        new CryptoRecognizer());
  }
}
