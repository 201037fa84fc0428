package dev.veil.api;

import dev.veil.guard.Response;

/** The OpenAI-style errors the API layer itself produces. Messages never quote request content. */
final class ApiErrors {
  private ApiErrors() {}

  static Response.Json invalid(String message, String param) {
    return Response.error(400, "invalid_request_error", "invalid_request", message, param);
  }

  static Response.Json tooLarge(int limit) {
    return Response.error(413, "invalid_request_error", "request_too_large",
        "The request body is larger than the limit of " + limit + " bytes.", null);
  }

  static Response.Json unsupportedMediaType() {
    return Response.error(415, "invalid_request_error", "unsupported_media_type",
        "The request body must be JSON with Content-Type: application/json.", null);
  }

  static Response.Json notFound() {
    return Response.error(404, "invalid_request_error", "unknown_url",
        "Unknown request URL. Veil serves /v1/chat/completions, /v1/completions, /v1/embeddings"
            + " and /v1/models.",
        null);
  }

  static Response.Json methodNotAllowed() {
    return Response.error(405, "invalid_request_error", "method_not_allowed",
        "This method is not allowed on this URL.", null);
  }

  static Response.Json internal() {
    return Response.error(500, "server_error", "internal_error",
        "Veil could not handle the request; nothing was sent upstream.", null);
  }
}
