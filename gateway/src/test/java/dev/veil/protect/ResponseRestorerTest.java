package dev.veil.protect;

import static dev.veil.protect.Fixtures.JSON;
import static dev.veil.protect.Fixtures.json;
import static dev.veil.protect.Fixtures.pseudonymsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.EntityType;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import dev.veil.policy.SurrogateStyle;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ResponseRestorerTest {

  private static final String EMAIL = "alice@corp.example";
  private static final String NAME = "Alice Johnson";
  private final ResponseRestorer restorer = new ResponseRestorer(new TestDetector());
  private final Pseudonyms pseudonyms = pseudonymsFor(Policy.defaults(), "I am " + NAME + ", " + EMAIL);
  private final String email = surrogate(EMAIL);
  private final String name = surrogate(NAME);

  private String surrogate(String original) {
    for (String s : new String[] {"EMAIL_ADDRESS", "PERSON"}) {
      ObjectNode body = Fixtures.chat("[{'role':'user','content':'" + original + "'}]");
      String out = Fixtures.protect(body, Policy.defaults()).body().at("/messages/0/content").textValue();
      if (out.startsWith("[" + s)) {
        return out;
      }
    }
    throw new AssertionError("no surrogate");
  }

  private ObjectNode response(String content) {
    ObjectNode r = json("{'id':'c1','object':'chat.completion','choices':[{'index':0,'message':"
        + "{'role':'assistant','content':null},'finish_reason':'stop'}],'usage':{'total_tokens':3}}");
    ((ObjectNode) r.at("/choices/0/message")).put("content", content);
    return r;
  }

  private String restoredContent(String content, Policy policy) {
    RestoreResult r = restorer.restore(response(content), pseudonyms, policy);
    return ((RestoreResult.Restored) r).body().at("/choices/0/message/content").textValue();
  }

  @Test
  void contentSurrogatesAreRestored() {
    assertThat(restoredContent("Dear " + name + ", I wrote to " + email + ".", Policy.defaults()))
        .isEqualTo("Dear " + NAME + ", I wrote to " + EMAIL + ".");
  }

  @Test
  void aFunctionNameThatLeftInIdentifierFormIsRestoredStreamedOrNot() {
    String bare = name.substring(1, name.length() - 1);
    ObjectNode r = json("{'choices':[{'index':0,'message':{'role':'assistant','content':null,"
        + "'tool_calls':[{'id':'c','type':'function','function':{'name':'" + bare
        + "','arguments':'{}'}}]}}]}");
    RestoreResult restored = restorer.restore(r, pseudonyms, Policy.defaults());
    assertThat(((RestoreResult.Restored) restored).body().at("/choices/0/message/tool_calls/0/function/name")
        .textValue()).isEqualTo(NAME);

    String chunk = "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'c','type':'function',"
        + "'function':{'name':'" + bare + "','arguments':''}}]},'finish_reason':null}]}";
    java.util.List<String> out = StreamFixtures.run(restorer.stream(pseudonyms, Policy.defaults()),
        java.util.List.of(chunk.replace('\'', '"')));
    assertThat(StreamFixtures.read(out.get(0)).at("/choices/0/delta/tool_calls/0/function/name")
        .textValue()).isEqualTo(NAME);
  }

  @Test
  void slightlyChangedSurrogatesAreRestored() {
    String bare = name.substring(1, name.length() - 1);
    assertThat(restoredContent("Hi " + bare.toLowerCase(Locale.ROOT) + "!", Policy.defaults())).isEqualTo("Hi " + NAME + "!");
    assertThat(restoredContent("Hi " + name.toUpperCase(Locale.ROOT), Policy.defaults())).isEqualTo("Hi " + NAME);
    assertThat(restoredContent("Hi " + bare + "] ok", Policy.defaults())).isEqualTo("Hi " + NAME + " ok");
    assertThat(restoredContent("[" + bare + ". Bye", Policy.defaults())).isEqualTo(NAME + ". Bye");
  }

  @Test
  void surrogateLookalikesInsideWordsOrUnknownAreLeftAlone() {
    String bare = name.substring(1, name.length() - 1);
    String text = "x" + bare + " " + bare + "0 [PERSON_000000] " + name.replace(']', 'x');
    assertThat(restoredContent(text, Policy.defaults())).isEqualTo(text);
  }

  @Test
  void toolCallArgumentsAndRefusalAreRestoredAsValidJson() throws Exception {
    Pseudonyms quoted = pseudonymsFor(Policy.defaults(), "call \"Bob\\\" bob@x.example", "Carla Diaz");
    ObjectNode body = Fixtures.chat("[{'role':'user','content':'bob@x.example'}]");
    String bob = Fixtures.protect(body, Policy.defaults()).body().at("/messages/0/content").textValue();
    ObjectNode r = json("{'choices':[{'index':0,'message':{'role':'assistant','content':null,'refusal':'no',"
        + "'tool_calls':[{'id':'t','type':'function','function':{'name':'send','arguments':''}}]}}]}");
    ((ObjectNode) r.at("/choices/0/message/tool_calls/0/function")).put("arguments", "{\"to\":\"" + bob + "\"}");
    ((ObjectNode) r.at("/choices/0/message")).put("refusal", "not " + bob);
    RestoreResult.Restored out = (RestoreResult.Restored) restorer.restore(r, quoted, Policy.defaults());
    String args = out.body().at("/choices/0/message/tool_calls/0/function/arguments").textValue();
    assertThat(JSON.readTree(args).get("to").textValue()).isEqualTo("bob@x.example");
    assertThat(out.body().at("/choices/0/message/refusal").textValue()).isEqualTo("not bob@x.example");
  }

  @Test
  void restoredValuesContainingQuotesKeepArgumentsValidJson() throws Exception {
    Pseudonyms p = pseudonymsFor(Policy.defaults(), "x \"Carla Diaz\" y");
    String carla = Fixtures.protect(Fixtures.chat("[{'role':'user','content':'Carla Diaz'}]"), Policy.defaults())
        .body().at("/messages/0/content").textValue();
    assertThat(p.original(carla)).isEqualTo("Carla Diaz");
    ObjectNode r = json("{'choices':[{'index':0,'message':{'role':'assistant','function_call':{'name':'f','arguments':''}}}]}");
    ((ObjectNode) r.at("/choices/0/message/function_call")).put("arguments", "{\"n\":\"" + carla + "\"}");
    RestoreResult.Restored out = (RestoreResult.Restored) restorer.restore(r, p, Policy.defaults());
    assertThat(JSON.readTree(out.body().at("/choices/0/message/function_call/arguments").textValue())
        .get("n").textValue()).isEqualTo("Carla Diaz");
  }

  @Test
  void syntheticSurrogatesAreRestored() {
    Policy synthetic = Policy.builder("s").surrogates(SurrogateStyle.SYNTHETIC).build();
    Pseudonyms p = pseudonymsFor(synthetic, "I am " + NAME + ", " + EMAIL);
    ObjectNode req = Fixtures.chat("[{'role':'user','content':'" + NAME + " " + EMAIL + "'}]");
    String protectedText = Fixtures.protect(req, synthetic).body().at("/messages/0/content").textValue();
    RestoreResult.Restored out = (RestoreResult.Restored) restorer.restore(response("Re: " + protectedText), p, synthetic);
    assertThat(out.body().at("/choices/0/message/content").textValue()).isEqualTo("Re: " + NAME + " " + EMAIL);
  }

  @Test
  void modelProducedPersonalDataGetsTheOutputAction() {
    Policy mask = Policy.builder("m").output(OutputAction.MASK).build();
    Pseudonyms p = pseudonymsFor(mask, "I am " + NAME + ", " + EMAIL);
    String in = "Write to " + email + " or to eve@evil.example, says " + name;
    RestoreResult.Restored r = (RestoreResult.Restored) restorer.restore(response(in), p, mask);
    assertThat(r.body().at("/choices/0/message/content").textValue())
        .isEqualTo("Write to " + EMAIL + " or to <EMAIL_ADDRESS>, says " + NAME);
    assertThat(r.receipt().outputCount(EntityType.EMAIL_ADDRESS, OutputAction.MASK)).isEqualTo(1);
    assertThat(r.receipt().headerValue()).isEqualTo("policy=m;out.EMAIL_ADDRESS.mask=1");

    Policy block = Policy.builder("b").output(OutputAction.BLOCK).build();
    RestoreResult blocked = restorer.restore(response(in), p, block);
    assertThat(blocked).isInstanceOf(RestoreResult.Blocked.class);
    Violation v = ((RestoreResult.Blocked) blocked).violation();
    assertThat(v.entityTypes()).containsExactly(EntityType.EMAIL_ADDRESS);
    assertThat(v.messageIndexes()).containsExactly(0);
    assertThat(v.message()).doesNotContain("eve@evil.example");

    assertThat(restoredContent(in, Policy.defaults())).contains("eve@evil.example");
  }

  @Test
  void outputScanFailureFailsClosed() {
    ResponseRestorer failing = new ResponseRestorer(text -> {
      throw new IllegalStateException("boom on " + text);
    });
    Policy mask = Policy.builder("m").output(OutputAction.MASK).build();
    assertThatThrownBy(() -> failing.restore(response("secret eve@evil.example"), pseudonyms, mask))
        .isInstanceOf(InspectionFailedException.class)
        .hasMessageNotContaining("eve@evil.example")
        .hasMessageContaining("choices[0].message.content");
  }

  @Test
  void responsesWithoutChoicesPassUnchanged() {
    ObjectNode err = json("{'error':{'message':'rate limited','code':'x'}}");
    ObjectNode copy = err.deepCopy();
    assertThat(((RestoreResult.Restored) restorer.restore(err, pseudonyms, Policy.defaults())).body()).isEqualTo(copy);
  }
}
