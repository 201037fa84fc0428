package dev.veil.protect;

/** The OpenAI-compatible endpoints whose requests {@link RequestProtector} understands. */
public enum EndpointKind {
  /** {@code POST /v1/chat/completions}. */
  CHAT_COMPLETIONS,
  /** {@code POST /v1/embeddings}. */
  EMBEDDINGS,
  /** {@code POST /v1/completions}, the legacy text completion. */
  COMPLETIONS,
  /** {@code POST /v1/responses}. */
  RESPONSES,
  /** {@code POST /v1/moderations}. */
  MODERATIONS
}
