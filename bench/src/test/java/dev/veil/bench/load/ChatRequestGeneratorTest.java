package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.bench.load.ChatRequestGenerator.ChatRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatRequestGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void requestsAreValidChatJsonOfAboutOneKilobyteCarryingTheirPersonalValues() throws Exception {
    for (ChatRequest request : new ChatRequestGenerator(1, false).generate(200)) {
      assertThat(request.body().length).isBetween(900, 1_300);
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(body.has("stream")).isFalse();
      JsonNode messages = body.path("messages");
      assertThat(messages).hasSize(4);
      String user = messages.get(3).path("content").asText();
      assertThat(messages.get(3).path("role").asText()).isEqualTo("user");
      assertThat(request.personalValues()).hasSize(5).allSatisfy(v -> assertThat(user).contains(v));
    }
  }

  @Test
  void responsesRequestsCarryTheSameConversationAsInstructionsAndInput() throws Exception {
    ChatRequest chat = new ChatRequestGenerator(3, true).next();
    ChatRequest responses = new ChatRequestGenerator(3, true, Api.RESPONSES).next();

    JsonNode body = JSON.readTree(responses.body());
    assertThat(body.path("instructions").asText())
        .isEqualTo(JSON.readTree(chat.body()).at("/messages/0/content").asText());
    assertThat(body.path("input")).hasSize(3);
    assertThat(body.has("messages")).isFalse();
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.has("stream_options")).as("a Responses stream always ends with usage").isFalse();
    assertThat(body.path("max_output_tokens").asInt()).isEqualTo(400);
    assertThat(responses.personalValues()).isEqualTo(chat.personalValues());
    String user = body.at("/input/2/content").asText();
    assertThat(responses.personalValues()).allSatisfy(v -> assertThat(user).contains(v));
  }

  @Test
  void personalValuesHaveTheirShapesAndCardsPassTheLuhnCheck() {
    for (ChatRequest request : new ChatRequestGenerator(2, false).generate(200)) {
      List<String> values = request.personalValues();
      assertThat(values.get(1)).matches("[45][0-9]{3}( [0-9]{4}){3}");
      assertThat(luhnValid(values.get(1).replace(" ", ""))).isTrue();
      assertThat(values.get(2)).matches("[a-z]+[._][a-z]+([0-9]{2})?@example\\.(com|org|net)");
      assertThat(values.get(3)).matches("\\+1 \\([0-9]{3}\\) 555-01[0-9]{2}|\\+44 20 7946 0[0-9]{3}");
    }
  }

  @Test
  void personalValuesVaryFromRequestToRequest() {
    Set<String> cards = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (ChatRequest request : new ChatRequestGenerator(3, false).generate(500)) {
      cards.add(request.personalValues().get(1));
      emails.add(request.personalValues().get(2));
    }
    assertThat(cards).hasSize(500);
    assertThat(emails.size()).isGreaterThan(300);
  }

  @Test
  void everySequenceNumberGivesItsOwnCaseReferenceAndLeavesTheSharedBodyAlone() throws Exception {
    ChatRequest request = new ChatRequestGenerator(5, false).next();
    byte[] original = request.body().clone();
    Set<String> users = new HashSet<>();
    for (long i = 0; i < 1_000; i++) {
      JsonNode body = JSON.readTree(request.bodyFor(i * 7919));
      String user = body.path("messages").get(3).path("content").asText();
      assertThat(user).matches("(?s).*Case reference [a-z]{9}\\.$");
      assertThat(request.personalValues()).allSatisfy(v -> assertThat(user).contains(v));
      users.add(user);
    }
    assertThat(users).hasSize(1_000);
    assertThat(request.body()).isEqualTo(original);
  }

  @Test
  void streamingRequestsAskForUsageInTheLastChunk() throws Exception {
    JsonNode body = JSON.readTree(new ChatRequestGenerator(4, true).next().body());
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void theSameSeedGivesTheSameRequests() {
    ChatRequest first = new ChatRequestGenerator(9, false).next();
    ChatRequest again = new ChatRequestGenerator(9, false).next();
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.personalValues()).isEqualTo(first.personalValues());
  }

  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }
}
