package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PhoneRecognizer#isValid} asks the main region first; it must answer exactly as
 * libphonenumber's {@code isValidNumber} does. The numbers where the two could differ are those of
 * country codes shared by several regions, so every such code is tried with every region's example
 * numbers of every type, their neighbours, and random numbers of every length from 4 to 14 digits,
 * and the test counts how many of them the early refusal of {@link PhoneRecognizer.OtherRegions}
 * answered, so that it cannot pass without that path.
 */
class PhoneRecognizerTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  @Test
  void askingTheMainRegionFirstNeverChangesTheAnswer() {
    Random random = new Random(20261128);
    int sharedCodes = 0;
    int checked = 0;
    int valid = 0;
    int shortCut = 0;
    for (int cc : UTIL.getSupportedCallingCodes()) {
      List<String> regions = UTIL.getRegionCodesForCountryCode(cc);
      if (regions.size() < 2) {
        continue;
      }
      sharedCodes++;
      List<Long> numbers = new ArrayList<>();
      for (String region : regions) {
        for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
          PhoneNumber example = UTIL.getExampleNumberForType(region, type);
          if (example != null) {
            long n = example.getNationalNumber();
            numbers.add(n);
            numbers.add(n + 1);
            numbers.add(n + 1000);
            numbers.add(n / 10);
          }
        }
      }
      for (int digits = 4; digits <= 14; digits++) {
        long low = (long) Math.pow(10, digits - 1);
        for (int k = 0; k < 300; k++) {
          numbers.add(low + (long) (random.nextDouble() * 9 * low));
        }
      }
      for (long n : numbers) {
        PhoneNumber pn = new PhoneNumber().setCountryCode(cc).setNationalNumber(n);
        boolean expected = UTIL.isValidNumber(pn);
        String nsn = UTIL.getNationalSignificantNumber(pn);
        shortCut += PhoneRecognizer.OtherRegions.mayClaim(cc, regions,
            UTIL.getRegionCodeForCountryCode(cc), nsn) ? 0 : 1;
        assertThat(PhoneRecognizer.isValid(UTIL, pn)).as("+%d %d", cc, n).isEqualTo(expected);
        checked++;
        valid += expected ? 1 : 0;
      }
    }
    assertThat(sharedCodes).isGreaterThan(5);
    assertThat(shortCut).as("numbers that no other region could claim were answered early")
        .isGreaterThan(checked / 20);
    assertThat(valid).as("the sample holds valid numbers too").isGreaterThan(checked / 50);
  }

  @Test
  void anInvalidNewYorkNumberIsRefusedWithoutAskingTheOtherRegions() {
    // a central office code cannot start with 1: no region of +1 accepts this number
    PhoneNumber pn = new PhoneNumber().setCountryCode(1).setNationalNumber(2121234567L);
    assertThat(PhoneRecognizer.OtherRegions.mayClaim(1, UTIL.getRegionCodesForCountryCode(1), "US",
        "2121234567")).isFalse();
    assertThat(PhoneRecognizer.isValid(UTIL, pn)).isFalse().isEqualTo(UTIL.isValidNumber(pn));
    // Toronto: the main region refuses it, Canada accepts it
    PhoneNumber toronto = new PhoneNumber().setCountryCode(1).setNationalNumber(4165550100L);
    assertThat(PhoneRecognizer.OtherRegions.mayClaim(1, UTIL.getRegionCodesForCountryCode(1), "US",
        "4165550100")).isTrue();
    assertThat(PhoneRecognizer.isValid(UTIL, toronto)).isTrue()
        .isEqualTo(UTIL.isValidNumber(toronto));
  }
}
