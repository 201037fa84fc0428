package dev.veil.bench.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic prompt texts of about 4 KB for the detection benchmarks: an agent pastes a support
 * conversation and internal notes into a chat and asks for a summary. All personal values are
 * fictitious (reserved example domains, fictional phone ranges, a test card number, the IBAN from
 * the ISO 13616 example, a documentation IP range, a made-up key).
 */
public final class PromptTexts {

  private static final String TEMPLATE = """
      Please summarise the following support case for the weekly review and suggest next steps.
      Keep it short, neutral and in English, and list open questions at the end.

      --- Conversation (chat widget, Tuesday) ---
      Customer: Hello, this is {NAME1}. I am writing because my order from last month still has not
      arrived and the tracking page has said "in transit" for twelve days now. I already wrote to
      you from {EMAIL1} twice but never got an answer, so I am trying the chat instead.
      Agent: I am sorry to hear that. Could you confirm the order number and the delivery address?
      Customer: Order 55-10442. It should go to the office, not my home. You can also reach me on
      {PHONE1} during the day, I am usually at my desk between nine and five.
      Agent: Thank you. I can see the parcel left our warehouse on the 3rd and was handed over to
      the carrier the same evening. The carrier scanned it twice and then nothing. I will open an
      investigation with them right away. Would you prefer a replacement or a refund?
      Customer: A refund, please, to the same card I paid with, {CARD}. If that does not work,
      my bank account is {IBAN}, the account is in my name.
      Agent: Understood. Refunds to cards take three to five working days. I will also add a note
      so that my colleague {NAME2} can follow up if the carrier finds the parcel in the meantime.
      Customer: Fine. One more thing: my colleague {NAME3} ordered the same model last week and is
      worried that hers will be lost too. Her address is {EMAIL2} if you need to contact her.
      Agent: I will check her order as well. Is there anything else I can help you with today?
      Customer: No, that is all. Thanks for your help, and sorry if I sounded annoyed earlier.

      --- Internal notes ---
      The customer has been with us for four years and has placed 23 orders, none of them returned
      before this one. Carrier ticket opened at 14:32; reference in the carrier portal. The login
      attempts on the account came from {IP}, which matches the city on file, so nothing suspicious
      there. The refund is below the limit that needs a manager's approval. A previous agent pasted
      the payment provider key {SECRET} into the ticket by mistake; it has been rotated since, but
      the old ticket still shows it and should be cleaned up. The phone number on the second order
      is {PHONE2}, which differs from the one in the profile; we should ask which one is current.
      Policy reminder: we do not promise delivery dates for replacement stock, and we do not offer
      vouchers on top of a full refund unless the delay is longer than thirty days. The warehouse
      team says the last three lost parcels on this route were all found within two weeks, mostly
      in the regional sorting centre, which has had staff shortages since the summer. It may be
      worth asking the carrier whether there is a known backlog before we escalate any further.
      Finance asked us to record every refund above fifty euros in the monthly sheet, with the
      reason and the date on which the carrier confirmed the loss, so that the claims against the
      carrier can be filed together at the end of the quarter. The product team would also like to
      know whether customers who lose a parcel order again within three months; this customer did
      order twice more after a similar delay two years ago, according to the order history. Last,
      the knowledge base article about lost parcels is out of date: it still names the old carrier
      and the old claim form, and it promises an answer within 24 hours, which we cannot keep now.

      --- Request ---
      Write a summary of at most 150 words for the review meeting. Then list the next steps as
      bullet points with an owner for each one (customer care, warehouse, finance). Finally, list
      the questions that we still need to ask the customer, if any, and draft a short, friendly
      reply to the customer that explains the refund timeline without committing to a date for the
      carrier investigation. Do not repeat personal details in the summary unless they are needed.
      """;

  private static final Map<String, String> VALUES = Map.ofEntries(
      Map.entry("NAME1", "Margaret Lindqvist"),
      Map.entry("EMAIL1", "m.lindqvist@example.com"),
      Map.entry("PHONE1", "+44 20 7946 0958"),
      Map.entry("CARD", "4111 1111 1111 1111"),
      Map.entry("IBAN", "GB82 WEST 1234 5698 7654 32"),
      Map.entry("NAME2", "Daniel Okafor"),
      Map.entry("NAME3", "Chloé Martin"),
      Map.entry("EMAIL2", "chloe.martin@example.org"),
      Map.entry("IP", "203.0.113.47"),
      Map.entry("SECRET", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
      Map.entry("PHONE2", "+1 (415) 555-0132"));

  /** The text with eleven personal values and secrets in it. */
  public static final String WITH_PII = fill(VALUES);

  /**
   * The text with the ten personal values of {@link #WITH_PII} but without its secret (a key that
   * the default policy blocks), so that a request carrying it goes upstream pseudonymised.
   */
  public static final String PERSONAL_ONLY = fill(without(VALUES, "SECRET", "in plain text in the notes field"));

  /** The same text with every personal value replaced by ordinary words of similar length. */
  public static final String WITHOUT_PII = fill(Map.ofEntries(
      Map.entry("NAME1", "a regular customer"),
      Map.entry("EMAIL1", "the usual web form page"),
      Map.entry("PHONE1", "the office phone"),
      Map.entry("CARD", "the company card on"),
      Map.entry("IBAN", "the one on the invoice form"),
      Map.entry("NAME2", "in the team"),
      Map.entry("NAME3", "from accounts"),
      Map.entry("EMAIL2", "on the customer profile"),
      Map.entry("IP", "her home town"),
      Map.entry("SECRET", "in plain text in the notes field"),
      Map.entry("PHONE2", "another landline")));

  private PromptTexts() {}

  /** The ten personal values of {@link #PERSONAL_ONLY}, in no particular order. */
  public static List<String> personalValues() {
    return VALUES.entrySet().stream()
        .filter(e -> !e.getKey().equals("SECRET"))
        .map(Map.Entry::getValue)
        .toList();
  }

  private static Map<String, String> without(Map<String, String> values, String key, String words) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, words);
    return copy;
  }

  private static String fill(Map<String, String> values) {
    String text = TEMPLATE;
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{" + value.getKey() + "}", value.getValue());
    }
    if (text.contains("{")) {
      throw new IllegalStateException("a placeholder was left in a prompt text");
    }
    return text;
  }
}
