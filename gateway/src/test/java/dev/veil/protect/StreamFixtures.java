package dev.veil.protect;

import static dev.veil.protect.Fixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds streamed chat completion chunks and reassembles what a client would see. */
final class StreamFixtures {

  private StreamFixtures() {}

  static String contentChunk(int index, String content) {
    ObjectNode c = chunk();
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", index);
    choice.putObject("delta").put("content", content);
    choice.putNull("finish_reason");
    return c.toString();
  }

  static String finishChunk(int index) {
    ObjectNode c = chunk();
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", index);
    choice.putObject("delta");
    choice.put("finish_reason", "stop");
    return c.toString();
  }

  static String toolChunk(int index, int call, String arguments) {
    ObjectNode c = chunk();
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", index);
    ObjectNode tc = choice.putObject("delta").putArray("tool_calls").addObject();
    tc.put("index", call);
    tc.putObject("function").put("arguments", arguments);
    choice.putNull("finish_reason");
    return c.toString();
  }

  private static ObjectNode chunk() {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-1");
    c.put("object", "chat.completion.chunk");
    c.put("created", 1700000000);
    c.put("model", "gpt-4o");
    return c;
  }

  /** Feeds {@code events} then {@code [DONE]}; returns every emitted data string. */
  static List<String> run(StreamRestorer r, List<String> events) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      out.addAll(r.onData(e));
    }
    out.addAll(r.onData("[DONE]"));
    return out;
  }

  /** The concatenated {@code delta.content} per choice index. */
  static Map<Integer, String> contents(List<String> emitted) {
    Map<Integer, StringBuilder> acc = new TreeMap<>();
    for (String data : emitted) {
      if (data.equals("[DONE]")) {
        continue;
      }
      for (JsonNode c : read(data).path("choices")) {
        JsonNode content = c.path("delta").get("content");
        if (content != null && content.isTextual()) {
          acc.computeIfAbsent(c.get("index").intValue(), k -> new StringBuilder()).append(content.textValue());
        }
      }
    }
    Map<Integer, String> out = new TreeMap<>();
    acc.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  /** The concatenated arguments of tool call {@code call} in choice 0. */
  static String arguments(List<String> emitted, int call) {
    StringBuilder sb = new StringBuilder();
    for (String data : emitted) {
      if (data.equals("[DONE]")) {
        continue;
      }
      for (JsonNode c : read(data).path("choices")) {
        for (JsonNode tc : c.path("delta").path("tool_calls")) {
          if (tc.path("index").intValue() == call) {
            sb.append(tc.path("function").path("arguments").asText(""));
          }
        }
      }
    }
    return sb.toString();
  }

  static JsonNode read(String data) {
    try {
      return JSON.readTree(data);
    } catch (Exception e) {
      throw new AssertionError("emitted data is not JSON");
    }
  }
}
