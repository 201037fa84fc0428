package dev.veil.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class AssociatedDataProperties {

  @Property(tries = 300)
  void distinctTenantRecordAndFieldTriplesNeverEncodeTheSame(
      @ForAll @StringLength(min = 1, max = 12) String t1, @ForAll @StringLength(min = 1, max = 12) String r1,
      @ForAll @StringLength(min = 1, max = 12) String f1, @ForAll @StringLength(min = 1, max = 12) String t2,
      @ForAll @StringLength(min = 1, max = 12) String r2, @ForAll @StringLength(min = 1, max = 12) String f2) {
    AssociatedData a = AssociatedData.of(t1, r1, f1);
    AssociatedData b = AssociatedData.of(t2, r2, f2);
    Assume.that(!a.equals(b));
    assertThat(a.encoded()).isNotEqualTo(b.encoded());
  }

  @Property(tries = 100)
  void concatenationBoundariesDoNotCollide(@ForAll @StringLength(min = 2, max = 20) String s) {
    String head = s.substring(0, 1);
    String tail = s.substring(1);
    assertThat(AssociatedData.of(head, tail, "f").encoded())
        .isNotEqualTo(AssociatedData.of(s, "x", "f").encoded())
        .isNotEqualTo(AssociatedData.of(head + tail.charAt(0), tail.length() > 1 ? tail.substring(1) : "x", "f").encoded());
  }
}
