package dev.veil.provider;

import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the request's model to its provider once, for every later guard and the upstream call
 * ({@link #ROUTE}); a model that is not configured is refused with 404 {@code model_not_found}.
 */
public final class RouteGuard implements Guard {

  /** The route of the request's model. */
  public static final Exchange.Key<Upstreams.Route> ROUTE = Exchange.Key.of("route",
      Upstreams.Route.class);

  private final Upstreams upstreams;

  public RouteGuard(Upstreams upstreams) {
    this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
  }

  @Override
  public String name() {
    return "route";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    Optional<Upstreams.Route> route = upstreams.route(request.model());
    if (route.isEmpty()) {
      return Upstreams.unknownModel(request.model());
    }
    chain.exchange().put(ROUTE, route.get());
    return chain.proceed(request);
  }
}
