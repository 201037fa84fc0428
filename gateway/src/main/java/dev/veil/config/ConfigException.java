package dev.veil.config;

/**
 * A configuration problem. The message names the file, the key and the fix, e.g. {@code
 * veil.yaml: server.listen: "8443" is not HOST:PORT; write e.g. 127.0.0.1:8443}.
 */
public final class ConfigException extends RuntimeException {
  private final String key;
  private final String rest;

  public ConfigException(String source, String key, String problem, String fix) {
    this(source, key, problem + "; " + fix);
  }

  private ConfigException(String source, String key, String rest) {
    super(source + ": " + key + ": " + rest);
    this.key = key;
    this.rest = rest;
  }

  /** The key path the problem is about, e.g. {@code server.listen}. */
  public String key() {
    return key;
  }

  /** The same problem, said to come from {@code source} (where the value was really set). */
  ConfigException from(String source) {
    ConfigException moved = new ConfigException(source, key, rest);
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
