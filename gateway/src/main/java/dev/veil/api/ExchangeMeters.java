package dev.veil.api;

import dev.veil.detect.EntityType;
import dev.veil.guard.Exchange;
import dev.veil.limits.BudgetGuard;
import dev.veil.limits.LimitsConfig;
import dev.veil.policy.Action;
import dev.veil.policy.OutputAction;
import dev.veil.protect.Receipt;
import dev.veil.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters read off each finished exchange:
 *
 * <ul>
 *   <li>{@code veil_findings_total{type, action, direction}}: what the guards found, per entity
 *       type and what was done with it, in requests ({@code direction="request"}: the policy's
 *       action) and in answers ({@code direction="answer"}: the output action), from its {@link
 *       Receipt};
 *   <li>{@code veil_upstream_errors_total{provider, kind}}: what went wrong upstream ({@link
 *       Provider#FAILURE}), per configured provider;
 *   <li>{@code veil_spend_total{provider}}: what requests cost in the price table's currency
 *       ({@link BudgetGuard#SPEND}), per configured provider (not per model: behind a {@code "*"}
 *       route a model name is the client's string).
 * </ul>
 *
 * <h2>Security</h2>
 * Labels come from fixed vocabularies (entity types, actions, failure kinds) and the provider
 * names of the configuration; counts only, never a value.
 */
final class ExchangeMeters {
  private static final EntityType[] TYPES = EntityType.values();
  private static final Action[] ACTIONS = Action.values();
  private static final OutputAction[] OUTPUTS = OutputAction.values();

  private final MeterRegistry meters;
  private final Counter[] request = new Counter[TYPES.length * ACTIONS.length];
  private final Counter[] answer = new Counter[TYPES.length * OUTPUTS.length];
  private final Map<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> spendCounters = new ConcurrentHashMap<>();

  ExchangeMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Adds what {@code exchange} found and what failed upstream. */
  void count(Exchange exchange) {
    Receipt receipt = Receipt.of(exchange);
    for (EntityType type : TYPES) {
      for (Action action : ACTIONS) {
        int n = receipt.count(type, action);
        if (n > 0) {
          finding(request, type.ordinal() * ACTIONS.length + action.ordinal(), type,
              action.name(), "request").increment(n);
        }
      }
      for (OutputAction action : OUTPUTS) {
        int n = receipt.outputCount(type, action);
        if (n > 0) {
          finding(answer, type.ordinal() * OUTPUTS.length + action.ordinal(), type,
              action.name(), "answer").increment(n);
        }
      }
    }
    String failure = exchange.get(Provider.FAILURE);
    String provider = exchange.get(Provider.SERVED_BY);
    Long spend = exchange.get(BudgetGuard.SPEND);
    if (spend != null && spend > 0 && provider != null) {
      spendCounters.computeIfAbsent(provider, p -> Counter.builder("veil.spend")
          .description("What requests cost, in the price table's currency")
          .tag("provider", p).register(meters))
          .increment((double) spend / LimitsConfig.NANOS);
    }
    if (failure != null && provider != null) {
      upstreamErrors.computeIfAbsent(provider + "\n" + failure, k -> Counter
          .builder("veil.upstream.errors")
          .description("Upstream calls that failed or were refused, by provider and kind")
          .tag("provider", provider).tag("kind", failure).register(meters)).increment();
    }
  }

  private synchronized Counter finding(Counter[] cache, int i, EntityType type, String action,
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
