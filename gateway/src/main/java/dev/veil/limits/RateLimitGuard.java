package dev.veil.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.auth.Principal;
import dev.veil.consent.EndUsers;
import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.provider.RouteGuard;
import dev.veil.provider.Upstreams;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Requests and tokens per minute, per API key, per team, per end user and per model (counted per
 * team, or per key when the key has no team), over fixed one-minute windows in shared {@link
 * Counters}.
 *
 * <p>Before a request goes on, one {@link Counters#charge} adds one request and its estimated
 * prompt tokens ({@link TokenCounter}) to every counter that has a limit, or refuses it when one
 * would go over: 429 {@code rate_limit_exceeded} in OpenAI's error envelope, with {@code
 * Retry-After} (seconds), {@code retry-after-ms} and the {@code x-ratelimit-*} headers of the
 * tightest request and token counters, which the official SDKs read. Allowed requests carry the
 * same headers. When the answer reports its usage, the token counters get the completion tokens
 * and the difference between the estimate and the prompt tokens upstream counted, in the same
 * window; an error answer gives the estimate back.
 *
 * <h2>Security</h2>
 * Fails closed: counters that cannot be reached refuse the request with 503 {@code
 * veil_limits_unavailable}, unless {@code redis.on_failure: open}. End users are counted under a
 * keyed hash of their id; error messages name the scope (key, team, end user, model), never an id.
 */
public final class RateLimitGuard implements Guard {

  /** What is counted, in the order refusals are reported. */
  private enum Scope {
    KEY("API key", "k"),
    TEAM("team", "t"),
    END_USER("end user", "u"),
    MODEL("model", "m");

    final String word;
    final String tag;

    Scope(String word, String tag) {
      this.word = word;
      this.tag = tag;
    }
  }

  private final LimitsConfig config;
  private final Counters counters;
  private final TokenCounter tokens;
  private final UnaryOperator<String> endUserId;
  private final String prefix;
  private final FailurePolicy failures;

