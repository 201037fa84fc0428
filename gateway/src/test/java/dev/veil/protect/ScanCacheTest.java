package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScanCacheTest {

  private static final Detector REAL = Detectors.standard();
  private static final String PROMPT = "You are the assistant of Northwind Travel. Our manager "
      + "Maria Gonzalez answers on +1 212 555 0187 or maria.gonzalez@example.com.";

  /** Counts scans and delegates to the real detector. */
  private static final class Counting implements Detector {
    final AtomicInteger scans = new AtomicInteger();

    @Override
    public List<Finding> scan(CharSequence text) {
      scans.incrementAndGet();
      return REAL.scan(text);
    }
  }

  @Test
  void aTextIsCachedOnItsSecondSightingAndThenGivesTheSameFindingsWithoutAScan() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    List<Finding> first = cache.scan(detector, "key-1", PROMPT, "messages[0].content");
    assertThat(cache.size()).isZero();
    List<Finding> second = cache.scan(detector, "key-1", new String(PROMPT), "messages[0].content");
    assertThat(cache.size()).isOne();
    List<Finding> third = cache.scan(detector, "key-1", new String(PROMPT), "messages[1].content");
    assertThat(first).isNotEmpty().isEqualTo(REAL.scan(PROMPT)).isEqualTo(second).isEqualTo(third);
    assertThat(detector.scans).hasValue(2);
    for (int i = 0; i < 10; i++) {
      cache.scan(detector, "key-1", PROMPT, "m");
    }
    assertThat(detector.scans).hasValue(2);
    assertThatThrownBy(() -> third.add(first.get(0))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void textsSentOnceTakeNoRoom() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    for (int i = 0; i < 500; i++) {
      cache.scan(detector, "k", PROMPT + " Ticket " + i + ".", "m");
    }
    assertThat(detector.scans).hasValue(500);
    assertThat(cache.size()).isZero();
  }

  @Test
  void scopesDoNotShareEntries() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    cache.scan(detector, "key-1", PROMPT, "m");
    cache.scan(detector, "key-1", PROMPT, "m");
    cache.scan(detector, "key-2", PROMPT, "m");
    // "key-1" + text and "key-" + "1"-prefixed text must not collide either
    cache.scan(detector, "key-", "1" + PROMPT, "m");
    assertThat(detector.scans).hasValue(4);
  }

  @Test
  void aDifferentTextIsScannedEvenWhenOnlyOneCharDiffers() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    cache.scan(detector, "k", PROMPT, "m");
    cache.scan(detector, "k", PROMPT, "m");
    List<Finding> other = cache.scan(detector, "k", PROMPT.replace("0187", "0188"), "m");
    assertThat(detector.scans).hasValue(3);
    assertThat(other).isEqualTo(REAL.scan(PROMPT.replace("0187", "0188")));
  }

  @Test
  void textsThatDifferOnlyFarInOrInAnUnpairedSurrogateAreNotTakenForEachOther() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    String longText = (PROMPT + " ").repeat(40);
    String[] variants = {
      longText,
      longText.substring(0, 4_500) + "X" + longText.substring(4_501),
      PROMPT + " \ud800 end",
      PROMPT + " \ufffd end",
    };
    for (String text : variants) {
      cache.scan(detector, "k", text, "m");
      cache.scan(detector, "k", text, "m");
    }
    assertThat(cache.size()).isEqualTo(4);
    assertThat(detector.scans).hasValue(8);
    for (String text : variants) {
      assertThat(cache.scan(detector, "k", text, "m")).isEqualTo(REAL.scan(text));
    }
    assertThat(detector.scans).hasValue(8);
  }

  @Test
  void shortTextsAndUnscopedCallsAreAlwaysScanned() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(1_000);
    String shortText = "Call Maria on +1 212 555 0187.";
    cache.scan(detector, "k", shortText, "m");
    cache.scan(detector, "k", shortText, "m");
    cache.scan(detector, null, PROMPT, "m");
    cache.scan(detector, null, PROMPT, "m");
    assertThat(detector.scans).hasValue(4);
    assertThat(cache.size()).isZero();
  }

  @Test
  void staysWithinItsBudgetAndKeepsTextsInUse() {
    Counting detector = new Counting();
    ScanCache cache = new ScanCache(50);
    for (int i = 0; i < 1_000; i++) {
      // each ticket text is sent twice, as a new message and then as history
      cache.scan(detector, "k", PROMPT + " Ticket " + i + ".", "m");
      cache.scan(detector, "k", PROMPT + " Ticket " + i + ".", "m");
      cache.scan(detector, "k", PROMPT, "m");
      assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
    // the text in use all along was scanned twice, on its first two sightings, and never again
    assertThat(detector.scans).hasValue(2 * 1_000 + 2);
  }

  @Test
  void aFailingDetectorStillFailsClosedAndCachesNothing() {
    ScanCache cache = new ScanCache(1_000);
    Detector broken = text -> {
      throw new IllegalStateException("boom");
    };
    assertThatThrownBy(() -> cache.scan(broken, "k", PROMPT, "messages[0].content"))
        .isInstanceOf(InspectionFailedException.class);
    Detector outOfBounds = text -> List.of(new Finding(EntityType.PERSON, 0,
        text.length() + 1, 0.9, "test"));
    assertThatThrownBy(() -> cache.scan(outOfBounds, "k", PROMPT, "messages[0].content"))
        .isInstanceOf(InspectionFailedException.class);
    assertThat(cache.size()).isZero();
  }
}
