package dev.veil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.json.Jackson;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The admin listener's routes: {@code /healthz} (the process is up), {@code /readyz} (every
 * part a request needs answers: the store, the key-encryption key, the counters in Redis when
 * limits fail closed) and {@code /metrics} (Prometheus text format).
 *
 * <h2>Security</h2>
 * Metric labels are fixed vocabularies (endpoint, status class); they never carry values from
 * requests, so {@code /metrics} reveals traffic volume and nothing else.
 */
public final class AdminRoutes {
  private AdminRoutes() {}

  /**
   * Adds the routes to a listener's configuration.
   *
   * @param readiness what {@code /readyz} checks, by name, in order; each answers whether that
   *     part works now. The answer is 200 when all do, else 503, and names each part's state
   *     ({@code ok} or {@code unavailable}), never why (a cause may name an address or a key)
   */
  public static void install(JavalinConfig config, Map<String, BooleanSupplier> readiness,
      PrometheusMeterRegistry meters) {
    config.routes.get("/healthz", ctx -> ctx.contentType("application/json")
        .result("{\"status\":\"ok\"}"));
    config.routes.get("/readyz", ctx -> {
      ObjectNode body = Jackson.MAPPER.createObjectNode();
      ObjectNode checks = Jackson.MAPPER.createObjectNode();
      boolean ready = true;
      for (Map.Entry<String, BooleanSupplier> check : readiness.entrySet()) {
        boolean ok;
        try {
          ok = check.getValue().getAsBoolean();
        } catch (RuntimeException e) {
          ok = false;
        }
        checks.put(check.getKey(), ok ? "ok" : "unavailable");
        ready &= ok;
      }
      body.put("status", ready ? "ready" : "not ready");
      body.set("checks", checks);
      ctx.status(ready ? 200 : 503).contentType("application/json").result(body.toString());
    });
    config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4")
        .result(meters.scrape()));
  }
}
