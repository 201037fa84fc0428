package dev.veil.protect;

import static dev.veil.protect.Fixtures.JSON;
import static dev.veil.protect.Fixtures.pseudonymsFor;
import static dev.veil.protect.StreamFixtures.arguments;
import static dev.veil.protect.StreamFixtures.contentChunk;
import static dev.veil.protect.StreamFixtures.contents;
import static dev.veil.protect.StreamFixtures.finishChunk;
import static dev.veil.protect.StreamFixtures.read;
import static dev.veil.protect.StreamFixtures.run;
import static dev.veil.protect.StreamFixtures.toolChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.EntityType;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRestorerTest {

  private static final String NAME = "Alice Johnson";
  private static final String EMAIL = "alice@corp.example";
  private final ResponseRestorer restorer = new ResponseRestorer(new TestDetector());
  private final Pseudonyms pseudonyms = pseudonymsFor(Policy.defaults(), NAME + " " + EMAIL);
  private final String name = surrogateOf(NAME);
  private final String email = surrogateOf(EMAIL);

  private static String surrogateOf(String original) {
    ObjectNode body = Fixtures.chat("[{'role':'user','content':'" + original + "'}]");
    return Fixtures.protect(body, Policy.defaults()).body().at("/messages/0/content").textValue();
  }

  private StreamRestorer stream() {
    return restorer.stream(pseudonyms, Policy.defaults());
  }

  @Test
  void chunkThatCannotStartASurrogateIsForwardedAtOnceByteForByte() {
    StreamRestorer r = stream();
    String chunk = contentChunk(0, "Hello, how are you today?");
    assertThat(r.onData(chunk)).containsExactly(chunk);
  }

  @Test
  void withNothingToRestoreOrScanEventsPassUnparsed() {
    StreamRestorer r = restorer.stream(Pseudonyms.none(), Policy.defaults());
    String chunk = contentChunk(0, "[PERSON_000000] hello");
    assertThat(r.onData(chunk)).containsExactly(chunk);
    assertThat(r.onData("[DONE]")).containsExactly("[DONE]");
  }

  @Test
  void pseudonymSplitAcrossChunksIsRestored() {
    StreamRestorer r = stream();
    String a = "Dear " + name.substring(0, 4);
    String b = name.substring(4, 11);
    String c = name.substring(11) + ", hello";
    List<String> first = r.onData(contentChunk(0, a));
    assertThat(read(first.get(0)).at("/choices/0/delta/content").textValue()).isEqualTo("Dear ");
    List<String> second = r.onData(contentChunk(0, b));
    assertThat(read(second.get(0)).at("/choices/0/delta/content").textValue()).isEmpty();
    List<String> third = r.onData(contentChunk(0, c));
    assertThat(read(third.get(0)).at("/choices/0/delta/content").textValue()).isEqualTo(NAME + ", hello");
  }

  @Test
  void heldBackTailIsOnlyThePossibleSurrogateStart() {
    StreamRestorer r = stream();
    List<String> out = r.onData(contentChunk(0, "Sure thing [PER"));
    assertThat(read(out.get(0)).at("/choices/0/delta/content").textValue()).isEqualTo("Sure thing ");
    out = r.onData(contentChunk(0, "HAPS not]"));
    assertThat(read(out.get(0)).at("/choices/0/delta/content").textValue()).isEqualTo("[PERHAPS not]");
  }

  @Test
  void heldBackTextIsFlushedWithFinishReasonAndBeforeDone() {
    StreamRestorer r = stream();
    List<String> events = List.of(contentChunk(0, "bye " + name.substring(0, 3)), finishChunk(0));
    List<String> out = run(r, events);
    assertThat(out).last().isEqualTo("[DONE]");
    assertThat(read(out.get(1)).at("/choices/0/finish_reason").textValue()).isEqualTo("stop");
    assertThat(contents(out).get(0)).isEqualTo("bye " + name.substring(0, 3));

    StreamRestorer cut = stream();
    List<String> got = new ArrayList<>(cut.onData(contentChunk(0, "to " + name.substring(0, name.length() - 2))));
    List<String> end = cut.onData("[DONE]");
    assertThat(end).hasSize(2).last().isEqualTo("[DONE]");
    got.addAll(end);
    assertThat(contents(got).get(0)).isEqualTo("to " + name.substring(0, name.length() - 2));
    assertThat(read(end.get(0)).get("id").textValue()).isEqualTo("chatcmpl-1");
  }

  @Test
  void streamEndingWithoutDoneIsFlushedByOnEnd() {
    StreamRestorer r = stream();
    List<String> out = new ArrayList<>(r.onData(contentChunk(0, "x " + name)));
    out.addAll(r.onEnd());
    assertThat(contents(out).get(0)).isEqualTo("x " + NAME);
    assertThat(r.onEnd()).isEmpty();
  }

  @Test
  void choicesAreRestoredIndependently() {
    StreamRestorer r = stream();
    List<String> events = List.of(
        contentChunk(0, "A " + name.substring(0, 5)), contentChunk(1, "B " + email.substring(0, 9)),
        contentChunk(1, email.substring(9)), contentChunk(0, name.substring(5) + "."),
        finishChunk(1), finishChunk(0));
    assertThat(contents(run(r, events))).containsEntry(0, "A " + NAME + ".").containsEntry(1, "B " + EMAIL);
  }

  @Test
  void toolCallArgumentDeltasAreRestoredPerCall() throws Exception {
    StreamRestorer r = stream();
    String args0 = "{\"to\":\"" + email + "\"}";
    String args1 = "{\"name\":\"" + name + "\"}";
    List<String> events = List.of(
        toolChunk(0, 0, args0.substring(0, 12)), toolChunk(0, 1, args1.substring(0, 15)),
        toolChunk(0, 0, args0.substring(12)), toolChunk(0, 1, args1.substring(15)), finishChunk(0));
    List<String> out = run(r, events);
    assertThat(JSON.readTree(arguments(out, 0)).get("to").textValue()).isEqualTo(EMAIL);
    assertThat(JSON.readTree(arguments(out, 1)).get("name").textValue()).isEqualTo(NAME);
  }

  @Test
  void aChunkWithoutChoicesMidStreamPassesWithoutCuttingAHeldSurrogate() {
    StreamRestorer r = stream();
    r.onData(contentChunk(0, "hi " + name.substring(0, 4)));
    String note = "{\"id\":\"chatcmpl-1\",\"choices\":[],\"prompt_filter_results\":[]}";
    assertThat(r.onData(note)).containsExactly(note);
    List<String> out = new java.util.ArrayList<>(r.onData(contentChunk(0, name.substring(4) + " bye")));
    out.addAll(r.onData("[DONE]"));
    assertThat(contents(out).get(0)).isEqualTo(NAME + " bye");
  }

  @Test
  void theUsageChunkPassesAfterFlushingHeldText() {
    StreamRestorer r = stream();
    r.onData(contentChunk(0, "hi " + name.substring(0, 4)));
    String usage = "{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"total_tokens\":9}}";
    List<String> out = r.onData(usage);
    assertThat(out).hasSize(2).last().isEqualTo(usage);
    assertThat(read(out.get(0)).at("/choices/0/delta/content").textValue()).isEqualTo(name.substring(0, 4));
  }

  @Test
  void eventThatIsNotJsonFailsClosed() {
    assertThatThrownBy(() -> stream().onData("not json " + EMAIL))
        .isInstanceOf(InspectionFailedException.class)
        .hasMessage("stream: an event is not JSON");
  }

  @Test
  void modelProducedValueSplitAcrossChunksIsMasked() {
    Policy mask = Policy.builder("m").output(OutputAction.MASK).build();
    StreamRestorer r = restorer.stream(pseudonymsFor(mask, NAME + " " + EMAIL), mask);
    List<String> events = List.of(contentChunk(0, "Contact eve@ev"), contentChunk(0, "il.example or "),
        contentChunk(0, name + " at " + email), finishChunk(0));
    List<String> out = run(r, events);
    assertThat(contents(out).get(0)).isEqualTo("Contact <EMAIL_ADDRESS> or " + NAME + " at " + EMAIL);
    assertThat(String.join("", out)).doesNotContain("eve@ev");
    assertThat(r.receipt().outputCount(EntityType.EMAIL_ADDRESS, OutputAction.MASK)).isEqualTo(1);
  }

  @Test
  void blockedOutputStopsTheStreamBeforeTheValueIsEmitted() {
    Policy block = Policy.builder("b").output(OutputAction.BLOCK).build();
    StreamRestorer r = restorer.stream(pseudonymsFor(block, NAME), block);
    List<String> emitted = new ArrayList<>(r.onData(contentChunk(0, "Here you go, the address is ")));
    emitted.addAll(r.onData(contentChunk(0, "eve@evil.exa")));
    assertThatThrownBy(() -> r.onData(contentChunk(0, "mple, bye now, and have a lovely day out there")))
        .isInstanceOf(OutputBlockedException.class)
        .satisfies(e -> assertThat(((OutputBlockedException) e).violation().entityTypes())
            .containsExactly(EntityType.EMAIL_ADDRESS))
        .hasMessageNotContaining("eve@");
    assertThat(String.join("", emitted)).doesNotContain("eve@");
  }

  @Test
  void streamedRestoreEqualsNonStreamedRestore() {
    String text = "To " + name + " (" + email.toLowerCase() + ") and " + name.substring(1, name.length() - 1);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 3) {
      events.add(contentChunk(0, text.substring(i, Math.min(text.length(), i + 3))));
    }
    String streamed = contents(run(stream(), events)).get(0);
    ObjectNode resp = Fixtures.json("{'choices':[{'index':0,'message':{'role':'assistant','content':''}}]}");
    ((ObjectNode) resp.at("/choices/0/message")).put("content", text);
    String whole = ((RestoreResult.Restored) restorer.restore(resp, pseudonyms, Policy.defaults()))
        .body().at("/choices/0/message/content").textValue();
    assertThat(streamed).isEqualTo(whole).isEqualTo("To " + NAME + " (" + EMAIL + ") and " + NAME);
  }

  private static String textChunk(int index, String text) {
    return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":"
        + "[{\"index\":" + index + ",\"text\":" + JSON.valueToTree(text) + ",\"finish_reason\":null}]}";
  }

  @Test
  void aLegacyTextCompletionStreamIsRestoredAcrossChunksAndItsHeldTailFlushedBeforeDone() {
    StreamRestorer r = restorer.stream(pseudonyms, Policy.defaults(), true);
    StringBuilder text = new StringBuilder();
    List<String> out = new ArrayList<>();
    out.addAll(r.onData(textChunk(0, "Dear " + name.substring(0, 6))));
    out.addAll(r.onData(textChunk(0, name.substring(6))));
    out.addAll(r.onData(textChunk(0, " and " + email.substring(0, 3))));
    out.addAll(r.onData("[DONE]"));

    assertThat(out.getLast()).isEqualTo("[DONE]");
    for (String data : out.subList(0, out.size() - 1)) {
      assertThat(read(data).at("/choices/0").has("delta")).isFalse();
      text.append(read(data).at("/choices/0/text").asText());
    }
    assertThat(text.toString()).isEqualTo("Dear " + NAME + " and " + email.substring(0, 3));
  }
}
