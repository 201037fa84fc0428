package dev.veil.bench.protect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.protect.RestoreResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestoreBenchmarkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RESTORED = List.of("Margaret Lindqvist", "m.lindqvist@example.com",
      "Daniel Okafor", "+44 20 7946 0958");

  @ParameterizedTest
  @ValueSource(strings = {"allow", "mask"})
  void twoStreamsInARowAreEachRestoredWhole(String output) throws Exception {
    RestoreBenchmark bench = bench(output);
    try {
      for (int round = 0; round < 2; round++) {
        StringBuilder text = new StringBuilder();
        int events = 0;
        boolean done = false;
        while (!done && events < 1_000) {
          events++;
          for (String data : bench.streamChunk()) {
            if (data.equals("[DONE]")) {
              done = true;
            } else {
              JsonNode content = JSON.readTree(data).at("/choices/0/delta/content");
              text.append(content.isTextual() ? content.textValue() : "");
            }
          }
        }

        assertThat(events).isEqualTo(276);
        assertThat(text.toString()).contains(RESTORED).doesNotContain("[PERSON_", "[EMAIL_ADDRESS_");
      }
    } finally {
      bench.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"allow", "mask"})
  void theWholeAnswerIsRestoredAndTheTemplateKept(String output) {
    RestoreBenchmark bench = bench(output);
    try {
      for (int round = 0; round < 2; round++) {
        RestoreResult.Restored r = (RestoreResult.Restored) bench.wholeAnswer();

        assertThat(r.body().at("/choices/0/message/content").textValue()).contains(RESTORED)
            .doesNotContain("[PERSON_", "[EMAIL_ADDRESS_");
      }
    } finally {
      bench.tearDown();
    }
  }

  private static RestoreBenchmark bench(String output) {
    RestoreBenchmark bench = new RestoreBenchmark();
    bench.output = output;
    bench.setUp();
    return bench;
  }
}
