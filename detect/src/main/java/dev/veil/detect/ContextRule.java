package dev.veil.detect;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Words that, when they appear shortly before a value of {@code type}, change its score by {@code
 * delta}: positive for supporting words ("card" before a card number), negative for words that
 * suggest a look-alike ("order" before a number that looks like a bank account).
 *
 * <p>A word matches case-insensitively at the start of a word in the window, so {@code "card"}
 * matches "Card", "cards" and "CARD#" but not "discard".
 *
 * @param type the entity type whose findings are adjusted
 * @param delta added to the score, which is then clamped to [0, 1]
 * @param words lower-case ASCII words or short phrases
 */
public record ContextRule(EntityType type, double delta, List<String> words) {

  public ContextRule {
    Objects.requireNonNull(type, "type");
    if (!(delta >= -1.0 && delta <= 1.0)) {
      throw new IllegalArgumentException("delta out of [-1, 1]: " + delta);
    }
    words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    for (String w : words) {
      if (w.isEmpty()) {
        throw new IllegalArgumentException("empty context word for " + type);
      }
    }
  }

  public static ContextRule boost(EntityType type, double delta, String... words) {
    return new ContextRule(type, delta, List.of(words));
  }
}
