package dev.veil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Random texts made of the chars the recognizers care about: no crash, well-formed output. */
class DetectorPropertiesTest {

  private static final Detector DETECTOR = Detectors.standard();

  @Property(tries = 400)
  void anyTextScansToSortedNonOverlappingSpansInsideIt(
      @ForAll @StringLength(max = 200) @CharRange(from = '0', to = '9') @CharRange(from = 'a', to = 'f')
      @CharRange(from = 'A', to = 'Z') @Chars({' ', '.', ':', '-', '/', '@', '+', '(', ')', '=',
          '"', '_', '~', '#', '\n', '%', '$'}) String text) {
    check(text);
  }

  @Property(tries = 200)
  void textsAroundRealValuesScanCleanly(
      @ForAll @StringLength(max = 40) String before, @ForAll @StringLength(max = 40) String after) {
    check(before + " +1 415-555-2671 4111 1111 1111 1111 DE89 3704 0044 0532 0130 00 "
        + "ghp_abcdefghijABCDEFGHIJ0123456789abcdef postgres://u:p4ssw0rd@h/db " + after);
  }

  private static void check(String text) {
    List<Finding> findings = DETECTOR.scan(text);
    int lastEnd = 0;
    for (Finding f : findings) {
      assertThat(f.start()).isGreaterThanOrEqualTo(lastEnd);
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
      lastEnd = f.end();
    }
  }
}
