package dev.veil.bench.load;

/**
 * Which OpenAI API the load driver speaks: where it sends requests and which JSON key of the
 * answer holds the assistant's text, so that it can check that the personal values came back.
 */
public enum Api {
  /** {@code POST /v1/chat/completions}: {@code message.content}, streamed as {@code delta.content}. */
  CHAT("/v1/chat/completions", "content", "content"),
  /**
   * {@code POST /v1/responses}: {@code output[].content[].text}, streamed as the {@code delta} of
   * {@code response.output_text.delta} events.
   */
  RESPONSES("/v1/responses", "text", "delta");

  private final String path;
  private final String jsonKey;
  private final String streamKey;

  Api(String path, String jsonKey, String streamKey) {
    this.path = path;
    this.jsonKey = jsonKey;
    this.streamKey = streamKey;
  }

  public String path() {
    return path;
  }

  /** The key whose string values, joined, are the answer's text. */
  String textKey(boolean stream) {
    return stream ? streamKey : jsonKey;
  }
}
