package dev.veil.admin;

import dev.veil.store.Database;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The admin listener's routes: {@code /healthz} (the process is up), {@code /readyz} (the store
 * answers) and {@code /metrics} (Prometheus text format).
 *
 * <h2>Security</h2>
 * Metric labels are fixed vocabularies (endpoint, status class); they never carry values from
 * requests, so {@code /metrics} reveals traffic volume and nothing else.
 */
public final class AdminRoutes {
  private AdminRoutes() {}

  /** Adds the routes to a listener's configuration. */
  public static void install(JavalinConfig config, Database db, PrometheusMeterRegistry meters) {
    config.routes.get("/healthz", ctx -> ctx.contentType("application/json")
        .result("{\"status\":\"ok\"}"));
    config.routes.get("/readyz", ctx -> {
      boolean ok = db.isReachable();
      ctx.status(ok ? 200 : 503).contentType("application/json")
          .result(ok ? "{\"status\":\"ready\"}" : "{\"status\":\"store unavailable\"}");
    });
    config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4")
        .result(meters.scrape()));
  }
}
