package dev.veil.limits;

import dev.veil.auth.Principal;
import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Token and spend budgets per API key and per team, per UTC day and month, and the spend of each
 * request ({@link #SPEND}, for its metadata record) from the price table.
 *
 * <p>A request may start while every budget it counts against is below its limit; its estimated
 * prompt tokens and their price are added at once, and the rest (completion tokens, the
 * correction of the estimate) when the answer reports its usage. So a budget is overspent by at
 * most what the requests in flight at the moment it ran out use. Once used up, requests are
 * refused with 429 {@code veil_budget_exceeded} (type {@code insufficient_quota}, with {@code
 * x-should-retry: false} so the SDKs do not retry) until the budget renews.
 *
 * <p>Each budget reports, once, the request that takes it to 80% and the one that takes it to
 * 100% ({@link Alerts}): the counter's value before and after each addition comes from the same
 * atomic step, so exactly one request crosses each mark, on whichever node. A request whose
 * estimated prompt crosses a mark goes on only once the report is durable (it is refused if the
 * report fails), so a node killed afterwards has lost no report of a request it served. A mark
 * crossed by the correction after the answer is reported when the counters answer, without
 * holding the answer back: a node killed in that gap can lose that report.
 *
 * <h2>Security</h2>
 * Fails closed like {@link RateLimitGuard}. A model without a price cannot be counted against a
 * spend budget and is refused (403 {@code veil_price_unknown}).
 */
public final class BudgetGuard implements Guard {

  /** What a request cost, in {@link LimitsConfig#NANOS}; absent when its model has no price. */
  public static final Exchange.Key<Long> SPEND = Exchange.Key.of("limits.spend", Long.class);

  /** Where the crossing of a budget's 80% and 100% marks is reported (the audit log). */
  @FunctionalInterface
  public interface Alerts {
    /**
     * Reports a crossed mark.
     *
     * @param scope {@code key} or {@code team}
     * @param id the key id or team name
     * @param budget e.g. {@code tokens per day}, {@code spend per month}
     * @param percent 80 or 100
     * @return completes once the report is durable (the audit event committed)
     */
    CompletionStage<?> crossed(String scope, String id, String budget, int percent, long used,
        long limit);
  }

  /** How long a request that crossed a mark on its way in waits for the report to be durable. */
  private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

  private record Counted(String scope, String id, Window window, boolean money) {
    String budget() {
      return (money ? "spend" : "tokens") + " per " + window.word();
    }
  }

  private final LimitsConfig config;
  private final Counters counters;
  private final TokenCounter tokens;
  private final Alerts alerts;
  private final String prefix;
  private final FailurePolicy failures;

  public BudgetGuard(LimitsConfig config, Counters counters, TokenCounter tokens,
      Alerts alerts, String tenant) {
    this.config = Objects.requireNonNull(config, "config");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.prefix = "veil:" + Names.part(tenant) + ":b:";
    this.failures = new FailurePolicy(config.failOpen(), "budgets");
  }

  @Override
  public String name() {
    return "budget";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    Exchange exchange = chain.exchange();
    Principal principal = Principal.of(exchange);
    String team = principal.team();
    LimitsConfig.Price price = config.price(request.model());
    long now = exchange.clock().millis();
    boolean budgeted = config.keyBudget().limits()
        || team != null && config.teamBudget().limits();
    // With prices and no budget the answer's usage is all the spend needs: no tokenizing.
    long prompt = budgeted ? Usage.estimate(exchange, request, tokens) : 0;
    long promptCost = price == null ? 0 : price.cost(prompt, 0);
    List<Counters.Charge> charges = new ArrayList<>(8);
    List<Counted> counted = new ArrayList<>(8);
    add(charges, counted, "key", principal.keyId(), config.keyBudget(), now, prompt, promptCost);
    if (team != null) {
      add(charges, counted, "team", team, config.teamBudget(), now, prompt, promptCost);
    }
    if (price == null && counted.stream().anyMatch(Counted::money)) {
      return Response.error(403, "permission_error", "veil_price_unknown", "The model '"
          + request.model() + "' has no price in Veil's price table, so it cannot be counted"
          + " against the spend budget of this API key.", "model");
    }
    if (!charges.isEmpty()) {
      Counters.Outcome outcome;
      try {
        outcome = counters.charge(charges);
      } catch (Counters.Unavailable e) {
        if (!failures.unavailable(exchange, e)) {
          return FailurePolicy.refusal();
        }
        return proceed(chain, request, exchange, price, prompt, List.of(), List.of());
      }
      if (!outcome.granted()) {
        Counted c = counted.get(outcome.refused());
        exchange.responseHeader("x-should-retry", "false");
        return Response.error(429, "insufficient_quota", "veil_budget_exceeded", "The "
            + c.budget() + " budget of this " + (c.scope().equals("key") ? "API key" : "team")
            + " is used up (" + show(c, outcome.values()[outcome.refused()]) + " of "
            + show(c, charges.get(outcome.refused()).limit()) + "); it renews at "
            + Instant.ofEpochMilli(c.window().end(now)) + ".", null);
      }
      awaitReported(alert(charges, counted, outcome.values()));
    }
    return proceed(chain, request, exchange, price, prompt, charges, counted);
  }

  private Response proceed(Chain chain, Request request, Exchange exchange,
      LimitsConfig.Price price, long prompt, List<Counters.Charge> charges,
      List<Counted> counted) {
    Response response = chain.proceed(request);
    return Usage.tap(response, new Usage(prompt, 0), used -> {
      if (price != null) {
        exchange.put(SPEND, price.cost(used.prompt(), used.completion()));
      }
      settle(exchange, charges, counted, price, prompt, used);
    });
  }

  private void settle(Exchange exchange, List<Counters.Charge> charges, List<Counted> counted,
      LimitsConfig.Price price, long prompt, Usage used) {
    long tokenFix = used.total() - prompt;
    long moneyFix = price == null ? 0
        : price.cost(used.prompt(), used.completion()) - price.cost(prompt, 0);
    List<Counters.Charge> fix = new ArrayList<>(charges.size());
    List<Counted> fixed = new ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Counters.Charge c = charges.get(i);
      long amount = counted.get(i).money() ? moneyFix : tokenFix;
      if (amount != 0) {
        fix.add(new Counters.Charge(c.name(), amount, c.limit(), Counters.Check.NONE,
            c.expiresAtMillis()));
        fixed.add(counted.get(i));
      }
    }
    if (fix.isEmpty()) {
      return;
    }
    // the answer has been received: the correction neither holds it back nor, failing, loses it
    counters.add(fix).whenComplete((after, e) -> {
      if (e == null) {
        alert(fix, fixed, after);
      } else {
        failures.unsettled(exchange, FailurePolicy.cause(e));
      }
    });
  }

  private void add(List<Counters.Charge> charges, List<Counted> counted, String scope, String id,
      LimitsConfig.Budget budget, long now, long prompt, long promptCost) {
    String base = prefix + scope.charAt(0) + ":" + Names.part(id) + ":";
    limit(charges, counted, new Counted(scope, id, Window.DAY, false), base,
        budget.tokensPerDay(), prompt, now);
    limit(charges, counted, new Counted(scope, id, Window.MONTH, false), base,
        budget.tokensPerMonth(), prompt, now);
    limit(charges, counted, new Counted(scope, id, Window.DAY, true), base,
        budget.spendPerDay(), promptCost, now);
    limit(charges, counted, new Counted(scope, id, Window.MONTH, true), base,
        budget.spendPerMonth(), promptCost, now);
  }

  private static void limit(List<Counters.Charge> charges, List<Counted> counted, Counted c,
      String base, long limit, long amount, long now) {
    if (limit > 0) {
      charges.add(new Counters.Charge(base + (c.money() ? "s:" : "t:")
          + c.window().suffix(now), amount, limit, Counters.Check.BELOW, c.window().end(now)));
      counted.add(c);
    }
  }

  /** Reports each budget whose 80% or 100% mark this addition crossed. */
  private List<CompletionStage<?>> alert(List<Counters.Charge> charges, List<Counted> counted,
      long[] after) {
    List<CompletionStage<?>> reports = List.of();
    for (int i = 0; i < charges.size(); i++) {
      Counters.Charge ch = charges.get(i);
      long before = after[i] - ch.amount();
      long limit = ch.limit();
      Counted c = counted.get(i);
      // limit * 4 / 5 without overflow: limits stay far below Long.MAX_VALUE / 4.
      long warn = (limit * 4 + 4) / 5;
      if (before < warn && after[i] >= warn) {
        reports = with(reports, alerts.crossed(c.scope(), c.id(), c.budget(), 80, after[i],
            limit));
      }
      if (before < limit && after[i] >= limit) {
        reports = with(reports, alerts.crossed(c.scope(), c.id(), c.budget(), 100, after[i],
            limit));
      }
    }
    return reports;
  }

  private static List<CompletionStage<?>> with(List<CompletionStage<?>> reports,
      CompletionStage<?> report) {
    List<CompletionStage<?>> more = new ArrayList<>(reports);
    more.add(report);
    return more;
  }

  /**
   * Waits until every report is durable.
   *
   * @throws IllegalStateException when one fails or takes longer than {@link #REPORT_WAIT}; the
   *     pipeline then refuses the request
   */
  private static void awaitReported(List<CompletionStage<?>> reports) {
    long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
    for (CompletionStage<?> report : reports) {
      try {
        report.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a budget report was recorded", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("a budget report was not recorded", e);
      }
    }
  }

  private static String show(Counted c, long value) {
    return c.money() ? Spending.money(value) : Long.toString(value);
  }
}
