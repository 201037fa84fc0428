package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.json.Jackson;
import dev.veil.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of the stream restorer (Jazzer): {@link RestoreChannel} and {@link
 * StreamRestorer} on texts made of fuzzed surrogates (tokens and synthetic values, in any case,
 * with and without brackets) and fuzzed text, cut into pieces anywhere.
 *
 * <p>Properties, for any surrogates, text and cutting: restoring the pieces gives exactly what
 * restoring the whole text gives; what has been emitted after each piece is a prefix of that result
 * (nothing is taken back); and through {@link StreamRestorer}, the content and the tool-call
 * arguments of interleaved choices, reassembled from the emitted events, equal the whole text of
 * each restored on its own, with every event valid JSON and {@code [DONE]} last, also when chunks
 * without choices come in between (one used to flush the held-back text and cut a surrogate in
 * half: found by this test). The usage chunk comes only at the end.
 */
class StreamRestorerFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anyCuttingRestoresLikeTheWholeText(FuzzedDataProvider data) {
    Pseudonyms pseudonyms = pseudonyms(data);
    boolean json = data.consumeBoolean();
    List<String> surrogates = surrogatesOf(pseudonyms, data);
    String text = text(data, surrogates);
    String whole = restoreWhole(pseudonyms, json, text);

    RestoreChannel channel = new RestoreChannel(pseudonyms, json);
    StringBuilder out = new StringBuilder();
    for (String piece : cut(data, text)) {
      channel.feed(piece, out);
      assertThat(whole).as("emitted so far").startsWith(out);
    }
    channel.flush(out);
    assertThat(out).hasToString(whole);
  }

  @FuzzTest(maxDuration = "10s")
  void anyStreamOfChunksRestoresEachChoiceLikeItsWholeText(FuzzedDataProvider data) {
    Pseudonyms pseudonyms = pseudonyms(data);
    List<String> surrogates = surrogatesOf(pseudonyms, data);
    String[] texts = {text(data, surrogates), text(data, surrogates), text(data, surrogates)};
    List<List<String>> pieces = new ArrayList<>();
    for (String t : texts) {
      pieces.add(new ArrayList<>(cut(data, t)));
    }
    StreamRestorer restorer = new ResponseRestorer(text -> List.of()).stream(pseudonyms, Policy.defaults());
    List<String> emitted = new ArrayList<>();
    int[] next = new int[texts.length];
    int left = pieces.get(0).size() + pieces.get(1).size() + pieces.get(2).size();
    while (left > 0) {
      int s = data.consumeInt(0, 2);
      while (next[s] == pieces.get(s).size()) {
        s = (s + 1) % 3;
      }
      String piece = pieces.get(s).get(next[s]++);
      left--;
      boolean last = next[s] == pieces.get(s).size() && data.consumeBoolean();
      emitted.addAll(restorer.onData(chunk(s, piece, last)));
      if (data.consumeBoolean()) {
        // a chunk without choices or usage (a filter note) anywhere cuts nothing held back
        emitted.addAll(restorer.onData("{\"id\":\"c\",\"choices\":[]}"));
      }
    }
    if (data.consumeBoolean()) {
      emitted.addAll(restorer.onData("{\"id\":\"c\",\"choices\":[],\"usage\":{\"total_tokens\":1}}"));
    }
    if (data.consumeBoolean()) {
      emitted.addAll(restorer.onData("[DONE]"));
      assertThat(emitted.get(emitted.size() - 1)).isEqualTo("[DONE]");
      emitted.remove(emitted.size() - 1);
    } else {
      emitted.addAll(restorer.onEnd());
    }

    StringBuilder[] got = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
    for (String e : emitted) {
      JsonNode chunk = parse(e);
      for (JsonNode c : chunk.path("choices")) {
        int i = c.path("index").asInt();
        JsonNode delta = c.path("delta");
        if (i < 2) {
          got[i].append(delta.path("content").asText(""));
        } else {
          for (JsonNode tc : delta.path("tool_calls")) {
            got[i].append(tc.path("function").path("arguments").asText(""));
          }
        }
      }
    }
    for (int i = 0; i < texts.length; i++) {
      assertThat(got[i]).as("choice %d", i).hasToString(restoreWhole(pseudonyms, i == 2, texts[i]));
    }
  }

  /** Choices 0 and 1 stream content; choice 2 streams the arguments of one tool call. */
  private static String chunk(int choice, String piece, boolean last) {
    ObjectNode chunk = Jackson.MAPPER.createObjectNode();
    chunk.put("id", "c").put("model", "m");
    ObjectNode c = chunk.putArray("choices").addObject();
    c.put("index", choice);
    ObjectNode delta = c.putObject("delta");
    if (choice < 2) {
      delta.put("content", piece);
    } else {
      ObjectNode tc = delta.putArray("tool_calls").addObject();
      tc.put("index", 0);
      tc.putObject("function").put("arguments", piece);
    }
    if (last) {
      c.put("finish_reason", "stop");
    } else {
      c.putNull("finish_reason");
    }
    return chunk.toString();
  }

  private static JsonNode parse(String event) {
    try {
      return Jackson.MAPPER.readTree(event);
    } catch (Exception e) {
      throw new AssertionError("an emitted event is not JSON", e);
    }
  }

  private static String restoreWhole(Pseudonyms pseudonyms, boolean json, String text) {
    RestoreChannel c = new RestoreChannel(pseudonyms, json);
    StringBuilder out = new StringBuilder();
    c.feed(text, out);
    c.flush(out);
    return out.toString();
  }

  /** Up to four surrogates: tokens like the protector's or fuzzed synthetic values. */
  private static Pseudonyms pseudonyms(FuzzedDataProvider data) {
    Pseudonyms p = new Pseudonyms();
    int n = data.consumeInt(0, 4);
    for (int i = 0; i < n; i++) {
      String s = data.consumeBoolean()
          ? "[PERSON_" + Integer.toHexString(0x100000 + data.consumeInt(0, 0xEFFFFF)) + "]"
          : data.consumeString(12);
      if (s.isEmpty() || p.taken(s)) {
        continue;
      }
      p.put("PERSON\u0000" + i, s, data.consumeString(10));
    }
    return p;
  }

  private static List<String> surrogatesOf(Pseudonyms p, FuzzedDataProvider data) {
    List<String> all = new ArrayList<>();
    Pseudonyms.Keys keys = p.keys();
    for (int k = 0; k < keys.size(); k++) {
      all.add(keys.token(k) ? "[" + keys.key(k) + "]" : keys.key(k));
    }
    return all;
  }

  /** Fuzzed text with surrogates, their prefixes and case variants mixed in. */
  private static String text(FuzzedDataProvider data, List<String> surrogates) {
    StringBuilder t = new StringBuilder();
    int n = data.consumeInt(0, 8);
    for (int i = 0; i < n; i++) {
      int kind = data.consumeInt(0, 5);
      if (kind >= 3 || surrogates.isEmpty()) {
        t.append(data.consumeString(16));
        continue;
      }
      String s = surrogates.get(data.consumeInt(0, surrogates.size() - 1));
      switch (kind) {
        case 0 -> t.append(s);
        case 1 -> t.append(s.toUpperCase(Locale.ROOT));
        default -> t.append(s, 0, data.consumeInt(0, s.length()));
      }
    }
    return t.toString();
  }

  /** {@code text} cut into pieces at fuzzed places (never inside a surrogate pair). */
  private static List<String> cut(FuzzedDataProvider data, String text) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int n = Math.min(text.length() - at, data.consumeInt(1, 12));
      if (at + n < text.length() && Character.isSurrogatePair(text.charAt(at + n - 1), text.charAt(at + n))) {
        n++;
      }
      pieces.add(text.substring(at, at + n));
      at += n;
    }
    return pieces;
  }
}
