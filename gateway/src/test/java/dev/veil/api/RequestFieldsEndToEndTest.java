package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every string of a request goes upstream only after it was scanned, not just message content, and
 * a request whose shape Veil does not expect is refused with 400 before anything leaves. Each field
 * carries its own canary so a failure names the field that leaked.
 */
class RequestFieldsEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String AWS_KEY = "AKIA" + "Z3QXKJ7PLM2WRT5N";

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of());
    h.upstream.on("/v1/chat/completions",
        (ex, r) -> FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION));
    h.upstream.on("/v1/embeddings", (ex, r) -> FakeUpstream.send(ex, 200,
        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1]}],"
            + "\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}"));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @BeforeEach
  void clear() {
    h.upstream.received.clear();
  }

  record Answer(int status, String body) {
    JsonNode error() throws Exception {
      return FakeUpstream.JSON.readTree(body).get("error");
    }
  }

  static Answer post(String path, String body) throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(URI.create(h.apiBase() + path))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
        .build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(res.statusCode(), res.body());
  }

  /** A distinct e-mail address per field, so that a leak names its field. */
  static String canary(String field) {
    return "canary." + field + "@leak.example";
  }

  static String upstreamSaw() {
    assertThat(h.upstream.received).hasSize(1);
    return new String(h.upstream.received.get(0).body(), StandardCharsets.UTF_8);
  }

  @Test
  void everyFieldOfAChatRequestIsProtectedNotOnlyMessageContent() throws Exception {
    List<String> fields = new ArrayList<>();
    java.util.function.Function<String, String> c = f -> {
      fields.add(f);
      return canary(f);
    };
    String body = "{'model':'gpt-test','temperature':0.3,'user':'" + c.apply("user") + "',"
        + "'metadata':{'note':'" + c.apply("metadata") + "','" + c.apply("metadatakey") + "':'x'},"
        + "'stop':['" + c.apply("stop") + "'],"
        + "'tool_choice':{'type':'function','function':{'name':'" + c.apply("toolchoice") + "'}},"
        + "'tools':[{'type':'function','function':{'name':'lookup','description':'"
        + c.apply("tooldescription") + "','parameters':{'type':'object','properties':{'who':"
        + "{'type':'string','description':'" + c.apply("paramdescription") + "','enum':['"
        + c.apply("paramenum") + "']}}}}}],"
        + "'functions':[{'name':'legacy','description':'" + c.apply("functions") + "'}],"
        + "'response_format':{'type':'json_schema','json_schema':{'name':'answer','schema':"
        + "{'type':'object','description':'" + c.apply("jsonschema") + "'}}},"
        + "'web_search_options':{'user_location':{'type':'approximate','approximate':{'city':'"
        + c.apply("websearch") + "'}}},"
        + "'x_vendor_extension':'" + c.apply("unknowntoplevel") + "',"
        + "'messages':["
        + "{'role':'system','content':'be brief'},"
        + "{'role':'user','name':'" + c.apply("messagename") + "','content':[{'type':'text',"
        + "'text':'hi','annotations':[{'note':'" + c.apply("partannotation") + "'}]}]},"
        + "{'role':'assistant','content':null,'reasoning_content':'" + c.apply("reasoning")
        + "','annotations':[{'type':'url_citation','url_citation':{'title':'"
        + c.apply("annotation") + "'}}],'tool_calls':[{'id':'call_1','type':'function',"
        + "'x_trace':'" + c.apply("toolcallunknown") + "','function':{'name':'"
        + c.apply("toolcallname") + "','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'call_1','content':'ok'},"
        + "{'role':'critic','content':'fine'}]}";

    Answer a = post("/chat/completions", body);

    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String upstream = upstreamSaw();
    for (String f : fields) {
      assertThat(upstream).as("field %s", f).doesNotContain(canary(f));
    }
    JsonNode sent = FakeUpstream.JSON.readTree(upstream);
    assertThat(sent.get("temperature").doubleValue()).isEqualTo(0.3);
    assertThat(sent.at("/messages/1/name").textValue()).matches("EMAIL_ADDRESS_[0-9a-f]{6}");
    assertThat(sent.at("/tools/0/function/parameters/properties/who/type").textValue())
        .isEqualTo("string");
    assertThat(sent.at("/messages/2/tool_calls/0/id").textValue()).isEqualTo("call_1");
    assertThat(sent.at("/messages/3/tool_call_id").textValue()).isEqualTo("call_1");
  }

  @Test
  void aSecretInMetadataIsBlockedLikeTheSameSecretInContent() throws Exception {
    Answer a = post("/chat/completions", "{'model':'gpt-test','metadata':{'deploy':'"
        + AWS_KEY + "'},'messages':[{'role':'user','content':'hi'}]}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error().get("code").asText()).isEqualTo("veil_policy_violation");
    assertThat(a.body()).contains("SECRET").doesNotContain(AWS_KEY);
    assertThat(h.upstream.received).isEmpty();
  }

  @Test
  void everyFieldOfAnEmbeddingsRequestIsProtected() throws Exception {
    Answer a = post("/embeddings", "{'model':'embed-test','input':'plain','user':'"
        + canary("user") + "','x_extra':{'tag':'" + canary("extra") + "'}}");

    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(upstreamSaw()).doesNotContain(canary("user"), canary("extra"))
        .contains("[EMAIL_ADDRESS_");
  }

  @Test
  void aNameLeavesWholeNotAsAPseudonymFollowedByTheSurname() throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
            URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"I am Zebulon Quarrington, a nurse.\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(FakeUpstream.JSON.readTree(upstreamSaw()).at("/messages/0/content").textValue())
        .matches("I am \\[PERSON_[0-9a-f]{6}], a nurse\\.");
    assertThat(res.headers().firstValue("X-Veil-Receipt")).hasValueSatisfying(
        v -> assertThat(v).contains("PERSON.pseudonymize=1"));
  }

  @Test
  void aToolCallThatIsAStringIsRefusedWith400NamingItAndNothingLeaves() throws Exception {
    String card = "4556 7375 8689 9855";
    Answer a = post("/chat/completions", "{'model':'gpt-test','messages':[{'role':'assistant',"
        + "'tool_calls':['my card " + card + "'],'content':'" + canary("content") + "'}]}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error().get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(a.error().get("param").asText()).isEqualTo("messages[0].tool_calls[0]");
    assertThat(a.body()).doesNotContain(card, canary("content"));
    assertThat(h.upstream.received).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{'role':'user','content':[{'type':'text','text':5}]}|messages[0].content[0].text",
      "{'role':'assistant','tool_calls':'x'}|messages[0].tool_calls",
      "{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{'name':'f',"
          + "'arguments':{'a':1}}}]}|messages[0].tool_calls[0].function.arguments",
      "{'role':'assistant','function_call':'x'}|messages[0].function_call",
      "{'role':'user','content':'hi'}],'prediction':'x','x':[0|prediction",
      "{'role':'user','content':'hi'}],'temperature':'hot','x':[0|temperature",
  })
  void aClientsShapeMistakeIs400NamingTheFieldNot500(String message, String param)
      throws Exception {
    Answer a = post("/chat/completions",
        "{'model':'gpt-test','messages':[" + message + "]}");

    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.error().get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(a.error().get("param").asText()).isEqualTo(param);
    assertThat(h.upstream.received).isEmpty();
  }
}
