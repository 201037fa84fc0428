package dev.veil.bench.protect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.bench.TempStore;
import dev.veil.bench.detect.PromptTexts;
import dev.veil.crypto.KeyedHash;
import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policy;
import dev.veil.protect.EndpointKind;
import dev.veil.protect.ProtectionResult;
import dev.veil.protect.RequestProtector;
import dev.veil.protect.ResponseRestorer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protection set-up of a gateway, built the way {@code Gateway} builds it, with realistic
 * data for the protection benchmarks: {@link Detectors#standard()}, the HMAC keyed hash sealed in
 * a store under a local KEK, the default policy (or the default policy with output scanning), a
 * 4 KB chat request carrying ten personal values, and an assistant answer that refers to the
 * surrogates the request was given, whole and as an SSE stream.
 *
 * <p>Close it to delete its store.
 */
public final class ProtectFixture implements AutoCloseable {

  /** The tenant whose surrogates are derived. */
  public static final String TENANT = "bench";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SURROGATE = Pattern.compile("\\[[A-Z_]+_[0-9a-f]{6}]");
  private static final String SYSTEM_PROMPT =
      "You are the assistant of a customer care team. Answer in English, be brief and factual,"
          + " and never invent order numbers, dates or amounts.";
  private static final String ANSWER = """
      **Summary.** %1$s reported that an order from last month is stuck "in transit" for twelve \
      days; two earlier messages from %2$s went unanswered. The parcel left the warehouse on the \
      3rd and was scanned twice by the carrier. An investigation is open and a refund to the card \
      on file was agreed. %3$s will follow up if the carrier finds the parcel.

      **Next steps.**
      - Customer care: confirm the refund to %1$s by e-mail (%2$s) and by phone (%4$s).
      - Warehouse: ask the carrier about a backlog at the regional sorting centre.
      - Finance: record the refund in the monthly sheet.

      **Open questions.** Which phone number is current: %4$s or the one on the second order? \
      Should the old ticket that shows a payment key be cleaned up now?

      **Draft reply.** Dear %1$s, thank you for your patience. Your refund is on its way and \
      should reach your card within three to five working days. We will write to %2$s as soon as \
      the carrier replies. Kind regards, customer care.
      """;

  private final TempStore store;
  private final Detector detector;
  private final RequestProtector protector;
  private final ResponseRestorer restorer;
  private final Policy policy;

  private ProtectFixture(TempStore store, Policy policy) {
    this.store = store;
    this.policy = policy;
    this.detector = Detectors.standard();
    KeyedHash keyedHash = KeyedHash.loadOrCreate(store.database().dataSource(), store.kek(), "pseudonyms");
    this.protector = new RequestProtector(detector, keyedHash::mac);
    this.restorer = new ResponseRestorer(detector);
  }

  /**
   * A fixture with the default policy ({@code scanOutput} false) or the default policy that also
   * masks personal data the model produced itself ({@code scanOutput} true).
   */
  public static ProtectFixture create(boolean scanOutput) {
    Policy policy = scanOutput
        ? Policy.builder("scan-output").output(OutputAction.MASK).build()
        : Policy.defaults();
    return new ProtectFixture(TempStore.create(), policy);
  }

  public Detector detector() {
    return detector;
  }

  public RequestProtector protector() {
    return protector;
  }

  public ResponseRestorer restorer() {
    return restorer;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * A chat completions request of about 4.4 KB: a short system prompt and a user message holding
   * {@link PromptTexts#PERSONAL_ONLY} (ten personal values). Each call returns a new tree.
   */
  public static ObjectNode chatRequest(boolean stream) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", "gpt-4o-mini");
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
    messages.addObject().put("role", "user").put("content", PromptTexts.PERSONAL_ONLY);
    body.put("temperature", 0.2);
    body.put("stream", stream);
    return body;
  }

  /** Protects a new {@link #chatRequest}; fails if the policy blocked it. */
  public ProtectionResult.Protected protectRequest() {
    ProtectionResult r = protector.protect(EndpointKind.CHAT_COMPLETIONS, chatRequest(false), policy, TENANT);
    if (!(r instanceof ProtectionResult.Protected p)) {
      throw new IllegalStateException("the benchmark request was blocked: " + r.receipt());
    }
    return p;
  }

  /**
   * The model's answer to the protected request: about 1.1 KB of text that refers, several times,
   * to the first four surrogates of the request (a name, an email address, another name, a phone
   * number), as a model that was sent surrogates would.
   */
  public String answerText(ProtectionResult.Protected request) {
    String user = request.body().at("/messages/1/content").textValue();
    List<String> found = new ArrayList<>();
    Matcher m = SURROGATE.matcher(user);
    while (m.find()) {
      if (!found.contains(m.group())) {
        found.add(m.group());
      }
    }
    String person = first(found, "[PERSON_", 0);
    String email = first(found, "[EMAIL_ADDRESS_", 0);
    String colleague = first(found, "[PERSON_", 1);
    String phone = first(found, "[PHONE_NUMBER_", 0);
    return ANSWER.formatted(person, email, colleague, phone);
  }

  /** A non-streamed chat completion ({@code chat.completion}) whose message is {@code text}. */
  public static ObjectNode completion(String text) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-bench");
    c.put("object", "chat.completion");
    c.put("created", 1_764_280_000L);
    c.put("model", "gpt-4o-mini-2024-07-18");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    c.putObject("usage").put("prompt_tokens", 1_080).put("completion_tokens", text.length() / 4)
        .put("total_tokens", 1_080 + text.length() / 4);
    c.put("system_fingerprint", "fp_bench");
    return c;
  }

  /**
   * The {@code data} of every event of a streamed answer, as OpenAI sends it: a role chunk, one
   * chunk per token (3 to 5 characters, so every surrogate is split over several chunks), a chunk
   * with {@code finish_reason}, and {@code [DONE]}.
   */
  public static List<String> streamEvents(String text) {
    List<String> events = new ArrayList<>();
    events.add(chunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
    int[] sizes = {4, 3, 5, 4};
    int k = 0;
    for (int i = 0; i < text.length(); ) {
      int end = Math.min(text.length(), i + sizes[k++ % sizes.length]);
      events.add(chunk(JSON.createObjectNode().put("content", text.substring(i, end)), null));
      i = end;
    }
    events.add(chunk(JSON.createObjectNode(), "stop"));
    events.add("[DONE]");
    return events;
  }

  private static String chunk(ObjectNode delta, String finish) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-bench");
    c.put("object", "chat.completion.chunk");
    c.put("created", 1_764_280_000L);
    c.put("model", "gpt-4o-mini-2024-07-18");
    c.put("system_fingerprint", "fp_bench");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return c.toString();
  }

  private static String first(List<String> surrogates, String prefix, int skip) {
    return surrogates.stream().filter(s -> s.startsWith(prefix)).skip(skip).findFirst()
        .orElseThrow(() -> new IllegalStateException("the protected request has no surrogate "
            + prefix + "...] number " + (skip + 1) + "; the detector missed a value"));
  }

  @Override
  public void close() {
    store.close();
  }
}
