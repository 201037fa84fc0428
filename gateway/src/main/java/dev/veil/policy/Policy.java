package dev.veil.policy;

import dev.veil.detect.EntityType;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Veil does with the findings in one request and its response: an {@link Action} and a
 * minimum score per entity type, an allow-list, the parts of a request to scan, the action on
 * personal data that the model produced itself, the look of surrogates, and what is kept of the
 * request: content ({@link #store()}, for {@link #retention()}) and whether the provider may keep
 * it ({@link #upstreamStore()}).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String)}, take {@link #defaults()},
 * or parse {@code veil.yaml} with {@link Policies#parse}.
 *
 * <h2>Security</h2>
 * Parts that a policy does not scan go upstream unchanged: leaving a part out of {@link #scan()} is
 * a decision to trust it. Non-text content parts (images, audio, files) cannot be inspected and are
 * refused unless {@link #allowNonText()} is set. By default nothing but the metadata record is kept
 * ({@link StoreMode#NONE}) and the provider is asked not to store the request.
 */
public final class Policy {

  /** The name of {@link #defaults()}. */
  public static final String DEFAULT_NAME = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Policy DEFAULTS = builder(DEFAULT_NAME).build();

  private final String name;
  private final EnumMap<EntityType, Action> actions;
  private final double[] minScores;
  private final AllowList allow;
  private final Set<ScanPart> scan;
  private final OutputAction output;
  private final SurrogateStyle surrogates;
  private final boolean allowNonText;
  private final StoreMode store;
  private final Retention retention;
  private final boolean upstreamStore;

  private Policy(Builder b) {
    this.name = b.name;
    this.actions = new EnumMap<>(EntityType.class);
    this.minScores = new double[EntityType.values().length];
    for (EntityType t : EntityType.values()) {
      actions.put(t, b.actions.getOrDefault(t, t.isSecret() ? Action.BLOCK : Action.PSEUDONYMIZE));
      minScores[t.ordinal()] = b.minScores.getOrDefault(t, b.minScore);
    }
    this.allow = b.allow;
    this.scan = Set.copyOf(b.scan);
    this.output = b.output;
    this.surrogates = b.surrogates;
    this.allowNonText = b.allowNonText;
    this.store = b.store;
    this.retention = b.retention;
    this.upstreamStore = b.upstreamStore;
  }

  /**
   * The policy that applies when none is configured: secrets {@link Action#BLOCK}, every other
   * type {@link Action#PSEUDONYMIZE}, minimum score 0.5, every part scanned, model output allowed,
   * {@link SurrogateStyle#TOKEN} surrogates, non-text parts refused, no content stored, provider
   * storage refused.
   */
  public static Policy defaults() {
    return DEFAULTS;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public Action action(EntityType type) {
    return actions.get(type);
  }

  /** Findings of {@code type} scoring below this are ignored. */
  public double minScore(EntityType type) {
    return minScores[type.ordinal()];
  }

  public AllowList allow() {
    return allow;
  }

  public Set<ScanPart> scan() {
    return scan;
  }

  public boolean scans(ScanPart part) {
    return scan.contains(part);
  }

  public OutputAction output() {
    return output;
  }

  public SurrogateStyle surrogates() {
    return surrogates;
  }

  /** True if image, audio and file content parts may pass uninspected. */
  public boolean allowNonText() {
    return allowNonText;
  }

  /** What is kept of a request's content; {@link StoreMode#NONE} unless configured. */
  public StoreMode store() {
    return store;
  }

  /** How long stored content is kept; present exactly when {@link #store()} is not none. */
  public Optional<Retention> retention() {
    return Optional.ofNullable(retention);
  }

  /**
   * Whether the provider may keep the request (OpenAI {@code store}); when false, Veil sends
   * {@code "store": false} whatever the client asked.
   */
  public boolean upstreamStore() {
    return upstreamStore;
  }

  @Override
  public String toString() {
    return "Policy[" + name + " " + actions + " scan=" + scan + " output=" + output.configName()
        + " surrogates=" + surrogates.configName() + " " + allow + " store="
        + store.name().toLowerCase(Locale.ROOT)
        + (retention == null ? "" : " retention=" + retention.duration())
        + " upstream_store=" + upstreamStore + "]";
  }

  /** Builds a {@link Policy}; unset entity types get the default action. */
  public static final class Builder {
    private final String name;
    private final EnumMap<EntityType, Action> actions = new EnumMap<>(EntityType.class);
    private final EnumMap<EntityType, Double> minScores = new EnumMap<>(EntityType.class);
    private double minScore = 0.5;
    private AllowList allow = AllowList.empty();
    private Set<ScanPart> scan = EnumSet.allOf(ScanPart.class);
    private OutputAction output = OutputAction.ALLOW;
    private SurrogateStyle surrogates = SurrogateStyle.TOKEN;
    private boolean allowNonText;
    private StoreMode store = StoreMode.NONE;
    private Retention retention;
    private boolean upstreamStore;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("policy name '" + name
            + "' must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
      }
      this.name = name;
    }

    public Builder action(EntityType type, Action action) {
      actions.put(Objects.requireNonNull(type), Objects.requireNonNull(action));
      return this;
    }

    /** Sets the action of every entity type that is not a secret. */
    public Builder personalData(Action action) {
      for (EntityType t : EntityType.values()) {
        if (!t.isSecret()) {
          actions.put(t, Objects.requireNonNull(action));
        }
      }
      return this;
    }

    public Builder minScore(double score) {
      this.minScore = checkScore(score);
      return this;
    }

    public Builder minScore(EntityType type, double score) {
      minScores.put(Objects.requireNonNull(type), checkScore(score));
      return this;
    }

    public Builder allow(AllowList allow) {
      this.allow = Objects.requireNonNull(allow);
      return this;
    }

    public Builder scan(Set<ScanPart> parts) {
      this.scan = EnumSet.noneOf(ScanPart.class);
      this.scan.addAll(parts);
      return this;
    }

    public Builder output(OutputAction output) {
      this.output = Objects.requireNonNull(output);
      return this;
    }

    public Builder surrogates(SurrogateStyle style) {
      this.surrogates = Objects.requireNonNull(style);
      return this;
    }

    public Builder allowNonText(boolean allow) {
      this.allowNonText = allow;
      return this;
    }

    /**
     * Keeps content: {@code protected} (as it went upstream) or {@code original} (as the client
     * sent it and got it back) for {@code retention}; {@link StoreMode#NONE} with a {@code null}
     * retention keeps nothing.
     *
     * @throws IllegalArgumentException when a retention is missing for a mode that stores, or
     *     given for {@code none}
     */
    public Builder store(StoreMode mode, Retention retention) {
      Objects.requireNonNull(mode, "mode");
      if (mode == StoreMode.NONE && retention != null) {
        throw new IllegalArgumentException(
            "retention has no effect with store: none; set store: protected or original, or"
                + " remove retention");
      }
      if (mode != StoreMode.NONE && retention == null) {
        throw new IllegalArgumentException("retention is required with store: "
            + mode.name().toLowerCase(Locale.ROOT) + ", e.g. retention: 30d");
      }
      this.store = mode;
      this.retention = retention;
      return this;
    }

    /** Lets the provider keep requests under this policy (OpenAI {@code store}). */
    public Builder upstreamStore(boolean allow) {
      this.upstreamStore = allow;
      return this;
    }

    public Policy build() {
      return new Policy(this);
    }

    private static double checkScore(double score) {
      if (!(score >= 0.0 && score <= 1.0)) {
        throw new IllegalArgumentException("min_score must be between 0 and 1, got " + score);
      }
      return score;
    }
  }
}
