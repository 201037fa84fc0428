package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import com.openai.models.moderations.ModerationImageUrlInput;
import com.openai.models.moderations.ModerationMultiModalInput;
import com.openai.models.moderations.ModerationTextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/moderations} is protected like embeddings: its input (a string, strings or
 * multimodal parts) is scanned before it leaves, an image only passes under {@code non_text:
 * allow}, and the answer (category scores) comes back as the provider sent it.
 */
class ModerationsEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PHONE = "+1 415 555 0132";
  static final String ANSWER = """
      {"id":"modr-1","model":"upstream-model","results":[{"flagged":false,
       "categories":{"harassment":false},"category_scores":{"harassment":0.01},
       "category_applied_input_types":{"harassment":["text"]}}]}""";

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, """
        policies:
          - name: default
          - name: images-pass
            non_text: allow
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @BeforeEach
  void moderatingUpstream() {
    h.upstream.received.clear();
    h.upstream.on("/v1/moderations", (ex, r) -> FakeUpstream.send(ex, 200, ANSWER));
  }

  @Test
  void aStringAndStringsAreProtectedBeforeTheyLeaveAndTheScoresComeBack() throws Exception {
    ModerationCreateResponse one = h.sdk().moderations().create(ModerationCreateParams.builder()
        .model("gpt-test").input("Mail me at " + EMAIL + " now").build());
    h.sdk().moderations().create(ModerationCreateParams.builder().model("gpt-test")
        .inputOfStrings(List.of("Call " + PHONE, "Or " + EMAIL)).build());

    assertThat(one.id()).isEqualTo("modr-1");
    assertThat(one.results()).singleElement().satisfies(m ->
        assertThat(m.flagged()).isFalse());
    assertThat(h.upstream.received).hasSize(2);
    JsonNode first = h.upstream.received.get(0).json();
    assertThat(first.get("model").asText()).isEqualTo("upstream-model");
    assertThat(first.get("input").asText()).startsWith("Mail me at ").endsWith(" now");
    JsonNode second = h.upstream.received.get(1).json();
    assertThat(second.get("input")).hasSize(2);
    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "gonzalez", "555 0132");
  }

  @Test
  void textPartsAreScannedAndAnImageIsRefusedUnlessThePolicyLetsNonTextPass() throws Exception {
    ModerationCreateParams multimodal = ModerationCreateParams.builder().model("gpt-test")
        .inputOfModerationMultiModalArray(List.of(
            ModerationMultiModalInput.ofText(ModerationTextInput.builder()
                .text("Reach me at " + EMAIL).build()),
            ModerationMultiModalInput.ofImageUrl(ModerationImageUrlInput.builder()
                .imageUrl(ModerationImageUrlInput.ImageUrl.builder()
                    .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
        .build();

    assertThatThrownBy(() -> h.sdk().moderations().create(multimodal))
        .as("refused as a chat image is: the request could not be inspected")
        .isInstanceOf(InternalServerException.class)
        .hasMessageContaining("could not be inspected");
    assertThat(h.upstream.received).as("nothing left").isEmpty();

    RecordStoreEndToEndTest.TestKey key = RecordStoreEndToEndTest.keyWithPolicy(h,
        "images-pass");
    h.sdk(key.secret()).moderations().create(multimodal);

    JsonNode sent = h.upstream.received.get(0).json().get("input");
    assertThat(sent.get(0).get("text").asText()).startsWith("Reach me at ");
    assertThat(sent.get(1).at("/image_url/url").asText())
        .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    assertThat(upstreamSaw()).doesNotContain(EMAIL, "gonzalez");
  }

  @Test
  void aModerationWithoutAModelIsRefusedSinceVeilRoutesByModel() {
    assertThatThrownBy(() -> h.sdk().moderations().create(ModerationCreateParams.builder()
        .input("Mail me at " + EMAIL).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e ->
            assertThat(e.param()).hasValue("model"));
    assertThat(h.upstream.received).isEmpty();
  }

  private static String upstreamSaw() {
    StringBuilder all = new StringBuilder();
    h.upstream.received.forEach(r -> all.append(new String(r.body(), StandardCharsets.UTF_8)));
    return all.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
