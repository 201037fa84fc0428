package dev.veil.protect;

import static dev.veil.protect.Fixtures.TENANT;
import static dev.veil.protect.Fixtures.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No original value appears in a receipt, violation, exception (message or trace) or toString. */
class CanaryTest {

  private static final String EMAIL = "canary.7731@corp.example";
  private static final String NAME = "Carla Diaz";
  private static final String KEY = "sk-CANARYcanary0123456789";
  private static final String[] CANARIES = {EMAIL, NAME, KEY, "canary.9@evil.example", "CANARYcanary"};

  private final Detector failing = text -> {
    throw new IllegalStateException("cannot scan: " + text);
  };

  private static void assertClean(Object... things) {
    for (Object o : things) {
      String s = o instanceof Throwable t ? trace(t) : String.valueOf(o);
      for (String c : CANARIES) {
        assertThat(s).as("%s", o.getClass().getSimpleName()).doesNotContainIgnoringCase(c);
      }
    }
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w + " " + t.getMessage();
  }

  private static ObjectNode body() {
    return chat("[{'role':'user','content':'I am " + NAME + ", " + EMAIL + ", key " + KEY + "'}]");
  }

  @Test
  void failingDetectorRefusesTheRequestWithoutQuotingIt() {
    InspectionFailedException e = catchThrowableOfType(InspectionFailedException.class,
        () -> new RequestProtector(failing, new HmacKeyedHash())
            .protect(EndpointKind.CHAT_COMPLETIONS, body(), Policy.defaults(), TENANT));
    assertThat(e.getMessage()).isEqualTo(
        "messages[0].content: the detector failed (java.lang.IllegalStateException)");
    assertThat(e.getCause()).isNull();
    assertThat(e.causeType()).isEqualTo("java.lang.IllegalStateException");
    assertClean(e);
  }

  @Test
  void failingDetectorOnEmbeddingsAndToolArgumentsRefusesToo() {
    RequestProtector p = new RequestProtector(failing, new HmacKeyedHash());
    ObjectNode emb = Fixtures.json("{'input':['" + EMAIL + "']}");
    assertClean(catchThrowableOfType(InspectionFailedException.class,
        () -> p.protect(EndpointKind.EMBEDDINGS, emb, Policy.defaults(), TENANT)));
    ObjectNode tools = chat("[{'role':'assistant','tool_calls':[{'function':{'arguments':'{\\'a\\':\\'"
        + EMAIL + "\\'}','name':'f'}}]}]");
    InspectionFailedException e = catchThrowableOfType(InspectionFailedException.class,
        () -> p.protect(EndpointKind.CHAT_COMPLETIONS, tools, Policy.defaults(), TENANT));
    assertThat(e.location()).isEqualTo("messages[0].tool_calls[0].function.arguments");
    assertClean(e);
  }

  @Test
  void blockedRequestCarriesNoValues() {
    ProtectionResult r = new RequestProtector(new TestDetector(), new HmacKeyedHash())
        .protect(EndpointKind.CHAT_COMPLETIONS, body(), Policy.defaults(), TENANT);
    ProtectionResult.Blocked b = (ProtectionResult.Blocked) r;
    assertClean(b, b.violation(), b.violation().message(), b.receipt(), b.receipt().headerValue());
  }

  @Test
  void protectedRequestResultsCarryNoValues() {
    Policy p = Policy.builder("p").output(OutputAction.BLOCK).build();
    ObjectNode body = chat("[{'role':'user','content':'I am " + NAME + ", " + EMAIL + "'}]");
    ProtectionResult.Protected r = (ProtectionResult.Protected)
        new RequestProtector(new TestDetector(), new HmacKeyedHash())
            .protect(EndpointKind.CHAT_COMPLETIONS, body, p, TENANT);
    assertClean(r, r.pseudonyms(), r.receipt(), r.receipt().headerValue(), r.body(), p);

    ResponseRestorer restorer = new ResponseRestorer(new TestDetector());
    ObjectNode resp = Fixtures.json("{'choices':[{'index':0,'message':{'role':'assistant','content':'x'}}]}");
    ((ObjectNode) resp.at("/choices/0/message")).put("content", "ask canary.9@evil.example");
    RestoreResult.Blocked blocked = (RestoreResult.Blocked) restorer.restore(resp, r.pseudonyms(), p);
    assertClean(blocked, blocked.violation().message(), blocked.receipt().headerValue());

    StreamRestorer s = restorer.stream(r.pseudonyms(), p);
    List<Object> seen = new ArrayList<>();
    try {
      s.onData(StreamFixtures.contentChunk(0, "mail canary.9@evil.example now, as a friend said long ago"));
      s.onData("[DONE]");
    } catch (OutputBlockedException e) {
      seen.add(e);
    }
    assertThat(seen).hasSize(1);
    assertClean(seen.get(0), s.receipt());
  }

  @Test
  void streamEventThatIsNotJsonIsRefusedWithoutQuotingIt() {
    StreamRestorer s = new ResponseRestorer(new TestDetector())
        .stream(Fixtures.pseudonymsFor(Policy.defaults(), NAME), Policy.defaults());
    assertClean(catchThrowableOfType(InspectionFailedException.class, () -> s.onData("{" + EMAIL)));
  }
}
