package dev.veil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.audit.AuditAction;
import dev.veil.auth.ApiKeyGuard;
import dev.veil.auth.ApiKeys;
import dev.veil.auth.Principal;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import dev.veil.policy.Policies;
import dev.veil.provider.Provider;
import dev.veil.provider.UpstreamException;
import dev.veil.provider.UpstreamHttp;
import dev.veil.provider.Upstreams;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses that the provider keeps: {@code GET /v1/responses/{id}}, {@code GET
 * /v1/responses/{id}/input_items} and {@code DELETE /v1/responses/{id}}, relayed to the provider
 * that serves the key's {@code /v1/responses} models.
 *
 * <p>A provider keeps a response only when the key's policy says {@code upstream_store: allow}
 * (else Veil sends {@code "store": false}), so these requests are refused for any other key with
 * 403 {@code veil_upstream_store_denied} naming that setting, as {@code previous_response_id} is.
 * The request names no model, so the provider is the one that the key's model routes lead to; keys
 * whose routes lead to several providers are refused (400), since Veil cannot tell which one keeps
 * the response. A key limited to some models reaches only responses made with one of them: the
 * stored response is read first and its {@code model} must be the upstream name of one of the
 * key's models on that provider, or a dated snapshot of it ({@code gpt-4o-2024-08-06} for {@code
 * gpt-4o}); otherwise 403 {@code model_not_permitted}, and nothing is deleted.
 *
 * <p>The answer is relayed as the provider stored it, not restored: it holds the protected text
 * (surrogates), which is safe to show, but the originals are not recoverable here. Surrogates are
 * keyed hashes made from the request that carried the originals, and Veil keeps no mapping back
 * from a surrogate (see {@code Pseudonyms}).
 *
 * <h2>Security</h2>
 * Fail closed: each request is an audit event ({@code stored.response_access}: key, method,
 * endpoint, provider, request id; never the response id, a body or a query) committed before
 * anything is sent upstream. Only plain ids and queries are relayed, with the provider's key.
 */
final class StoredResponses {
  private static final Logger LOG = LoggerFactory.getLogger(StoredResponses.class);
  /** Largest stored response read to check its model. */
  private static final int MAX_CHECKED_BYTES = 32 * 1024 * 1024;

  private final Passthrough relay;
  private final ApiKeys keys;
  private final Policies policies;
  private final Upstreams upstreams;
  private final Clock clock;
  private final Duration firstByte;

  /**
   * @param policies the loaded policies, or {@code null} when the guards are disabled (then no
   *     key may reach stored responses)
   */
  StoredResponses(Passthrough relay, ApiKeys keys, Policies policies, Upstreams upstreams,
      Clock clock, Duration firstByte) {
    this.relay = relay;
    this.keys = keys;
    this.policies = policies;
    this.upstreams = upstreams;
    this.clock = clock;
    this.firstByte = firstByte;
  }

  /** Whether {@code path} names a stored response or its input items. */
  static boolean serves(String path) {
    String[] s = path.split("/", -1);
    return path.startsWith("/v1/responses/") && !s[3].isEmpty()
        && (s.length == 4 || (s.length == 5 && s[4].equals("input_items")));
  }

  /** Answers a request on a path that {@link #serves} accepts. */
  void handle(Request req, org.eclipse.jetty.server.Response res, String path)
      throws IOException {
    String requestId = ApiHandlers.newRequestId(clock);
    res.getHeaders().put("X-Request-Id", requestId);
    ApiKeys.Outcome auth = keys.authenticate(req.getHeaders().get("Authorization"));
    if (auth.principal() == null) {
      Passthrough.send(res, ApiKeyGuard.unauthorized(auth.failure()));
      return;
    }
    String method = req.getMethod();
    boolean items = path.endsWith("/input_items");
    if (!method.equals("GET") && !(method.equals("DELETE") && !items)) {
      res.getHeaders().put("Allow", items ? "GET" : "GET, DELETE");
      Passthrough.send(res, ApiErrors.methodNotAllowed());
      return;
    }
    Principal who = auth.principal();
    if (policies == null || !(who.policy() == null ? policies.defaultPolicy()
        : policies.get(who.policy())).upstreamStore()) {
      Passthrough.send(res, Response.error(403, "permission_error", "veil_upstream_store_denied",
          "Stored responses are kept by the provider, which this API key's policy does not allow"
              + " (upstream_store: deny, the default), so Veil did not ask for it. Ask the"
              + " operator to set upstream_store: allow in the policy.", null));
      return;
    }
    String rawQuery = req.getHttpURI().getQuery();
    if (!Passthrough.plainPath(path) || !Passthrough.plainQuery(rawQuery)) {
      Passthrough.send(res, ApiErrors.invalid("The URL holds characters Veil does not relay.",
          null));
      return;
    }
    Set<Provider> providers = upstreams.providersOf(who.models());
    if (providers.size() != 1) {
      Passthrough.send(res, Response.error(400, "invalid_request_error",
          "veil_stored_response_provider_unknown", "This API key's models are served by "
              + (providers.isEmpty() ? "no provider" : "several providers") + ", so Veil cannot"
              + " tell which one keeps the response. Use a key limited to models of one"
              + " provider.", null));
      return;
    }
    Provider provider = providers.iterator().next();
    if (!relay.audited(AuditAction.STORED_RESPONSE_ACCESS, who.keyId(), method, "responses",
        requestId, provider)) {
      Passthrough.send(res, Passthrough.auditUnavailable());
      return;
    }
    String id = path.split("/")[3];
    if (!who.models().isEmpty()) {
      Response.Json refused = outOfScope(who, provider, id, requestId);
      if (refused != null) {
        Passthrough.send(res, refused);
        return;
      }
    }
    relay.relay(req, res, provider, method, path.substring(4), rawQuery, null);
  }

  /**
   * Reads the stored response and returns the refusal of one made with a model outside the key's
   * scope, the provider's own error when it has none to show, or null to go on.
   */
  private Response.Json outOfScope(Principal who, Provider provider, String id, String requestId) {
    JsonNode stored;
    try (UpstreamHttp.Call call = provider.relay("GET", "responses/" + id, null,
        List.of("Accept", "application/json"), null)) {
      byte[] body = call.readAll(MAX_CHECKED_BYTES,
          System.nanoTime() + firstByte.toNanos());
      stored = Jackson.MAPPER.readTree(body);
      if (call.status() != 200) {
        return stored instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("error")
            ? new Response.Json(call.status(), o)
            : Response.error(502, "upstream_error", "upstream_error",
                "The provider answered HTTP " + call.status() + ".", null);
      }
    } catch (UpstreamException e) {
      return Passthrough.upstreamFailure(e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("request {}: the stored response could not be read to check its model ({})",
          requestId, e.getClass().getName());
      return Response.error(502, "upstream_error", "upstream_error",
          "The provider's stored response could not be read.", null);
    }
    String model = stored == null ? "" : stored.path("model").asText("");
    for (String name : who.models()) {
      var route = upstreams.route(name);
      if (route.isPresent() && route.get().provider() == provider) {
        String upstream = route.get().upstreamModel();
        if (model.equals(upstream) || model.startsWith(upstream + "-")) {
          return null;
        }
      }
    }
    return Response.error(403, "permission_error", "model_not_permitted",
        "This API key may not use the model that made this response.", null);
  }
}
