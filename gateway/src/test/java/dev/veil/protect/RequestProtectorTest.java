package dev.veil.protect;

import static dev.veil.protect.Fixtures.JSON;
import static dev.veil.protect.Fixtures.TENANT;
import static dev.veil.protect.Fixtures.chat;
import static dev.veil.protect.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.policy.Action;
import dev.veil.policy.AllowList;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import dev.veil.policy.ScanPart;
import dev.veil.policy.SurrogateStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestProtectorTest {

  private static final String EMAIL = "alice@corp.example";
  private final RequestProtector protector = new RequestProtector(new TestDetector(), new HmacKeyedHash());

  private ProtectionResult run(ObjectNode body, Policy policy) {
    return protector.protect(EndpointKind.CHAT_COMPLETIONS, body, policy, TENANT);
  }

  private String userContentAfter(Policy policy, String content) {
    ObjectNode body = chat("[{'role':'user','content':" + JSON.getNodeFactory().textNode(content) + "}]");
    ProtectionResult.Protected p = (ProtectionResult.Protected) run(body, policy);
    return p.body().at("/messages/0/content").textValue();
  }

  @Test
  void pseudonymizeReplacesValueWithTypedToken() {
    String out = userContentAfter(Policy.defaults(), "Mail " + EMAIL + " now");
    assertThat(out).matches("Mail \\[EMAIL_ADDRESS_[0-9a-f]{6}] now");
  }

  @Test
  void maskReplacesValueWithItsType() {
    Policy p = Policy.builder("p").action(EntityType.EMAIL_ADDRESS, Action.MASK).build();
    assertThat(userContentAfter(p, "Mail " + EMAIL + " now")).isEqualTo("Mail <EMAIL_ADDRESS> now");
  }

  @Test
  void redactRemovesTheValue() {
    Policy p = Policy.builder("p").action(EntityType.EMAIL_ADDRESS, Action.REDACT).build();
    assertThat(userContentAfter(p, "Mail " + EMAIL + " now")).isEqualTo("Mail  now");
  }

  @Test
  void hashIsKeyedStableAndNotRestorable() {
    Policy p = Policy.builder("p").action(EntityType.EMAIL_ADDRESS, Action.HASH).build();
    String a = userContentAfter(p, EMAIL);
    assertThat(a).matches("<EMAIL_ADDRESS_[0-9a-f]{8}>");
    assertThat(userContentAfter(p, EMAIL.toUpperCase())).isEqualTo(a);
    ObjectNode body = chat("[{'role':'user','content':'" + EMAIL + "'}]");
    assertThat(((ProtectionResult.Protected) run(body, p)).pseudonyms().isEmpty()).isTrue();
  }

  @Test
  void allowLeavesTheValueAndCountsIt() {
    Policy p = Policy.builder("p").action(EntityType.EMAIL_ADDRESS, Action.ALLOW).build();
    ObjectNode body = chat("[{'role':'user','content':'" + EMAIL + "'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    assertThat(r.body().at("/messages/0/content").textValue()).isEqualTo(EMAIL);
    assertThat(r.receipt().count(EntityType.EMAIL_ADDRESS, Action.ALLOW)).isEqualTo(1);
  }

  @Test
  void secretIsBlockedByDefaultNamingTypeAndMessageIndex() {
    ObjectNode body = chat("[{'role':'system','content':'be nice'},"
        + "{'role':'user','content':'key sk-abcdefghijklmnopqrstu and " + EMAIL + "'}]");
    ProtectionResult r = run(body, Policy.defaults());
    assertThat(r).isInstanceOf(ProtectionResult.Blocked.class);
    Violation v = ((ProtectionResult.Blocked) r).violation();
    assertThat(v.entityTypes()).containsExactly(EntityType.SECRET);
    assertThat(v.messageIndexes()).containsExactly(1);
    assertThat(v.locations()).containsExactly("messages[1].content");
    assertThat(v.message()).isEqualTo("Blocked by policy 'default': SECRET found in messages[1].content");
    assertThat(r.receipt().count(EntityType.SECRET, Action.BLOCK)).isEqualTo(1);
    assertThat(r.receipt().total()).isEqualTo(2);
  }

  @Test
  void aSecretSplitAcrossTextPartsIsBlocked() {
    ObjectNode body = chat("[{'role':'user','content':[{'type':'text','text':'key sk-abcdefghij'},"
        + "{'type':'text','text':'klmnopqrstu please'}]}]");
    ProtectionResult r = run(body, Policy.defaults());
    assertThat(r).isInstanceOf(ProtectionResult.Blocked.class);
    assertThat(((ProtectionResult.Blocked) r).violation().entityTypes())
        .containsExactly(EntityType.SECRET);
  }

  @Test
  void aValueSplitAcrossTextPartsIsProtectedWholeAndTheTextReadsTheSame() {
    ObjectNode body = chat("[{'role':'user','content':[{'type':'text','text':'Mail ali'},"
        + "{'type':'text','text':'ce@corp.'},{'type':'text','text':'example now'},"
        + "{'type':'image_url','image_url':{'url':'https://x.example/a.png'}},"
        + "{'type':'text','text':'bye'}]}]");
    Policy withImages = Policy.builder("p").action(EntityType.EMAIL_ADDRESS, Action.MASK)
        .allowNonText(true).build();
    JsonNode parts = ((ProtectionResult.Protected) run(body, withImages)).body()
        .at("/messages/0/content");
    StringBuilder read = new StringBuilder();
    for (JsonNode part : parts) {
      read.append(part.path("text").asText(""));
    }
    assertThat(read.toString()).isEqualTo("Mail <EMAIL_ADDRESS> nowbye");
    assertThat(parts.get(3).path("type").textValue()).isEqualTo("image_url");
    assertThat(parts.get(4).path("text").textValue()).isEqualTo("bye");
  }

  @Test
  void findingsBelowTheMinimumScoreAreIgnored() {
    Policy global = Policy.builder("p").minScore(0.8).build();
    assertThat(userContentAfter(global, "tel +49 170 1234567")).isEqualTo("tel +49 170 1234567");
    Policy perType = Policy.builder("p").minScore(EntityType.EMAIL_ADDRESS, 0.95).build();
    assertThat(userContentAfter(perType, EMAIL)).isEqualTo(EMAIL);
    assertThat(userContentAfter(perType, "+49 170 1234567")).startsWith("[PHONE_NUMBER_");
  }

  @Test
  void allowListedValuesAndPatternsPassUnchanged() {
    Policy p = Policy.builder("p")
        .allow(AllowList.of(Set.of("Bob Marley"), List.of(Pattern.compile(".*@corp\\.example"))))
        .build();
    String out = userContentAfter(p, "Bob Marley wrote to " + EMAIL + " and carla@else.example");
    assertThat(out).startsWith("Bob Marley wrote to " + EMAIL + " and [EMAIL_ADDRESS_");
  }

  @Test
  void everyMessageRoleAndContentShapeIsScannedAndNamesKeepTheIdentifierForm() {
    ObjectNode body = chat("[{'role':'system','content':'admin is " + EMAIL + "'},"
        + "{'role':'developer','content':[{'type':'text','text':'cc " + EMAIL + "'}]},"
        + "{'role':'user','name':'Dmitri','content':[{'type':'text','text':'I am Dmitri'}]},"
        + "{'role':'assistant','content':'Hello Dmitri','refusal':'not for Carla Diaz',"
        + "'tool_calls':[{'id':'c1','type':'function','function':{'name':'lookup',"
        + "'arguments':'{\\'who\\':\\'Alice Johnson\\',\\'n\\':[\\'" + EMAIL + "\\',3]}'}}]},"
        + "{'role':'tool','tool_call_id':'c1','content':'{\\'phone\\':\\'+1 555 0100 222\\'}'},"
        + "{'role':'assistant','content':null,'function_call':{'name':'f','arguments':'{\\'to\\':\\'Carla Diaz\\'}'}}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    String out = r.body().toString();
    assertThat(out).doesNotContain(EMAIL, "Alice Johnson", "Carla Diaz", "+1 555 0100 222", "I am Dmitri", "Hello Dmitri");
    assertThat(r.body().at("/messages/2/name").textValue()).matches("PERSON_[0-9a-f]{6}");
    assertThat(r.body().at("/messages/3/tool_calls/0/function/name").textValue()).isEqualTo("lookup");
    JsonNode args = parse(r.body().at("/messages/3/tool_calls/0/function/arguments").textValue());
    assertThat(args.get("who").textValue()).startsWith("[PERSON_");
    assertThat(args.get("n").get(1).intValue()).isEqualTo(3);
    assertThat(parse(r.body().at("/messages/4/content").textValue()).get("phone").textValue())
        .startsWith("[PHONE_NUMBER_");
    assertThat(parse(r.body().at("/messages/5/function_call/arguments").textValue()).get("to").textValue())
        .startsWith("[PERSON_");
    assertThat(r.body().at("/messages/3/refusal").textValue()).startsWith("not for [PERSON_");
    assertThat(r.receipt().count(EntityType.EMAIL_ADDRESS, Action.PSEUDONYMIZE)).isEqualTo(3);
  }

  @Test
  void predictedOutputIsScannedWithUserMessagesAndBlocksWithoutAMessageIndex() {
    ObjectNode body = json("{'messages':[{'role':'user','content':'hi'}],"
        + "'prediction':{'type':'content','content':'to " + EMAIL + "'}}");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    assertThat(r.body().at("/prediction/content").textValue()).startsWith("to [EMAIL_ADDRESS_");
    ObjectNode secret = json("{'messages':[{'role':'user','content':'hi'}],"
        + "'prediction':{'type':'content','content':[{'type':'text','text':'sk-abcdefghijklmnopqrstu'}]}}");
    Violation v = ((ProtectionResult.Blocked) run(secret, Policy.defaults())).violation();
    assertThat(v.messageIndexes()).isEmpty();
    assertThat(v.locations()).containsExactly("prediction.content[0].text");
  }

  @Test
  void toolArgumentsWithoutFindingsKeepTheirExactBytes() {
    String args = "{ \"city\" :  \"Paris\" }";
    ObjectNode body = chat("[{'role':'assistant','tool_calls':[{'function':{'name':'w','arguments':"
        + JSON.getNodeFactory().textNode(args) + "}}]}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    assertThat(r.body().at("/messages/0/tool_calls/0/function/arguments").textValue()).isEqualTo(args);
  }

  @Test
  void toolArgumentsThatAreNotJsonAreScannedAsText() {
    ObjectNode body = chat("[{'role':'assistant','tool_calls':[{'function':{'name':'w','arguments':"
        + "'{\\'to\\': \\'" + EMAIL + "'}}]}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    assertThat(r.body().at("/messages/0/tool_calls/0/function/arguments").textValue())
        .startsWith("{\"to\": \"[EMAIL_ADDRESS_").doesNotContain(EMAIL);
  }

  @Test
  void duplicateKeysInArgumentsCannotHideAValue() {
    String args = "{\"to\":\"" + EMAIL + "\",\"to\":\"x\"}";
    ObjectNode body = chat("[{'role':'assistant','tool_calls':[{'function':{'name':'w','arguments':"
        + JSON.getNodeFactory().textNode(args) + "}}]}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    assertThat(r.body().toString()).doesNotContain(EMAIL);
  }

  @Test
  void valuesInJsonKeysAndNumbersAreProtected() {
    String args = "{\"" + EMAIL + "\":1,\"phone\":4915112345678}";
    ObjectNode body = chat("[{'role':'tool','content':" + JSON.getNodeFactory().textNode(args) + "}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    String out = r.body().at("/messages/0/content").textValue();
    assertThat(out).doesNotContain(EMAIL, "4915112345678");
    assertThat(parse(out).get("phone").textValue()).startsWith("[PHONE_NUMBER_");
  }

  @Test
  void unknownFieldsAreScannedAndFieldsWithoutTextSurviveUntouched() {
    ObjectNode body = json("{'model':'m','temperature':0.2,'seed':4915112345678,"
        + "'x_custom':{'deep':[1,'" + EMAIL + "']},'logit_bias':{'50256':-100},"
        + "'tools':[{'type':'function','function':{'name':'f','description':'d'}}],"
        + "'messages':[{'role':'user','content':'hi','x_meta':'" + EMAIL + "'}]}");
    ObjectNode before = body.deepCopy();
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, Policy.defaults());
    assertThat(r.body().toString()).doesNotContain(EMAIL);
    assertThat(r.body().at("/x_custom/deep/1").textValue()).startsWith("[EMAIL_ADDRESS_");
    for (String same : List.of("/model", "/temperature", "/seed", "/logit_bias", "/tools")) {
      assertThat(r.body().at(same)).as(same).isEqualTo(before.at(same));
    }
  }

  @Test
  void partsLeftOutOfThePolicyScanAreNotTouched() {
    Policy p = Policy.builder("p").scan(EnumSet.of(ScanPart.USER)).build();
    ObjectNode body = chat("[{'role':'system','content':'" + EMAIL + "'},{'role':'user','content':'" + EMAIL + "'},"
        + "{'role':'assistant','tool_calls':[{'function':{'name':'f','arguments':'{\\'a\\':\\'" + EMAIL + "\\'}'}}]}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    assertThat(r.body().at("/messages/0/content").textValue()).isEqualTo(EMAIL);
    assertThat(r.body().at("/messages/1/content").textValue()).startsWith("[EMAIL_ADDRESS_");
    assertThat(r.body().at("/messages/2/tool_calls/0/function/arguments").textValue()).contains(EMAIL);
  }

  @Test
  void messagesOfAnUnknownRoleAreAlwaysScanned() {
    Policy p = Policy.builder("p").scan(EnumSet.noneOf(ScanPart.class)).build();
    ObjectNode body = chat("[{'role':'critic','content':'" + EMAIL + "'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    assertThat(r.body().toString()).doesNotContain(EMAIL);
  }

  @Test
  void imagePartsAreRefusedUnlessThePolicyAllowsThem() {
    String messages = "[{'role':'user','content':[{'type':'text','text':'" + EMAIL + "'},"
        + "{'type':'image_url','image_url':{'url':'https://x.example/a.png'}}]}]";
    assertThatThrownBy(() -> run(chat(messages), Policy.defaults()))
        .isInstanceOf(InspectionFailedException.class)
        .hasMessageContaining("messages[0].content[1]");
    ProtectionResult.Protected r = (ProtectionResult.Protected)
        run(chat(messages), Policy.builder("p").allowNonText(true).build());
    assertThat(r.body().at("/messages/0/content/1/image_url/url").textValue()).isEqualTo("https://x.example/a.png");
    assertThat(r.body().toString()).doesNotContain(EMAIL);
  }

  @Test
  void onlyOpenAisBinaryFieldsGoUpstreamUnscannedAndAPartsOwnTypeNeverReachesALocation() {
    // regression: any 'data' or 'file_data' string of any part type went upstream unscanned
    Policy p = Policy.builder("p").allowNonText(true).build();
    String messages = "[{'role':'user','content':[{'type':'text','text':'hi'},"
        + "{'type':'jane-canary','jane-canary':{'data':'" + EMAIL + "'}}]}]";
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(chat(messages), p);
    assertThat(r.body().toString()).doesNotContain(EMAIL);
    Policy blocking = Policy.builder("b").allowNonText(true)
        .action(EntityType.EMAIL_ADDRESS, Action.BLOCK).build();
    ProtectionResult.Blocked blocked = (ProtectionResult.Blocked) run(chat(messages), blocking);
    assertThat(blocked.violation().message()).doesNotContain("jane-canary").doesNotContain(EMAIL);
  }

  @Test
  void aBodyThatSkippedValidationIsNotInspectedAndFailsClosed() {
    assertThatThrownBy(() -> run(json("{'model':'m'}"), Policy.defaults()))
        .isInstanceOfSatisfying(InspectionFailedException.class,
            e -> assertThat(e.location()).isEqualTo("messages"));
    assertThatThrownBy(() -> run(chat("[{'role':'user','content':[{'type':'text','text':5}]}]"), Policy.defaults()))
        .isInstanceOfSatisfying(InspectionFailedException.class,
            e -> assertThat(e.location()).isEqualTo("messages[0].content[0].text"));
  }

  @Test
  void embeddingsInputAsStringOrArrayIsProtected() {
    ObjectNode one = json("{'model':'e','input':'" + EMAIL + "'}");
    ProtectionResult.Protected r1 = (ProtectionResult.Protected)
        protector.protect(EndpointKind.EMBEDDINGS, one, Policy.defaults(), TENANT);
    assertThat(r1.body().get("input").textValue()).startsWith("[EMAIL_ADDRESS_");
    ObjectNode many = json("{'model':'e','input':['plain','to " + EMAIL + "'],'dimensions':8}");
    ProtectionResult.Protected r2 = (ProtectionResult.Protected)
        protector.protect(EndpointKind.EMBEDDINGS, many, Policy.defaults(), TENANT);
    assertThat(r2.body().get("input").get(0).textValue()).isEqualTo("plain");
    assertThat(r2.body().get("input").get(1).textValue()).isEqualTo("to " + r1.body().get("input").textValue());
    assertThat(r2.body().get("dimensions").intValue()).isEqualTo(8);
  }

  @Test
  void embeddingsTokenIdsAreRefused() {
    for (String input : List.of("[1,2,3]", "[[1,2],[3]]")) {
      ObjectNode body = json("{'model':'e','input':" + input + "}");
      assertThatThrownBy(() -> protector.protect(EndpointKind.EMBEDDINGS, body, Policy.defaults(), TENANT))
          .isInstanceOf(InspectionFailedException.class)
          .hasMessageContaining("token ids cannot be inspected");
    }
  }

  @Test
  void sameValueGetsSameSurrogateAcrossRequestsAndTurnsButNotAcrossTenants() {
    String a = userContentAfter(Policy.defaults(), "Alice Johnson");
    String b = userContentAfter(Policy.defaults(), "hi ALICE@corp.example and Alice Johnson");
    assertThat(b).endsWith(" and " + a);
    ObjectNode body = chat("[{'role':'user','content':'Alice Johnson'}]");
    ProtectionResult.Protected other = (ProtectionResult.Protected)
        protector.protect(EndpointKind.CHAT_COMPLETIONS, body, Policy.defaults(), "globex");
    assertThat(other.body().at("/messages/0/content").textValue()).isNotEqualTo(a).startsWith("[PERSON_");
    ObjectNode twice = chat("[{'role':'user','content':'" + EMAIL + "'},{'role':'assistant','content':'ok " + EMAIL + "'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(twice, Policy.defaults());
    assertThat(r.body().at("/messages/1/content").textValue()).isEqualTo("ok " + r.body().at("/messages/0/content").textValue());
    assertThat(r.pseudonyms().size()).isEqualTo(1);
  }

  @Test
  void collidingSurrogatesAreResolvedDeterministicallyWithinARequest() {
    KeyedHash collidesOnFirstAttempt = input -> {
      byte[] h = new HmacKeyedHash().mac(input);
      if (input[input.length - 1] == 0) {
        h[0] = 1;
        h[1] = 2;
        h[2] = 3;
      }
      return h;
    };
    RequestProtector colliding = new RequestProtector(new TestDetector(), collidesOnFirstAttempt);
    String content = "a@x.example b@x.example c@x.example a@x.example";
    List<String> first = surrogatesOf(colliding, content);
    assertThat(first).hasSize(4);
    assertThat(first.get(0)).isEqualTo("[EMAIL_ADDRESS_010203]");
    assertThat(first.subList(0, 3)).doesNotHaveDuplicates();
    assertThat(first.get(3)).isEqualTo(first.get(0));
    assertThat(surrogatesOf(colliding, content)).isEqualTo(first);
  }

  private static List<String> surrogatesOf(RequestProtector p, String content) {
    ObjectNode body = chat("[{'role':'user','content':'" + content + "'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected)
        p.protect(EndpointKind.CHAT_COMPLETIONS, body, Policy.defaults(), TENANT);
    String out = r.body().at("/messages/0/content").textValue();
    assertThat(r.pseudonyms().size()).isEqualTo(3);
    return List.of(out.split(" "));
  }

  @Test
  void syntheticSurrogatesPreserveFormatAndAreConsistent() {
    Policy p = Policy.builder("p").surrogates(SurrogateStyle.SYNTHETIC).build();
    String out = userContentAfter(p, EMAIL + " | +49 170 1234567 | Alice Johnson | Dmitri");
    String[] parts = out.split(" \\| ");
    assertThat(parts[0]).matches("[a-z]+\\.[a-z]+\\d\\d@example\\.(com|net|org)");
    assertThat(parts[1]).matches("\\+49 \\d{3} \\d{7}").isNotEqualTo("+49 170 1234567");
    assertThat(parts[2]).matches("[A-Z][a-z]+ [A-Z][a-z]+");
    assertThat(parts[3]).matches("[A-Z][a-z]+");
    assertThat(userContentAfter(p, EMAIL + " | +49 170 1234567 | Alice Johnson | Dmitri")).isEqualTo(out);
  }

  @Test
  void aNameFieldUnderSyntheticSurrogatesGetsATokenThatIsRestoredWhole() {
    Policy p = Policy.builder("p").surrogates(SurrogateStyle.SYNTHETIC).build();
    ObjectNode body = chat("[{'role':'user','name':'Alice Johnson','content':'I am Alice Johnson'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    String name = r.body().at("/messages/0/name").textValue();
    assertThat(name).matches("PERSON_[0-9a-f]{6}");
    assertThat(r.body().at("/messages/0/content").textValue()).matches("I am [A-Z][a-z]+ [A-Z][a-z]+");
    ObjectNode function = (ObjectNode) json("{'name':'" + name + "'}");
    assertThat(ResponseRestorer.restoreName(function, r.pseudonyms())).isTrue();
    assertThat(function.get("name").textValue()).isEqualTo("Alice Johnson");
  }

  @Test
  void aRedactedNameFieldReadsAsItsTypeInsteadOfEmpty() {
    Policy p = Policy.builder("p").action(EntityType.PERSON, Action.REDACT).build();
    ObjectNode body = chat("[{'role':'user','name':'Dmitri','content':'hi'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    assertThat(r.body().at("/messages/0/name").textValue()).isEqualTo("PERSON");
  }

  @Test
  void receiptCountsPerTypeAndActionAndRendersAsHeader() {
    Policy p = Policy.builder("strict").action(EntityType.EMAIL_ADDRESS, Action.MASK).build();
    ObjectNode body = chat("[{'role':'user','content':'" + EMAIL + " b@x.example Dmitri'}]");
    ProtectionResult r = run(body, p);
    assertThat(r.receipt().headerValue()).isEqualTo("policy=strict;PERSON.pseudonymize=1;EMAIL_ADDRESS.mask=2");
  }

  @Test
  void detectorFindingsOutOfBoundsFailClosed() {
    RequestProtector broken = new RequestProtector(
        text -> List.of(new Finding(EntityType.PERSON, 0, text.length() + 5, 0.9, "x")), new HmacKeyedHash());
    assertThatThrownBy(() -> broken.protect(EndpointKind.CHAT_COMPLETIONS,
        chat("[{'role':'user','content':'hello'}]"), Policy.defaults(), TENANT))
        .isInstanceOf(InspectionFailedException.class)
        .hasMessageContaining("out of bounds");
  }

  @Test
  void outputScanningPolicyRemembersTheRequestText() {
    Policy p = Policy.builder("p").output(OutputAction.MASK).build();
    ObjectNode body = chat("[{'role':'user','content':'write to bob@x.example'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected) run(body, p);
    assertThat(r.pseudonyms().cameFromRequest("bob@x.example")).isTrue();
    assertThat(r.pseudonyms().cameFromRequest("write to")).isTrue();
    assertThat(r.pseudonyms().cameFromRequest("eve@x.example")).isFalse();
  }

  /** A detector that finds one PERSON from {@code start} to {@code end}, whatever the text. */
  private static RequestProtector finding(int start, int end) {
    return new RequestProtector(text -> List.of(new Finding(EntityType.PERSON, start, end, 0.9, "x")),
        new HmacKeyedHash());
  }

  private static String contentAfter(RequestProtector p, String content) {
    ObjectNode body = chat("[{'role':'user','content':" + JSON.getNodeFactory().textNode(content) + "}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected)
        p.protect(EndpointKind.CHAT_COMPLETIONS, body, Policy.defaults(), TENANT);
    return r.body().at("/messages/0/content").textValue();
  }

  @Test
  void aFindingThatStartsAndEndsInsideAWordProtectsTheWholeWord() {
    String out = contentAfter(finding(6, 10), "I am Zebulon, a nurse.");
    assertThat(out).matches("I am \\[PERSON_[0-9a-f]{6}], a nurse\\.");
  }

  @Test
  void aNameIsProtectedWithTheCapitalisedSurnameTheDetectorLeftOut() {
    RequestProtector real = new RequestProtector(dev.veil.detect.Detectors.standard(), new HmacKeyedHash());
    ObjectNode body = chat("[{'role':'user','content':'I am Zebulon Quarrington, a nurse.'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected)
        real.protect(EndpointKind.CHAT_COMPLETIONS, body, Policy.defaults(), TENANT);
    assertThat(r.body().at("/messages/0/content").textValue())
        .matches("I am \\[PERSON_[0-9a-f]{6}], a nurse\\.");
    assertThat(r.receipt().count(EntityType.PERSON, Action.PSEUDONYMIZE)).isEqualTo(1);
  }

  @Test
  void wordsAfterANameThatAreNotNamesStayInClear() {
    assertThat(userContentAfter(Policy.defaults(), "ask Dmitri Monday about The plan"))
        .matches("ask \\[PERSON_[0-9a-f]{6}] Monday about The plan");
    assertThat(userContentAfter(Policy.defaults(), "Dmitri, Quinn and Dmitri  Quinn"))
        .matches("\\[PERSON_[0-9a-f]{6}], Quinn and \\[PERSON_[0-9a-f]{6}]  Quinn");
    assertThat(userContentAfter(Policy.defaults(), "hi Dmitri O\u2019Brien-Smith!"))
        .matches("hi \\[PERSON_[0-9a-f]{6}]!");
  }

  @Test
  void textOfAScriptWithoutSpacesIsNotWidenedToTheWholeSentence() {
    assertThat(contentAfter(finding(2, 4), "我叫张伟住在北京")).matches("我叫\\[PERSON_[0-9a-f]{6}]住在北京");
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + e.getMessage());
    }
  }
}
