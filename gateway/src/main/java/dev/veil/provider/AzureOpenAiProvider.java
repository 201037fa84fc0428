package dev.veil.provider;

import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Azure OpenAI: the deployment (the model's {@code upstream_model}) is part of the URL, {@code
 * <base_url>/openai/deployments/<deployment>/<operation>?api-version=<api_version>}, and the key
 * goes in the {@code api-key} header. Everything else is as for {@link OpenAiProvider}.
 */
public final class AzureOpenAiProvider extends OpenAiProvider {
  private final String base;
  private final String apiVersion;

  public AzureOpenAiProvider(VeilConfig.ProviderConfig config, String apiKey, UpstreamHttp http,
      VeilConfig.Timeouts timeouts) {
    super(config, apiKey, http, timeouts);
    this.base = config.baseUrl().toString();
    this.apiVersion = URLEncoder.encode(config.apiVersion(), StandardCharsets.UTF_8);
  }

  /** Only {@link VeilConfig.ProviderConfig#validAzureDeployment valid deployment names}. */
  @Override
  public boolean acceptsModel(String upstreamModel) {
    return VeilConfig.ProviderConfig.validAzureDeployment(upstreamModel);
  }

  @Override
  protected String modelField(String upstreamModel) {
    return null;
  }

  @Override
  protected URI endpoint(String operation, String upstreamModel) {
    if (!acceptsModel(upstreamModel)) {
      throw new IllegalArgumentException("invalid Azure deployment name");
    }
    return URI.create(base + "/openai/deployments/" + upstreamModel + "/" + operation
        + "?api-version=" + apiVersion);
  }

  @Override
  protected URI modelsEndpoint() {
    return URI.create(base + "/openai/models?api-version=" + apiVersion);
  }

  @Override
  protected List<String> credentials(String key) {
    return List.of("api-key", key);
  }

  /** Azure serves the Responses API outside its deployment URLs; not supported here yet. */
  @Override
  public Response responses(Request request, String upstreamModel, Exchange exchange) {
    return Response.error(400, "invalid_request_error", "veil_endpoint_not_supported",
        "Veil does not send the Responses API to azure-openai providers yet; use"
            + " /v1/chat/completions.", null);
  }

  /** Azure has no moderation endpoint among its deployments' operations. */
  @Override
  public Response moderations(Request request, String upstreamModel, Exchange exchange) {
    return Response.error(400, "invalid_request_error", "veil_endpoint_not_supported",
        "Veil does not send /v1/moderations to azure-openai providers.", null);
  }

  /** Azure's URLs do not follow OpenAI's layout, so a path cannot be relayed as it is. */
  @Override
  public UpstreamHttp.Call relay(String method, String path, String rawQuery,
      List<String> headers, byte[] body) throws UpstreamException {
    throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
        "provider " + name() + " (azure-openai) cannot relay unprotected requests");
  }
}
