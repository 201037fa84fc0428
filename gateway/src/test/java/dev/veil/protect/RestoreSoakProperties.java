package dev.veil.protect;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Long runs of {@link StreamRestoreProperties}; excluded from the default build. */
@Tag("soak")
class RestoreSoakProperties {

  private final StreamRestoreProperties properties = new StreamRestoreProperties();

  @Property(tries = 20000)
  void tokensCutAnywhereRestoreExactly(
      @ForAll("tokenCases") StreamRestoreProperties.Case c,
      @ForAll @Size(max = 60) List<@IntRange(max = 400) Integer> cuts) {
    properties.tokensCutAnywhereRestoreExactly(c, cuts);
  }

  @Property(tries = 5000)
  void syntheticValuesCutAnywhereRestoreExactly(
      @ForAll("syntheticCases") StreamRestoreProperties.Case c,
      @ForAll @Size(max = 60) List<@IntRange(max = 400) Integer> cuts) {
    properties.syntheticValuesCutAnywhereRestoreExactly(c, cuts);
  }

  @Provide
  Arbitrary<StreamRestoreProperties.Case> tokenCases() {
    return properties.tokenCases();
  }

  @Provide
  Arbitrary<StreamRestoreProperties.Case> syntheticCases() {
    return properties.syntheticCases();
  }
}
