package dev.veil.api;

import dev.veil.detect.EntityType;
import dev.veil.policy.Action;
import dev.veil.policy.OutputAction;
import dev.veil.protect.Receipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code veil_findings_total{type, action, direction}}: what the guards found, per entity type and
 * what was done with it, in requests ({@code direction="request"}: the policy's action) and in
 * answers ({@code direction="answer"}: the output action), counted from each exchange's {@link
 * Receipt}.
 *
 * <h2>Security</h2>
 * Labels come from fixed vocabularies (entity types, actions); counts only, never a value.
 */
final class FindingMeters {
  private static final EntityType[] TYPES = EntityType.values();
  private static final Action[] ACTIONS = Action.values();
  private static final OutputAction[] OUTPUTS = OutputAction.values();

  private final MeterRegistry meters;
  private final Counter[] request = new Counter[TYPES.length * ACTIONS.length];
  private final Counter[] answer = new Counter[TYPES.length * OUTPUTS.length];

  FindingMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Adds an exchange's findings. */
  void count(Receipt receipt) {
    for (EntityType type : TYPES) {
      for (Action action : ACTIONS) {
        int n = receipt.count(type, action);
        if (n > 0) {
          counter(request, type.ordinal() * ACTIONS.length + action.ordinal(), type,
              action.name(), "request").increment(n);
        }
      }
      for (OutputAction action : OUTPUTS) {
        int n = receipt.outputCount(type, action);
        if (n > 0) {
          counter(answer, type.ordinal() * OUTPUTS.length + action.ordinal(), type,
              action.name(), "answer").increment(n);
        }
      }
    }
  }

  private synchronized Counter counter(Counter[] cache, int i, EntityType type, String action,
      String direction) {
    if (cache[i] == null) {
      cache[i] = Counter.builder("veil.findings")
          .description("Personal data and secrets found, by entity type and what was done")
          .tag("type", type.name()).tag("action", action.toLowerCase(Locale.ROOT))
          .tag("direction", direction).register(meters);
    }
    return cache[i];
  }
}
