package dev.veil.auth;

import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Response;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the request's API key and puts its {@link Principal} on the exchange ({@link
 * Principal#KEY}); a missing, unknown, expired or revoked key is refused with 401 {@code
 * invalid_api_key}, a key whose policy this gateway has not loaded with 503 {@code
 * veil_policy_not_loaded}.
 *
 * <h2>Security</h2>
 * The API layer hands over the {@code Authorization} header as {@link #CREDENTIAL}; this guard
 * removes it from the exchange before anything else runs, so no later guard, provider or log can
 * see it. A store that cannot be read fails the request closed (500 {@code internal_error}).
 */
public final class ApiKeyGuard implements Guard {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyGuard.class);

  /** The client's {@code Authorization} header as sent, or absent; read once, then removed. */
  public static final Exchange.Key<String> CREDENTIAL = Exchange.Key.of("credential",
      String.class);

  private final ApiKeys keys;

  public ApiKeyGuard(ApiKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public String name() {
    return "authenticate";
  }

  @Override
  public Response intercept(Chain chain) {
    Exchange exchange = chain.exchange();
    String credential = exchange.get(CREDENTIAL);
    exchange.put(CREDENTIAL, null);
    ApiKeys.Outcome auth;
    try {
      auth = keys.authenticate(credential);
    } catch (RuntimeException e) {
      LOG.error("request {} failed: {}", exchange.requestId(), e.getClass().getName());
      return Response.error(500, "server_error", "internal_error",
          "Veil could not handle the request; nothing was sent upstream.", null);
    }
    if (auth.principal() == null) {
      return unauthorized(auth.failure());
    }
    exchange.put(Principal.KEY, auth.principal());
    return chain.proceed(chain.request());
  }

  /**
   * The error for a failed authentication: 401 with one message per reason, or 503 {@code
   * veil_policy_not_loaded} for a valid key whose policy this gateway did not load at start.
   */
  public static Response.Json unauthorized(ApiKeys.Failure failure) {
    return switch (failure) {
      case MISSING -> invalidKey("Missing API key. Send it as 'Authorization: Bearer vk-...'.");
      case UNKNOWN -> invalidKey("Incorrect API key provided.");
      case EXPIRED -> invalidKey("This API key has expired.");
      case REVOKED -> invalidKey("This API key has been revoked.");
      case POLICY_NOT_LOADED -> Response.error(503, "server_error", "veil_policy_not_loaded",
          "This API key names a policy that this gateway has not loaded: it reads its policies"
              + " only at start. Nothing was sent upstream; restart the gateway.", null);
    };
  }

  private static Response.Json invalidKey(String message) {
    return Response.error(401, "invalid_request_error", "invalid_api_key", message, null);
  }
}
