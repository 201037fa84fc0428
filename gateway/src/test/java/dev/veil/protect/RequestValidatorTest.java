package dev.veil.protect;

import static dev.veil.protect.Fixtures.chat;
import static dev.veil.protect.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  static Response.Json chatError(ObjectNode body) {
    return RequestValidator.check(Request.Endpoint.CHAT_COMPLETIONS, body);
  }

  static String param(Response.Json error) {
    return error.body().path("error").path("param").asText();
  }

  @Test
  void malformedChatBodiesAreRefusedAsTheClientsMistakeNamingTheField() {
    Response.Json noMessages = chatError(json("{'model':'m'}"));
    assertThat(noMessages.status()).isEqualTo(400);
    assertThat(noMessages.body().at("/error/code").asText()).isEqualTo("invalid_request");
    assertThat(noMessages.body().at("/error/message").asText())
        .isEqualTo("'messages' must be a non-empty array.");
    assertThat(param(chatError(chat("['hi']")))).isEqualTo("messages[0]");
    assertThat(param(chatError(chat("[{'role':'user','content':{'a':1}}]"))))
        .isEqualTo("messages[0].content");
    assertThat(param(chatError(chat("[{'role':'user','content':[{'type':'text','text':5}]}]"))))
        .isEqualTo("messages[0].content[0].text");
  }

  @Test
  void aShapeMistakeInAPartNoPolicyScansIsRefusedToo() {
    Response.Json error = chatError(chat(
        "[{'role':'assistant','tool_calls':['sk-abcdefghijklmnopqrstu']}]"));
    assertThat(param(error)).isEqualTo("messages[0].tool_calls[0]");
    assertThat(new String(error.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("sk-");
  }

  @Test
  void embeddingsInputMayBeTextOrTokenIdsAndNothingElse() {
    assertThat(RequestValidator.check(Request.Endpoint.EMBEDDINGS,
        json("{'model':'e','input':['a',[1,2],3]}"))).isNull();
    assertThat(param(RequestValidator.check(Request.Endpoint.EMBEDDINGS,
        json("{'model':'e','input':['a',{'b':1}]}")))).isEqualTo("input[1]");
  }

  @Test
  void aWellFormedRequestPassesWithItsModelAndStreamFlag() {
    assertThat(chatError(json("{'model':'m','stream':true,'temperature':0.2,"
        + "'messages':[{'role':'user','content':'hi'}]}"))).isNull();
    Request r = Request.received(Request.Endpoint.CHAT_COMPLETIONS, java.util.Map.of())
        .withBody(json("{'model':'m','stream':true,'messages':[]}")).withFieldsFromBody();
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.stream()).isTrue();
  }
}