  /**
   * @param endUserId a keyed hash of an end user id, the name the end user is counted under
   * @param tenant the tenant, part of every counter name so tenants may share one Redis
   */
  public RateLimitGuard(LimitsConfig config, Counters counters, TokenCounter tokens,
      UnaryOperator<String> endUserId, String tenant) {
    this.config = Objects.requireNonNull(config, "config");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.endUserId = Objects.requireNonNull(endUserId, "endUserId");
    this.prefix = "veil:" + Names.part(tenant) + ":rl:";
    this.failures = new FailurePolicy(config.failOpen(), "rate limits");
  }

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    Exchange exchange = chain.exchange();
    Principal principal = Principal.of(exchange);
    String team = principal.team();
    Optional<String> endUser = Optional.empty();
    if (config.endUser().limits()) {
      try {
        JsonNode user = request.body().get("user");
        endUser = EndUsers.identify(user != null && user.isTextual() ? user.asText() : null,
            request.headers().get(config.endUserHeader()));
      } catch (IllegalArgumentException e) {
        return Response.error(400, "invalid_request_error", "veil_invalid_end_user",
            "The end user id (header or field 'user') is longer than 256 characters.", "user");
      }
    }
    // the model as the metadata record names it: a "*" route accepts any string from the client,
    // which must neither name a counter in Redis nor spread one model's limit over many spellings
    Upstreams.Route route = exchange.get(RouteGuard.ROUTE);
    String model = route == null ? request.model() : route.recordedModel();
    long now = exchange.clock().millis();
    String window = Window.MINUTE.suffix(now);
    long end = Window.MINUTE.end(now);
    List<Counters.Charge> charges = new ArrayList<>(8);
    List<Scope> scopes = new ArrayList<>(8);
    List<Boolean> isTokens = new ArrayList<>(8);
    long prompt = -1;
    for (Scope scope : Scope.values()) {
      LimitsConfig.Rate rate;
      String id;
      switch (scope) {
        case KEY -> {
          rate = config.key();
          id = Names.part(principal.keyId());
        }
        case TEAM -> {
          rate = team == null ? LimitsConfig.Rate.NONE : config.team();
          id = team == null ? null : Names.part(team);
        }
        case END_USER -> {
          rate = endUser.isEmpty() ? LimitsConfig.Rate.NONE : config.endUser();
          id = rate.limits() ? endUserId.apply(endUser.get()) : null;
        }
        default -> {
          rate = config.model(model);
          id = rate.limits() ? (team == null ? "k" + Names.part(principal.keyId())
              : "t" + Names.part(team)) + ":" + Names.part(model) : null;
        }
      }
      if (rate.requestsPerMinute() > 0) {
        charges.add(new Counters.Charge(prefix + scope.tag + ":" + id + ":r:" + window, 1,
            rate.requestsPerMinute(), Counters.Check.FITS, end));
        scopes.add(scope);
        isTokens.add(false);
      }
      if (rate.tokensPerMinute() > 0) {
        if (prompt < 0) {
          prompt = Usage.estimate(exchange, request, tokens);
        }
        charges.add(new Counters.Charge(prefix + scope.tag + ":" + id + ":t:" + window, prompt,
            rate.tokensPerMinute(), Counters.Check.FITS, end));
        scopes.add(scope);
        isTokens.add(true);
      }
    }
    if (charges.isEmpty()) {
      return chain.proceed(request);
    }
    Counters.Outcome outcome;
    try {
      outcome = counters.charge(charges);
    } catch (Counters.Unavailable e) {
      return failures.unavailable(exchange, e) ? chain.proceed(request)
          : FailurePolicy.refusal();
    }
    long resetMillis = end - now;
    headers(exchange, charges, isTokens, outcome.values(), resetMillis);
    if (!outcome.granted()) {
      Counters.Charge over = charges.get(outcome.refused());
      boolean tokensOver = isTokens.get(outcome.refused());
      long seconds = Math.max(1, (resetMillis + 999) / 1000);
      exchange.responseHeader("retry-after", Long.toString(seconds));
      exchange.responseHeader("retry-after-ms", Long.toString(Math.max(1, resetMillis)));
      String what = tokensOver ? "tokens per minute (TPM)" : "requests per minute (RPM)";
      String message = "Rate limit reached for this " + scopes.get(outcome.refused()).word
          + " on " + what + ": Limit " + over.limit() + ", Used "
          + outcome.values()[outcome.refused()] + ", Requested " + over.amount()
          + ". Please try again in " + Headers.duration(resetMillis) + ".";
      if (tokensOver && over.amount() > over.limit()) {
        message = "This request's " + over.amount() + " prompt tokens exceed the " + what
            + " limit of this " + scopes.get(outcome.refused()).word + " (" + over.limit()
            + "); it can never pass. Send fewer tokens.";
      }
      return Response.error(429, tokensOver ? "tokens" : "requests", "rate_limit_exceeded",
          message, null);
    }
    Response response = chain.proceed(request);
    if (prompt < 0) {
      return response;
    }
    long estimate = prompt;
    return Usage.tap(response, new Usage(estimate, 0), used -> settle(exchange, charges,
        isTokens, used.total() - estimate));
  }

  /** Adds the difference between the estimate and the usage to the token counters. */
  private void settle(Exchange exchange, List<Counters.Charge> charges, List<Boolean> isTokens,
      long difference) {
    if (difference == 0) {
      return;
    }
    List<Counters.Charge> fix = new ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Counters.Charge c = charges.get(i);
      if (isTokens.get(i)) {
        fix.add(new Counters.Charge(c.name(), difference, c.limit(), Counters.Check.NONE,
            c.expiresAtMillis()));
      }
    }
    // the answer has been received: the correction neither holds it back nor, failing, loses it
    counters.add(fix).whenComplete((after, e) -> {
      if (e != null) {
        failures.unsettled(exchange, FailurePolicy.cause(e));
      }
    });
  }

  private static void headers(Exchange exchange, List<Counters.Charge> charges,
      List<Boolean> isTokens, long[] values, long resetMillis) {
    int requests = -1;
    int tokens = -1;
    for (int i = 0; i < charges.size(); i++) {
      Counters.Charge c = charges.get(i);
      boolean counted = isTokens.get(i);
      int best = counted ? tokens : requests;
      if (best < 0 || c.limit() - values[i] < charges.get(best).limit() - values[best]) {
        if (counted) {
          tokens = i;
        } else {
          requests = i;
        }
      }
    }
    if (requests >= 0) {
      Headers.limit(exchange, "requests", charges.get(requests).limit(), values[requests],
          resetMillis);
    }
    if (tokens >= 0) {
      Headers.limit(exchange, "tokens", charges.get(tokens).limit(), values[tokens],
          resetMillis);
    }
  }
}
