package dev.veil.protect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.auth.Principal;
import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.StreamRefusal;
import dev.veil.guard.StreamTransformer;
import dev.veil.policy.OutputAction;
import dev.veil.policy.Policies;
import dev.veil.policy.Policy;
import dev.veil.provider.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Detects and protects personal data and secrets in the request on its way out, and restores
 * pseudonyms and scans the model's output on the way back, streams included.
 *
 * <p>The caller's policy is the one attached to its API key, else the default policy. A policy
 * that blocks answers 400 {@code veil_policy_violation} naming entity types and message indexes.
 * The shape of the request was checked by {@link RequestValidator} before; any failure to inspect
 * throws, which the {@link dev.veil.guard.Pipeline} turns into {@code veil_inspection_failed} with
 * nothing sent upstream.
 *
 * <p>The answer of a provider that shows the protected request itself ({@code inspect}) is not
 * restored: it is where a user sees exactly what a provider would see.
 *
 * <p>Inspection is bounded so that one key cannot hold the CPU: a request with more text than
 * {@code limits.max_inspected_chars} gets 413 {@code veil_inspection_too_large}, and a key with
 * {@code limits.max_concurrent_inspections_per_key} requests in inspection makes a further one
 * wait up to {@code limits.inspection_wait}, then answers 429 {@code veil_too_many_inspections};
 * both before anything goes upstream.
 *
 * <h2>Security</h2>
 * Only counts reach the receipt; violations name types and locations, never values.
 */
public final class ProtectGuard implements Guard {

  private final RequestProtector protector;
  private final ResponseRestorer restorer;
  private final Policies policies;
  private final String tenant;
  private final InspectionSlots slots;

  /** A guard with no cap on concurrent inspections per key (tests and benchmarks). */
  public ProtectGuard(RequestProtector protector, ResponseRestorer restorer, Policies policies,
      String tenant) {
    this(protector, restorer, policies, tenant, Integer.MAX_VALUE, Duration.ZERO);
  }

  /**
   * @param maxConcurrentInspectionsPerKey how many requests of one API key may be scanned at once
   *     ({@code limits.max_concurrent_inspections_per_key})
   * @param inspectionWait how long a further request waits for one of them ({@code
   *     limits.inspection_wait}) before it is refused with 429 {@code veil_too_many_inspections}
   *     without being scanned
   */
  public ProtectGuard(RequestProtector protector, ResponseRestorer restorer, Policies policies,
      String tenant, int maxConcurrentInspectionsPerKey, Duration inspectionWait) {
    this.protector = Objects.requireNonNull(protector, "protector");
    this.restorer = Objects.requireNonNull(restorer, "restorer");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.slots = new InspectionSlots(maxConcurrentInspectionsPerKey, inspectionWait);
  }

  @Override
  public String name() {
    return "protect";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    Exchange exchange = chain.exchange();
    Policy policy = policyFor(exchange);
    String keyId = Principal.of(exchange).keyId();
    if (!slots.acquire(keyId)) {
      exchange.responseHeader("Retry-After", "1");
      return tooManyInspections(slots.perKey(), slots.waitLimit());
    }
    ObjectNode body = request.body().deepCopy();
    ProtectionResult result;
    try {
      result = protector.protect(kind(request.endpoint()), body, policy, tenant, keyId);
    } catch (InspectionTooLargeException e) {
      return tooLarge(e.limit());
    } finally {
      slots.release(keyId);
    }
    Receipt.add(exchange, result.receipt());
    if (result instanceof ProtectionResult.Blocked blocked) {
      return violation(blocked.violation());
    }
    Pseudonyms pseudonyms = ((ProtectionResult.Protected) result).pseudonyms();
    Response response = chain.proceed(request.withBody(body));
    if (response.isError() || Boolean.TRUE.equals(exchange.get(Provider.INSPECTION))
        || request.endpoint() == Request.Endpoint.EMBEDDINGS
        || request.endpoint() == Request.Endpoint.MODERATIONS
        || (pseudonyms.isEmpty() && policy.output() == OutputAction.ALLOW)) {
      return response;
    }
    return switch (response) {
      case Response.Json json -> restore(json, pseudonyms, policy, exchange);
      case Response.Streaming stream -> stream.transform(
          request.endpoint() == Request.Endpoint.RESPONSES
              ? new ResponsesTransformer(restorer.responsesStream(pseudonyms, policy), exchange)
              : new RestoringTransformer(restorer.stream(pseudonyms, policy,
                  request.endpoint() == Request.Endpoint.COMPLETIONS), exchange));
    };
  }

