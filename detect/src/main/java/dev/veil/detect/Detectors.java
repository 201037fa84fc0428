package dev.veil.detect;

import dev.veil.detect.ner.NerRecognizers;
import dev.veil.detect.pattern.PatternRecognizers;
import dev.veil.detect.pattern.PhoneRecognizer;
import dev.veil.detect.secret.SecretRecognizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds {@link Detector}s out of {@link Recognizer}s.
 *
 * <pre>{@code
 * Detector d = Detectors.builder()
 *     .addStructured()            // e-mail, phone, card, IBAN, SSN, IP, URL, dates...
 *     .addSecrets()               // credentials
 *     .add(personRecognizer)      // any other recognizer, e.g. names
 *     .minScore(0.5)
 *     .build();
 * }</pre>
 *
 * <h2>How a scan decides</h2>
 * <ol>
 *   <li>Every recognizer adds its candidates; candidates may overlap.
 *   <li>Context: for each candidate, each {@link ContextRule} of its type whose words occur within
 *       {@link Builder#contextWindow(int) the window} before the value adds its delta to the score
 *       (clamped to [0, 1]). Weak patterns (passport, driver's licence, bank account) start below
 *       the default minimum and need a supporting word to be reported.
 *   <li>Candidates scoring below {@link Builder#minScore(double)} are dropped.
 *   <li>Overlaps are resolved greedily in this order: higher score wins, then the longer span, then
 *       the entity type declared earlier in {@link EntityType}, then the earlier start, then the
 *       recognizer name. The result is the same for the same input on every run.
 * </ol>
 *
 * <p>Detectors are immutable and thread-safe, do no I/O when scanning and run in time linear in
 * the text length provided their recognizers do (all built-in ones do).
 *
 * <h2>Warning</h2>
 * A recognizer that throws makes the whole scan throw a {@link DetectionException}; callers must
 * then refuse the text rather than forward it uninspected.
 */
public final class Detectors {

  /** The minimum score used when none is set. */
  public static final double DEFAULT_MIN_SCORE = 0.4;

  /** Characters before a value searched for context words when none is set. */
  public static final int DEFAULT_CONTEXT_WINDOW = 48;

  private Detectors() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Everything Veil finds: structured types, secrets, names, places, organisations and street
   * addresses, with default options and default context words. Loads the name model (well under
   * a second); build it once and share it.
   */
  public static Detector standard() {
    return standard(DEFAULT_MIN_SCORE);
  }

  /** {@link #standard()} reporting only findings that score at least {@code minScore}. */
  public static Detector standard(double minScore) {
    return builder().addStructured().addSecrets().add(NerRecognizers.load().combined())
        .minScore(minScore).build();
  }

  /** Structured types only (no secrets), default options. */
  public static Detector structured() {
    return builder().addStructured().build();
  }

  /** Secrets only. */
  public static Detector secrets() {
    return builder().addSecrets().build();
  }

  /** The default context words for every structured type. */
  public static List<ContextRule> defaultContext() {
    List<ContextRule> rules = new ArrayList<>();
    rules.add(ContextRule.boost(EntityType.CREDIT_CARD, 0.2, "card", "credit", "debit", "visa",
        "mastercard", "amex", "cc", "payment", "pay with"));
    rules.add(ContextRule.boost(EntityType.US_SSN, 0.4, "ssn", "social security", "ss#", "ss #",
        "social sec"));
    rules.add(ContextRule.boost(EntityType.IBAN_CODE, 0.1, "iban", "account", "bank", "transfer"));
    rules.add(new ContextRule(EntityType.PHONE_NUMBER, 0.25, PhoneRecognizer.CONTEXT_WORDS));
    rules.add(ContextRule.boost(EntityType.US_PASSPORT, 0.55, "passport"));
    rules.add(ContextRule.boost(EntityType.US_DRIVER_LICENSE, 0.55, "driver", "driving",
        "licence", "license", "dl#", "dl #", "dl no", "dln"));
    rules.add(ContextRule.boost(EntityType.US_BANK_NUMBER, 0.55, "account", "acct", "a/c",
        "bank", "routing", "checking", "savings"));
    rules.add(ContextRule.boost(EntityType.UK_NHS, 0.35, "nhs", "health service", "patient"));
    rules.add(ContextRule.boost(EntityType.UK_NINO, 0.15, "national insurance", "nino",
        "ni number", "ni no"));
    rules.add(ContextRule.boost(EntityType.IP_ADDRESS, 0.1, "ip", "host", "server", "address"));
    rules.add(ContextRule.boost(EntityType.CRYPTO, 0.2, "bitcoin", "btc", "wallet", "eth",
        "ethereum", "crypto"));
    rules.add(ContextRule.boost(EntityType.DATE_TIME, 0.1, "date", "born", "dob", "birthday",
        "birth", "expires", "expiry", "geboren", "datum", "né le", "née le", "date de", "fecha",
        "nació", "nacido", "nato il", "nata il", "data di", "nasceu", "geboren op"));
    rules.add(ContextRule.boost(EntityType.AGE, 0.1, "age", "aged", "years old", "alter", "âge",
        "edad", "età", "idade"));
    rules.add(ContextRule.boost(EntityType.NRP, 0.1, "nationality", "citizen", "religion",
        "faith", "ethnicity", "ethnic", "voted", "party", "staatsangehörigkeit", "nationalité",
        "nacionalidad"));
    for (EntityType t : List.of(EntityType.PHONE_NUMBER, EntityType.US_BANK_NUMBER,
        EntityType.US_PASSPORT, EntityType.US_DRIVER_LICENSE, EntityType.UK_NHS,
        EntityType.US_SSN, EntityType.CREDIT_CARD)) {
      rules.add(ContextRule.boost(t, -0.3, "order", "invoice", "tracking", "isbn", "ticket",
          "version", "serial", "build", "sku"));
    }
    return List.copyOf(rules);
  }

  /** Assembles a detector. Not thread-safe; the built detector is. */
  public static final class Builder {
    private final List<Recognizer> recognizers = new ArrayList<>();
    private final List<ContextRule> context = new ArrayList<>(defaultContext());
    private double minScore = DEFAULT_MIN_SCORE;
    private int contextWindow = DEFAULT_CONTEXT_WINDOW;

    private Builder() {}

    public Builder add(Recognizer... rs) {
      for (Recognizer r : rs) {
        recognizers.add(Objects.requireNonNull(r, "recognizer"));
      }
      return this;
    }

    public Builder addAll(List<? extends Recognizer> rs) {
      rs.forEach(this::add);
      return this;
    }

    /** Adds every structured recognizer, phone numbers for the default regions. */
    public Builder addStructured() {
      return addAll(PatternRecognizers.all());
    }

    /**
     * Adds every structured recognizer; national phone numbers are read for {@code phoneRegions}
     * (ISO 3166 codes such as "US", "GB", "DE") in that order of preference.
     */
    public Builder addStructured(String... phoneRegions) {
      return addAll(PatternRecognizers.all(Arrays.asList(phoneRegions)));
    }

    /** Adds every credential recognizer. */
    public Builder addSecrets() {
      return addAll(SecretRecognizers.all());
    }

    /** Adds a context rule on top of the defaults. */
    public Builder context(ContextRule rule) {
      context.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Removes every context rule, the defaults included. */
    public Builder clearContext() {
      context.clear();
      return this;
    }

    public Builder contextWindow(int chars) {
      if (chars < 0 || chars > 512) {
        throw new IllegalArgumentException("context window out of [0, 512]: " + chars);
      }
      this.contextWindow = chars;
      return this;
    }

    public Builder minScore(double score) {
      if (!(score >= 0.0 && score <= 1.0)) {
        throw new IllegalArgumentException("minScore out of [0, 1]: " + score);
      }
      this.minScore = score;
      return this;
    }

    public Detector build() {
      if (recognizers.isEmpty()) {
        throw new IllegalStateException("a detector needs at least one recognizer");
      }
      return new CompositeDetector(recognizers, context, contextWindow, minScore);
    }
  }
}
