package dev.veil.provider;

import dev.veil.config.ConfigException;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Pipeline;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured providers and the model routes to them; also the end of the guard pipeline
 * ({@link #call}), which sends a request to the provider that {@link RouteGuard} chose.
 */
public final class Upstreams implements Pipeline.Terminal {
  /** What the metadata record says for a model name that only the {@code "*"} route accepted. */
  public static final String UNLISTED_MODEL = "*";
  private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);
  private final VeilConfig config;
  private final Map<String, Provider> providers;
  private final java.util.Set<String> named;

  /**
   * A model name resolved to its provider and upstream name.
   *
   * @param model the name the client asked for
   * @param recordedModel what the metadata record says: {@code model} if a route names it,
   *     {@link #UNLISTED_MODEL} if only the {@code "*"} route accepted it
   */
  public record Route(String model, String recordedModel, Provider provider, String upstreamModel) {}

  private Upstreams(VeilConfig config, Map<String, Provider> providers) {
    this.config = config;
    this.providers = providers;
    this.named = java.util.Set.copyOf(modelNames());
  }

  /**
   * Builds the providers of {@code config}, reading their credentials from the environment or
   * files now, so that a missing secret stops start-up rather than the first request.
   *
   * @throws ConfigException if a referenced secret is missing
   */
  public static Upstreams create(VeilConfig config, Map<String, String> env, UpstreamHttp http) {
    Map<String, Provider> providers = new LinkedHashMap<>();
    for (VeilConfig.ProviderConfig p : config.providers()) {
      Provider provider = switch (p.type()) {
        case "inspect" -> new InspectProvider(p.name());
        case "azure-openai" -> new AzureOpenAiProvider(p, secret(config, p, env), http,
            config.timeouts());
        default -> new OpenAiProvider(p, secret(config, p, env), http, config.timeouts());
      };
      providers.put(p.name(), provider);
    }
    return new Upstreams(config, providers);
  }

  /** Builds the upstreams with explicit providers (for tests and embedding). */
  public static Upstreams of(VeilConfig config, List<Provider> providers) {
    Map<String, Provider> map = new LinkedHashMap<>();
    providers.forEach(p -> map.put(p.name(), p));
    return new Upstreams(config, map);
  }

  private static String secret(VeilConfig config, VeilConfig.ProviderConfig p,
      Map<String, String> env) {
    String at = "providers[" + config.providers().indexOf(p) + "]";
    if (p.apiKeyEnv() != null) {
      String v = env.get(p.apiKeyEnv());
      if (v == null || v.isBlank()) {
        throw new ConfigException(config.source(), at + ".api_key_env",
            "the environment variable " + p.apiKeyEnv() + " is not set",
            "export " + p.apiKeyEnv() + " before starting Veil, or remove api_key_env");
      }
      return v.strip();
    }
    if (p.apiKeyFile() != null) {
      try {
        String v = Files.readString(p.apiKeyFile(), StandardCharsets.UTF_8).strip();
        if (v.isEmpty()) {
          throw new IOException("empty");
        }
        return v;
      } catch (IOException e) {
        throw new ConfigException(config.source(), at + ".api_key_file",
            "cannot read a key from " + p.apiKeyFile(),
            "check that the file exists, is readable and holds the key");
      }
    }
    return null;
  }

  /** The route for a model name, if it is configured. */
  public Optional<Route> route(String model) {
    return config.model(model).map(m -> new Route(model, recordedModel(model),
        providers.get(m.provider()), m.upstreamModel() == null ? model : m.upstreamModel()));
  }

  /**
   * The model name kept in a request's metadata record: the name itself when it is configured,
   * else {@value #UNLISTED_MODEL}, the entry that routed it. A {@code "*"} route accepts any string
   * as a model name, and a client's free-form string may hold anything, so it is not stored.
   */
  private String recordedModel(String model) {
    return named.contains(model) ? model : UNLISTED_MODEL;
  }

  /** The model names clients can ask for (wildcard entries excluded). */
  public List<String> modelNames() {
    return config.models().stream().map(VeilConfig.ModelConfig::name)
        .filter(n -> !n.equals("*")).toList();
  }

  /** The provider named {@code name}, or null (also for a null name). */
  public Provider provider(String name) {
    return name == null ? null : providers.get(name);
  }

  /**
   * The providers that serve {@code models}, each through its route (the {@code "*"} route
   * included); every configured route's provider when {@code models} is empty, the scope of a key
   * that may use any model. Used where a request names no model (a stored response's id).
   */
  public java.util.Set<Provider> providersOf(List<String> models) {
    java.util.Set<Provider> found = new java.util.LinkedHashSet<>();
    if (models.isEmpty()) {
      config.models().forEach(m -> found.add(providers.get(m.provider())));
    } else {
      models.forEach(name -> route(name).ifPresent(r -> found.add(r.provider())));
    }
    return found;
  }

  /** The provider that a {@code "*"} model route sends every other name to, if any. */
  public Optional<Provider> wildcardProvider() {
    return config.models().stream().filter(m -> m.name().equals("*")).findFirst()
        .map(m -> providers.get(m.provider()));
  }

  /**
   * Sends the request to the provider of its {@linkplain RouteGuard#ROUTE route}. A request that
   * no route guard has routed is refused as an unknown model: nothing is sent.
   */
  @Override
  public Response call(Request request, Exchange exchange) {
    Route route = exchange.get(RouteGuard.ROUTE);
    if (route == null || !route.model().equals(request.model())) {
      return unknownModel(request.model());
    }
    Provider provider = route.provider();
    if (!provider.acceptsModel(route.upstreamModel())) {
      return Response.error(400, "invalid_request_error", "invalid_model",
          "The model name is not valid for its provider: use letters, digits, '.', '_' and '-'.",
          "model");
    }
    exchange.put(Provider.SERVED_BY, provider.name());
    if (provider.showsProtectedRequest()) {
      exchange.put(Provider.INSPECTION, true);
    }
    Response answer;
    try {
      answer = switch (request.endpoint()) {
        case CHAT_COMPLETIONS -> provider.chat(request, route.upstreamModel(), exchange);
        case EMBEDDINGS -> provider.embeddings(request, route.upstreamModel(), exchange);
        case COMPLETIONS -> provider.completions(request, route.upstreamModel(), exchange);
        case RESPONSES -> provider.responses(request, route.upstreamModel(), exchange);
        case MODERATIONS -> provider.moderations(request, route.upstreamModel(), exchange);
      };
    } catch (UpstreamException e) {
      exchange.put(Provider.FAILURE, e.kind().code());
      LOG.warn("request {}: provider {} failed: {} ({})", exchange.requestId(), provider.name(),
          e.statusClass(), e.kind().code());
      return Response.error(e.kind().status(), "upstream_error", e.kind().code(),
          e.getMessage(), null);
    }
    if (answer.isError() && !provider.showsProtectedRequest()) {
      exchange.put(Provider.FAILURE, answer.status() >= 500 ? "refused_5xx" : "refused_4xx");
      LOG.info("request {}: provider {} refused it: HTTP {}xx (passed on to the client)",
          exchange.requestId(), provider.name(), answer.status() / 100);
    }
    return answer;
  }

  /** The 404 for a model that is not configured. */
  public static Response.Json unknownModel(String model) {
    return Response.error(404, "invalid_request_error", "model_not_found",
        "The model '" + model + "' does not exist or you do not have access to it.", "model");
  }
}
