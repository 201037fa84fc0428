package dev.veil.protect;

import static dev.veil.protect.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.policy.Policy;
import dev.veil.policy.SurrogateStyle;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** Two different values never share a surrogate within a request, even under a weak keyed hash. */
class SurrogateCollisionProperties {

  /** Only 4 bits of the first byte vary: surrogates collide all the time. */
  private static final KeyedHash WEAK = input -> {
    byte[] h = new HmacKeyedHash().mac(input);
    byte[] out = new byte[32];
    out[0] = (byte) (h[0] & 0x0f);
    return out;
  };

  @Property(tries = 100)
  void distinctValuesGetDistinctSurrogatesThatRestoreToThem(
      @ForAll @Size(min = 1, max = 12) @UniqueElements List<@AlphaChars @StringLength(min = 1, max = 8) String> locals,
      @ForAll boolean synthetic) {
    Policy policy = synthetic ? Policy.builder("s").surrogates(SurrogateStyle.SYNTHETIC).build() : Policy.defaults();
    Set<String> folded = new HashSet<>();
    StringBuilder content = new StringBuilder();
    for (String l : locals) {
      if (folded.add(l.toLowerCase())) {
        content.append(l).append("@x.example ");
      }
    }
    ObjectNode body = Fixtures.json("{'messages':[{'role':'user','content':''}]}");
    ((ObjectNode) body.at("/messages/0")).put("content", content.toString());
    ProtectionResult.Protected r = (ProtectionResult.Protected) new RequestProtector(new TestDetector(), WEAK)
        .protect(EndpointKind.CHAT_COMPLETIONS, body, policy, TENANT);
    String[] surrogates = r.body().at("/messages/0/content").textValue().split(" ");
    String[] originals = content.toString().split(" ");
    assertThat(surrogates).hasSameSizeAs(originals).doesNotHaveDuplicates();
    for (int i = 0; i < originals.length; i++) {
      assertThat(r.pseudonyms().original(surrogates[i])).isEqualTo(originals[i]);
    }
  }
}
