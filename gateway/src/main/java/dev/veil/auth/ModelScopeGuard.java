package dev.veil.auth;

import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;

/**
 * Refuses a model that the API key may not use with 403 {@code model_not_permitted}. Runs after
 * routing, so that a model nobody can use is a 404 for every key.
 */
public final class ModelScopeGuard implements Guard {

  @Override
  public String name() {
    return "model-scope";
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    if (!Principal.of(chain.exchange()).mayUse(request.model())) {
      return Response.error(403, "permission_error", "model_not_permitted",
          "This API key may not use the model '" + request.model() + "'.", "model");
    }
    return chain.proceed(request);
  }
}
