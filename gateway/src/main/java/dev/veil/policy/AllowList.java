package dev.veil.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that a policy never acts on, however they were detected: exact values (compared after
 * trimming, case-insensitively) and regular expressions that must match the whole value, e.g.
 * {@code .*@acme\.example} for the company's own domain.
 *
 * <p>Patterns are compiled once, when the policy is built.
 *
 * <h2>Security</h2>
 * {@link #toString()} shows only the number of entries: allow-listed values may themselves be
 * personal data.
 */
public final class AllowList {

  private static final AllowList EMPTY = new AllowList(Set.of(), List.of());

  private final Set<String> values;
  private final List<Pattern> patterns;

  private AllowList(Set<String> values, List<Pattern> patterns) {
    this.values = values;
    this.patterns = patterns;
  }

  public static AllowList empty() {
    return EMPTY;
  }

  /**
   * @param values exact values
   * @param patterns compiled patterns; each must match a whole value
   */
  public static AllowList of(Set<String> values, List<Pattern> patterns) {
    Set<String> folded = new HashSet<>();
    for (String v : values) {
      folded.add(fold(v));
    }
    return new AllowList(Set.copyOf(folded), List.copyOf(patterns));
  }

  /** True when the detected {@code value} is on the list. */
  public boolean allows(String value) {
    if (!values.isEmpty() && values.contains(fold(value))) {
      return true;
    }
    for (Pattern p : patterns) {
      if (p.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return values.isEmpty() && patterns.isEmpty();
  }

  private static String fold(String v) {
    return v.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "AllowList[" + values.size() + " values, " + patterns.size() + " patterns]";
  }
}
