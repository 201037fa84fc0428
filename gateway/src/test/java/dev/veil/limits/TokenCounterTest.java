package dev.veil.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.guard.Request;
import dev.veil.json.Jackson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  private final TokenCounter counter = new TokenCounter();

  private static Request request(Request.Endpoint endpoint, String json) throws Exception {
    ObjectNode body = (ObjectNode) Jackson.MAPPER.readTree(json);
    return Request.received(endpoint, Map.of()).withBody(body).withFieldsFromBody();
  }

  @Test
  void aChatPromptCountsAsOpenAiCountsIt() throws Exception {
    // OpenAI's cookbook example: these two messages are 7 + 8 + 3 tokens with gpt-4o's tokenizer
    // ("system"+"You are helpful." and "user"+"Hello, world!" plus 3 a message, plus 3).
    Request r = request(Request.Endpoint.CHAT_COMPLETIONS, """
        {"model":"gpt-4o","messages":[{"role":"system","content":"You are helpful."},
         {"role":"user","content":[{"type":"text","text":"Hello, world!"}]}]}""");
    assertThat(counter.prompt(r)).isEqualTo(3 + (3 + 1 + 4) + (3 + 1 + 4));
  }

  @Test
  void anUnknownModelIsCountedWithTheNewestTokenizer() throws Exception {
    Request known = request(Request.Endpoint.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"naïve café\"}]}");
    Request local = request(Request.Endpoint.CHAT_COMPLETIONS,
        "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"naïve café\"}]}");
    assertThat(counter.prompt(local)).isEqualTo(counter.prompt(known)).isPositive();
  }

  @Test
  void specialTokenMarkersInAPromptAreCountedAsText() throws Exception {
    Request r = request(Request.Endpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"<|endoftext|>\"}]}");
    assertThat(counter.prompt(r)).isGreaterThan(3 + 3 + 1 + 1);
  }

  @Test
  void embeddingInputsCountAsTextOrByTheirTokenArrays() throws Exception {
    assertThat(counter.prompt(request(Request.Endpoint.EMBEDDINGS,
        "{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3],[4,5]]}"))).isEqualTo(5);
    assertThat(counter.prompt(request(Request.Endpoint.EMBEDDINGS,
        "{\"model\":\"text-embedding-3-small\",\"input\":\"Hello, world!\"}"))).isEqualTo(4);
  }
}
