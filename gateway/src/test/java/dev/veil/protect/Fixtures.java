package dev.veil.protect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.policy.Policy;

/** Shared helpers for protection tests. */
final class Fixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TENANT = "acme";

  private Fixtures() {}

  /** Parses JSON written with single quotes for readability. */
  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode chat(String messagesSingleQuoted) {
    return json("{'model':'gpt-4o','messages':" + messagesSingleQuoted + "}");
  }

  static ProtectionResult.Protected protect(ObjectNode body, Policy policy) {
    ProtectionResult r = new RequestProtector(new TestDetector(), new HmacKeyedHash())
        .protect(EndpointKind.CHAT_COMPLETIONS, body, policy, TENANT);
    return (ProtectionResult.Protected) r;
  }

  /** Pseudonyms for the given originals, built through the real protector. */
  static Pseudonyms pseudonymsFor(Policy policy, String... userTexts) {
    StringBuilder msgs = new StringBuilder("[");
    for (int i = 0; i < userTexts.length; i++) {
      msgs.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":")
          .append(JSON.getNodeFactory().textNode(userTexts[i])).append('}');
    }
    msgs.append(']');
    try {
      ObjectNode body = (ObjectNode) JSON.readTree("{\"messages\":" + msgs + "}");
      return protect(body, policy).pseudonyms();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
