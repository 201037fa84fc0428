package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentScannerTest {

  @Test
  void contentOfAJsonAnswerIsUnescaped() {
    byte[] body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\" : \"Zo\\u00eb \\\"M\\u00fcller\\\"\\nLine\"}}]}"
        .getBytes(StandardCharsets.UTF_8);

    assertThat(ContentScanner.content(body, body.length)).isEqualTo("Zoë \"Müller\"\nLine");
  }

  @Test
  void contentOfAStreamIsTheConcatenationOfItsDeltas() {
    byte[] body = ("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\"jane.d\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\"oe@example.com Müller\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":null}}]}\n\n"
        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);

    String content = ContentScanner.content(body, body.length);

    assertThat(content).isEqualTo("jane.doe@example.com Müller");
    assertThat(ContentScanner.containsAll(content, List.of("jane.doe@example.com", "Müller"))).isTrue();
    assertThat(ContentScanner.containsAll(content, List.of("jane.doe@example.com", "Smith"))).isFalse();
  }
}
