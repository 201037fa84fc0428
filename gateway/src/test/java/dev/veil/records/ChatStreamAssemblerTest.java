package dev.veil.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.guard.SseEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChatStreamAssemblerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void chunksAddUpToTheCompletionTheyStreamed() throws Exception {
    ChatStreamAssembler a = new ChatStreamAssembler();
    a.add(SseEvent.data("{\"id\":\"c1\",\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}"));
    a.add(SseEvent.data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
        + "\"finish_reason\":null},{\"index\":1,\"delta\":{\"content\":\"Hi\"}}]}"));
    a.add(SseEvent.data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":9}}"));

    JsonNode c = JSON.readTree(a.toJson());
    assertThat(c.path("id").asText()).isEqualTo("c1");
    assertThat(c.path("object").asText()).isEqualTo("chat.completion");
    assertThat(c.path("created").asLong()).isEqualTo(7);
    assertThat(c.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Hello");
    assertThat(c.path("choices").get(0).path("message").path("role").asText())
        .isEqualTo("assistant");
    assertThat(c.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(c.path("choices").get(1).path("message").path("content").asText())
        .isEqualTo("Hi");
    assertThat(c.path("usage").path("total_tokens").asInt()).isEqualTo(9);
  }

  @Test
  void toolCallArgumentsSplitAcrossChunksAreJoinedByIndex() throws Exception {
    ChatStreamAssembler a = new ChatStreamAssembler();
    a.add(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\"}}]}}]}"));
    a.add(SseEvent.data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
        + "\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));

    JsonNode message = JSON.readTree(a.toJson()).path("choices").get(0).path("message");
    assertThat(message.path("content").isNull()).isTrue();
    JsonNode call = message.path("tool_calls").get(0);
    assertThat(call.path("id").asText()).isEqualTo("call_1");
    assertThat(call.path("function").path("name").asText()).isEqualTo("lookup");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"q\":\"x\"}");
  }

  @Test
  void eventsThatCannotBeRecordedFaithfullyAreRefused() {
    ChatStreamAssembler a = new ChatStreamAssembler();
    assertThatThrownBy(() -> a.add(SseEvent.data("not json"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> a.add(SseEvent.data("[1,2]"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> a.add(new SseEvent("ping", "{}"))).isInstanceOf(IOException.class);
  }
}
