package dev.veil.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes realistic OpenAI chat-completions requests of about 1 KB: a system prompt, an earlier
 * exchange and a user message that carries personal values (two names, an email address, a phone
 * number and a payment card number), different in every request, and a case reference that the
 * load driver sets per request ({@link ChatRequest#bodyFor}), so that no request repeats an
 * earlier one even when the generated set is sent round-robin.
 *
 * <p>All values are fictitious: names from common first and last names, email addresses at the
 * reserved {@code example.*} domains, phone numbers from ranges set aside for fiction (NANP
 * 555-01xx, Ofcom 020 7946 0xxx), card numbers Luhn-valid under the Visa and Mastercard prefixes.
 * The same seed gives the same requests.
 */
public final class ChatRequestGenerator {

  /**
   * One request body and the personal values that it carries, in the order they appear.
   *
   * @param reference where the body's case reference starts ({@link #REFERENCE_LENGTH} letters),
   *     or -1 if it has none
   */
  public record ChatRequest(byte[] body, List<String> personalValues, int reference) {

    public ChatRequest(byte[] body, List<String> personalValues) {
      this(body, personalValues, -1);
    }

    /**
     * The body with its case reference set from {@code sequence}, so that requests sent
     * round-robin never repeat: a gateway cannot reuse what it worked out for an earlier one.
     */
    public byte[] bodyFor(long sequence) {
      if (reference < 0) {
        return body;
      }
      byte[] b = body.clone();
      long v = sequence;
      for (int k = REFERENCE_LENGTH - 1; k >= 0; k--) {
        b[reference + k] = (byte) ('a' + (int) (v % 26));
        v /= 26;
      }
      return b;
    }
  }

  /** Letters of the case reference: 26^9 distinct requests. */
  static final int REFERENCE_LENGTH = 9;

  private static final String REFERENCE_PLACEHOLDER = "#".repeat(REFERENCE_LENGTH);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] FIRST = {
    "Emma", "Liam", "Olivia", "Noah", "Sophie", "Lucas", "Mia", "Elias", "Hannah", "Mateo",
    "Chloé", "José", "Zoë", "Aiden", "Priya", "Arjun", "Fatima", "Omar", "Ingrid", "Lars",
    "Martina", "Giulia", "Kenji", "Yuki", "Grace", "Daniel", "Amelia", "Jonas", "Clara", "Tomás"
  };

  private static final String[] LAST = {
    "Smith", "Johnson", "Müller", "García", "Rossi", "Dubois", "Nakamura", "Kowalski", "Jensen",
    "O'Brien", "Fernández", "Schneider", "Brown", "Williams", "Patel", "Khan", "Novak", "Larsen",
    "Moreau", "Silva", "Andersson", "Fischer", "Taylor", "Wilson", "Martin", "Bauer", "Costa"
  };

  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

  private static final String SYSTEM_PROMPT =
      "You are the booking assistant of Northwind Travel. Answer in at most three short "
          + "paragraphs, keep a friendly tone, and never promise a refund that the published "
          + "policy does not allow. If a customer asks about something other than travel "
          + "bookings, say politely that you cannot help with it.";

  private final SplittableRandom random;
  private final boolean stream;
  private final Api api;

  /**
   * @param seed the same seed gives the same sequence of requests
   * @param stream whether the requests ask for an SSE stream (with usage in the last chunk)
   */
  public ChatRequestGenerator(long seed, boolean stream) {
    this(seed, stream, Api.CHAT);
  }

  /**
   * Requests of {@code api}: for {@link Api#RESPONSES} the same conversation as {@code
   * instructions} and {@code input} messages, {@code max_output_tokens}, and no {@code
   * stream_options} (a Responses stream always ends with the usage).
   */
  public ChatRequestGenerator(long seed, boolean stream, Api api) {
    this.random = new SplittableRandom(seed);
    this.stream = stream;
    this.api = api;
  }

  /** {@code count} requests, each with its own personal values. */
  public List<ChatRequest> generate(int count) {
    List<ChatRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(next());
    }
    return requests;
  }

  public ChatRequest next() {
    String first = pick(FIRST);
    String last = pick(LAST);
    String name = first + " " + last;
    String companion = pick(FIRST) + " " + pick(LAST);
    String email = email(first, last);
    String phone = phone();
    String card = card();
    String user =
        "Hi, my name is " + name + " and I booked a city trip to Lisbon for the 14th of March. "
            + "I paid with my card " + card + " but the confirmation never reached " + email
            + ". Could you check the booking and send it again? If that is easier, call me on "
            + phone + " any weekday after 5 pm. My colleague " + companion
            + " travels with me, so please make sure her ticket is on the same reservation. "
            + "Also, does the hotel near the old town still offer a late check-out? "
            + "Case reference " + REFERENCE_PLACEHOLDER + ".";
    ObjectNode body = JSON.createObjectNode();
    body.put("model", "gpt-4o-mini");
    boolean responses = api == Api.RESPONSES;
    if (responses) {
      body.put("instructions", SYSTEM_PROMPT);
    }
    ArrayNode messages = body.putArray(responses ? "input" : "messages");
    if (!responses) {
      messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
    }
    messages.addObject().put("role", "user").put("content", "Hello, I need help with a booking.");
    messages.addObject().put("role", "assistant")
        .put("content", "Of course! Please tell me the booking details and what went wrong.");
    messages.addObject().put("role", "user").put("content", user);
    body.put("temperature", 0.2);
    body.put(responses ? "max_output_tokens" : "max_tokens", 400);
    if (stream) {
      body.put("stream", true);
      if (!responses) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    try {
      byte[] bytes = JSON.writeValueAsBytes(body);
      return new ChatRequest(bytes, List.of(name, card, email, phone, companion),
          referenceAt(bytes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a generated request", e);
    }
  }

  private static int referenceAt(byte[] body) {
    byte[] mark = REFERENCE_PLACEHOLDER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i + mark.length <= body.length; i++) {
      if (java.util.Arrays.equals(body, i, i + mark.length, mark, 0, mark.length)) {
        return i;
      }
    }
    throw new IllegalStateException("the generated body lost its case reference");
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String email(String first, String last) {
    String local = ascii(first) + (random.nextBoolean() ? "." : "_") + ascii(last);
    if (random.nextInt(3) == 0) {
      local += random.nextInt(10, 99);
    }
    return local + "@" + pick(DOMAINS);
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("[^A-Za-z]", "")
        .toLowerCase(Locale.ROOT);
  }

  private String phone() {
    if (random.nextBoolean()) {
      return String.format(Locale.ROOT, "+1 (%d) 555-01%02d", pick(new int[] {212, 312, 415, 617}),
          random.nextInt(100));
    }
    return String.format(Locale.ROOT, "+44 20 7946 0%03d", random.nextInt(1000));
  }

  private int pick(int[] values) {
    return values[random.nextInt(values.length)];
  }

  private String card() {
    int[] digits = new int[16];
    if (random.nextBoolean()) {
      digits[0] = 4;
    } else {
      digits[0] = 5;
      digits[1] = 1 + random.nextInt(5);
    }
    for (int i = digits[0] == 4 ? 1 : 2; i < 15; i++) {
      digits[i] = random.nextInt(10);
    }
    digits[15] = luhnCheckDigit(digits);
    StringBuilder card = new StringBuilder(19);
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        card.append(' ');
      }
      card.append(digits[i]);
    }
    return card.toString();
  }

  /** The digit that makes the first 15 digits of {@code digits} a valid Luhn number. */
  static int luhnCheckDigit(int[] digits) {
    int sum = 0;
    for (int i = 14; i >= 0; i--) {
      int d = digits[i];
      if ((14 - i) % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return (10 - sum % 10) % 10;
  }
}
