package dev.veil.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One security-relevant action: who ({@code actor}), what ({@code action}, {@code target}), when
 * ({@code time}), from where ({@code source}), how it ended ({@code outcome}) and a few short
 * {@code details}.
 *
 * <p><b>Security:</b> an event is metadata. It must never carry content (prompts, completions,
 * stored records) or a detected value (a name, an e-mail address, a key). Actors and targets are
 * identifiers such as {@code user:alice} or {@code apikey:01J...}; details are things like a role
 * name, a policy id or a count. The limits below keep details small and printable so that
 * nothing large can slip in unnoticed, but they cannot tell a secret from an id: callers decide.
 *
 * @param time when the action happened, stored with millisecond precision
 * @param actor who acted, e.g. {@code user:alice}, {@code apikey:ID} or {@code system}
 * @param action what was done
 * @param target what it was done to, or the empty string
 * @param source the network address it came from, or the empty string for internal actions
 * @param outcome how it ended
 * @param details at most {@value #MAX_DETAILS} entries; keys match {@code [a-z][a-z0-9_]{0,31}},
 *     values are at most {@value #MAX_VALUE} printable characters
 */
public record AuditEvent(
    Instant time,
    String actor,
    AuditAction action,
    String target,
    String source,
    AuditOutcome outcome,
    Map<String, String> details) {

  public static final int MAX_DETAILS = 16;
  public static final int MAX_VALUE = 200;
  private static final int MAX_ID = 200;
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    time = Instant.ofEpochMilli(time.toEpochMilli());
    actor = checkText("actor", actor, MAX_ID);
    if (actor.isEmpty()) {
      throw new IllegalArgumentException("actor must not be empty");
    }
    target = checkText("target", target == null ? "" : target, MAX_ID);
    source = checkText("source", source == null ? "" : source, MAX_ID);
    details = details == null ? Map.of() : details;
    if (details.size() > MAX_DETAILS) {
      throw new IllegalArgumentException(
          "at most " + MAX_DETAILS + " details, got " + details.size());
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (e.getKey() == null || !KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("detail keys must match " + KEY.pattern());
      }
      sorted.put(e.getKey(), checkText("detail " + e.getKey(), e.getValue(), MAX_VALUE));
    }
    details = Collections.unmodifiableMap(sorted);
  }

  /** An event with no details, happening now. */
  public static AuditEvent of(
      String actor, AuditAction action, String target, String source, AuditOutcome outcome) {
    return new AuditEvent(Instant.now(), actor, action, target, source, outcome, Map.of());
  }

  /** A copy with one more detail. */
  public AuditEvent with(String key, String value) {
    TreeMap<String, String> more = new TreeMap<>(details);
    more.put(key, value);
    return new AuditEvent(time, actor, action, target, source, outcome, more);
  }

  // Values are never echoed in messages: a caller that misuses a field must not leak it here.
  private static String checkText(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            field + " may hold only printable characters outside the surrogate range");
      }
    }
    return value;
  }
}
