package dev.veil.policy;

import java.util.Locale;

/** A part of a request whose text a policy may scan. */
public enum ScanPart {
  /** Content of {@code system} and {@code developer} messages. */
  SYSTEM,
  /** Content of {@code user} messages and of a {@code prediction}. */
  USER,
  /** Content and refusals of {@code assistant} messages (the conversation history). */
  ASSISTANT,
  /** Results of tool and function calls ({@code tool} and {@code function} messages). */
  TOOL,
  /** Arguments of {@code tool_calls} and legacy {@code function_call} in assistant messages. */
  TOOL_ARGUMENTS,
  /** The {@code input} of an embeddings request. */
  EMBEDDINGS;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
