package dev.veil.cli;

import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that reads the configuration shares. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (default: ./veil.yaml if it exists).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default:"
      + " ./veil-data).")
  Path dataDir;

  /** Loads the configuration with these flags applied on top of file and environment. */
  VeilConfig load(Map<String, String> env, Map<String, String> extraFlags) {
    Map<String, String> flags = new HashMap<>(extraFlags);
    if (dataDir != null) {
      flags.put("data_dir", dataDir.toString());
    }
    Path file = config;
    if (file == null && Files.isRegularFile(Path.of("veil.yaml"))) {
      file = Path.of("veil.yaml");
    }
    return ConfigLoader.load(file, env, flags);
  }
}
