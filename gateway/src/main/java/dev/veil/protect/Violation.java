package dev.veil.protect;

import dev.veil.detect.EntityType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A policy refused a request (or a response): which entity types were found where. The gateway
 * answers 400 with code {@code veil_policy_violation} and {@link #message()}.
 *
 * <h2>Security</h2>
 * Holds entity types, message indexes and JSON paths only, never a value.
 *
 * @param policy the policy's name
 * @param entityTypes the blocked types found
 * @param messageIndexes indexes into {@code messages} (chat) or {@code input} (embeddings) or
 *     {@code choices} (output) where they were found
 * @param locations JSON paths of the texts where they were found, e.g. {@code
 *     messages[1].content}
 */
public record Violation(
    String policy, Set<EntityType> entityTypes, SortedSet<Integer> messageIndexes,
    List<String> locations) {

  public Violation {
    entityTypes = entityTypes.isEmpty()
        ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(entityTypes));
    messageIndexes = Collections.unmodifiableSortedSet(new TreeSet<>(messageIndexes));
    locations = List.copyOf(locations);
  }

  /**
   * A sentence for the error envelope, e.g. {@code Blocked by policy 'default': SECRET found in
   * messages[1].content}.
   */
  public String message() {
    String types = entityTypes.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    return "Blocked by policy '" + policy + "': " + types + " found in " + String.join(", ", locations);
  }
}
