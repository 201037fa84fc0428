package dev.veil.protect;

import static dev.veil.protect.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Tool call arguments streamed in random pieces restore to valid JSON holding the originals, even
 * when an original needs JSON escaping.
 */
class ToolArgumentStreamProperties {

  private static final String[] ORIGINALS = {"Zoë \"Z\" Quinn", "alice@corp.example", "Alice Johnson"};
  private static final Pseudonyms PSEUDONYMS = Fixtures.pseudonymsFor(Policy.defaults(), String.join(" | ", ORIGINALS));

  private static final ResponseRestorer RESTORER = new ResponseRestorer(new TestDetector());
  private static final String[] SURROGATES = new String[ORIGINALS.length];

  static {
    for (int i = 0; i < ORIGINALS.length; i++) {
      ObjectNode body = Fixtures.chat("[{'role':'user','content':'x'}]");
      ((ObjectNode) body.at("/messages/0")).put("content", ORIGINALS[i]);
      SURROGATES[i] = Fixtures.protect(body, Policy.defaults()).body().at("/messages/0/content").textValue();
    }
  }

  @Property(tries = 100)
  void argumentsCutAnywhereRestoreToValidJson(
      @ForAll @IntRange(max = 2) int who, @ForAll @IntRange(max = 2) int cc, @ForAll boolean lowerCase,
      @ForAll @Size(max = 20) List<@IntRange(max = 200) Integer> rawCuts) throws Exception {
    ObjectNode args = JSON.createObjectNode();
    String s = SURROGATES[who];
    args.put("to", lowerCase ? s.toLowerCase(Locale.ROOT) : s);
    args.put("cc", "see " + SURROGATES[cc] + ", ok");
    String text = JSON.writeValueAsString(args);
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int c : rawCuts) {
      cuts.add(c % (text.length() + 1));
    }
    List<String> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      events.add(StreamFixtures.toolChunk(0, 0, text.substring(from, cut)));
      from = cut;
    }
    events.add(StreamFixtures.toolChunk(0, 0, text.substring(from)));
    events.add(StreamFixtures.finishChunk(0));
    StreamRestorer r = RESTORER.stream(PSEUDONYMS, Policy.defaults());
    JsonNode restored = JSON.readTree(StreamFixtures.arguments(StreamFixtures.run(r, events), 0));
    assertThat(restored.get("to").textValue()).isEqualTo(ORIGINALS[who]);
    assertThat(restored.get("cc").textValue()).isEqualTo("see " + ORIGINALS[cc] + ", ok");
  }
}
