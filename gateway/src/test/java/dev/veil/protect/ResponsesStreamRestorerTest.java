package dev.veil.protect;

import static dev.veil.protect.Fixtures.pseudonymsFor;
import static dev.veil.protect.StreamFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.SseEvent;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamRestorerTest {
  private static final String NAME = "Alice Johnson";
  private final ResponseRestorer restorer = new ResponseRestorer(new TestDetector());
  private final Pseudonyms pseudonyms = pseudonymsFor(Policy.defaults(), NAME);
  private final String name = surrogateOf(NAME);

  private static String surrogateOf(String original) {
    ObjectNode body = Fixtures.chat("[{'role':'user','content':'" + original + "'}]");
    return Fixtures.protect(body, Policy.defaults()).body().at("/messages/0/content").textValue();
  }

  private static SseEvent event(String type, int seq, String fields) {
    return new SseEvent(type, "{\"type\":\"" + type + "\",\"sequence_number\":" + seq
        + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0" + fields + "}");
  }

  @Test
  void aTailHeldAtTheDoneEventGoesOutFirstAsOneMoreDeltaAndLaterSequenceNumbersShift() {
    ResponsesStreamRestorer r = restorer.responsesStream(pseudonyms, Policy.defaults());
    String held = name.substring(0, 6);

    List<SseEvent> first = r.onEvent(event("response.output_text.delta", 1,
        ",\"delta\":\"Hi " + held + "\""));
    List<SseEvent> done = r.onEvent(event("response.output_text.done", 2,
        ",\"text\":\"Hi " + held + "\""));
    List<SseEvent> after = r.onEvent(new SseEvent("response.completed",
        "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":{\"output\":[]}}"));

    assertThat(read(first.get(0).data()).get("delta").asText()).isEqualTo("Hi ");
    assertThat(done).hasSize(2);
    assertThat(done.get(0).event()).isEqualTo("response.output_text.delta");
    assertThat(read(done.get(0).data()).get("delta").asText()).isEqualTo(held);
    assertThat(read(done.get(0).data()).get("sequence_number").asInt()).isEqualTo(2);
    assertThat(read(done.get(1).data()).get("sequence_number").asInt()).isEqualTo(3);
    assertThat(read(done.get(1).data()).get("text").asText()).isEqualTo("Hi " + held);
    assertThat(read(after.get(0).data()).get("sequence_number").asInt()).isEqualTo(4);
  }

  @Test
  void aSurrogateSplitAcrossDeltasIsRestoredAndTheDoneEventCarriesTheWholeRestoredText() {
    ResponsesStreamRestorer r = restorer.responsesStream(pseudonyms, Policy.defaults());
    StringBuilder text = new StringBuilder();
    for (String piece : new String[] {"Dear " + name.substring(0, 4), name.substring(4, 9),
        name.substring(9) + "!"}) {
      for (SseEvent e : r.onEvent(event("response.output_text.delta", 1,
          ",\"delta\":\"" + piece + "\""))) {
        text.append(read(e.data()).get("delta").asText());
      }
    }
    List<SseEvent> done = r.onEvent(event("response.output_text.done", 4,
        ",\"text\":\"Dear " + name + "!\""));

    assertThat(text.toString()).isEqualTo("Dear " + NAME + "!");
    assertThat(done).singleElement().satisfies(e ->
        assertThat(read(e.data()).get("text").asText()).isEqualTo("Dear " + NAME + "!"));
  }

  @Test
  void anEventOfAnUnknownKindFailsClosedWhenOutputIsScannedAndPassesWhenItIsNot() {
    SseEvent unknown = new SseEvent("response.some_new_tool.delta",
        "{\"type\":\"response.some_new_tool.delta\",\"delta\":\"x\"}");
    Policy scanning = Policy.builder("scan").output(OutputAction.MASK).build();

    assertThatThrownBy(() -> restorer.responsesStream(pseudonyms, scanning).onEvent(unknown))
        .isInstanceOf(InspectionFailedException.class);
    assertThat(restorer.responsesStream(pseudonyms, Policy.defaults()).onEvent(unknown))
        .containsExactly(unknown);
  }
}