  private Policy policyFor(Exchange exchange) {
    String name = Principal.of(exchange).policy();
    return name == null ? policies.defaultPolicy() : policies.get(name);
  }

  private Response restore(Response.Json json, Pseudonyms pseudonyms, Policy policy,
      Exchange exchange) {
    RestoreResult restored = restorer.restore(json.body(), pseudonyms, policy);
    Receipt.add(exchange, restored.receipt());
    return switch (restored) {
      case RestoreResult.Restored r -> json.withBody(r.body());
      case RestoreResult.Blocked b -> violation(b.violation());
    };
  }

  private static EndpointKind kind(Request.Endpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> EndpointKind.CHAT_COMPLETIONS;
      case EMBEDDINGS -> EndpointKind.EMBEDDINGS;
      case COMPLETIONS -> EndpointKind.COMPLETIONS;
      case RESPONSES -> EndpointKind.RESPONSES;
      case MODERATIONS -> EndpointKind.MODERATIONS;
    };
  }

  static Response.Json violation(Violation violation) {
    return Response.error(400, "invalid_request_error", "veil_policy_violation",
        violation.message(), null);
  }

  private static Response.Json tooLarge(long limit) {
    return Response.error(413, "invalid_request_error", "veil_inspection_too_large",
        "The request holds more text than Veil inspects in one request (limits.max_inspected_chars"
            + " in veil.yaml: " + limit + " characters); nothing was sent upstream. Send less text,"
            + " or ask the operator to raise the limit.", null);
  }

  private static Response.Json tooManyInspections(int perKey, Duration waited) {
    return Response.error(429, "requests", "veil_too_many_inspections",
        "This API key has " + perKey + " requests being inspected, the most it may have at once"
            + " (limits.max_concurrent_inspections_per_key in veil.yaml), and none finished within "
            + waited.toMillis() + " ms (limits.inspection_wait); nothing was sent upstream. Retry"
            + " later, or send fewer requests at once.", null);
  }

  /** Feeds each event's data to a {@link StreamRestorer}; blocked output ends the stream. */
  private static final class RestoringTransformer implements StreamTransformer {
    private final StreamRestorer restorer;
    private final Exchange exchange;

    RestoringTransformer(StreamRestorer restorer, Exchange exchange) {
      this.restorer = restorer;
      this.exchange = exchange;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) {
      if (event.event() != null) {
        return List.of(event);
      }
      return events(() -> restorer.onData(event.data()));
    }

    @Override
    public List<SseEvent> onEnd() {
      List<SseEvent> out = events(restorer::onEnd);
      Receipt.add(exchange, restorer.receipt());
      return out;
    }

    private static List<SseEvent> events(java.util.function.Supplier<List<String>> step) {
      List<String> data = refusingBlocked(step);
      if (data.size() == 1) {
        return List.of(SseEvent.data(data.get(0)));
      }
      List<SseEvent> out = new ArrayList<>(data.size());
      for (String d : data) {
        out.add(SseEvent.data(d));
      }
      return out;
    }
  }

  /** Runs a restoring step; output that the policy blocks ends the stream with a 400 error. */
  private static <T> T refusingBlocked(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (OutputBlockedException e) {
      throw new StreamRefusal(400, "invalid_request_error", "veil_policy_violation",
          e.violation().message());
    }
  }

  /** Feeds each event of a Responses API stream to a {@link ResponsesStreamRestorer}. */
  private static final class ResponsesTransformer implements StreamTransformer {
    private final ResponsesStreamRestorer restorer;
    private final Exchange exchange;

    ResponsesTransformer(ResponsesStreamRestorer restorer, Exchange exchange) {
      this.restorer = restorer;
      this.exchange = exchange;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) {
      return refusingBlocked(() -> restorer.onEvent(event));
    }

    @Override
    public List<SseEvent> onEnd() {
      List<SseEvent> out = refusingBlocked(restorer::onEnd);
      Receipt.add(exchange, restorer.receipt());
      return out;
    }
  }
}
