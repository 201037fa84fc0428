package dev.veil.config;

/**
 * A configuration problem. The message names the file, the key and the fix, e.g. {@code
 * veil.yaml: server.listen: "8443" is not HOST:PORT; write e.g. 127.0.0.1:8443}.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String source, String key, String problem, String fix) {
    super(source + ": " + key + ": " + problem + "; " + fix);
  }
}
