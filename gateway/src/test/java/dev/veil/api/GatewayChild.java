package dev.veil.api;

import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real gateway in a process of its own, for tests that kill it: plain HTTP on an ephemeral port,
 * the data directory and extra {@code veil.yaml} lines from the arguments, the built-in {@code
 * inspect} provider unless those lines name others (whose keys come from this process's
 * environment). Prints {@code PORT <n>} and {@code KEY <api key>}, then serves until killed.
 */
public final class GatewayChild {
  private GatewayChild() {}

  /** Arguments: data directory, then {@code veil.yaml} lines to add (e.g. a section). */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path yaml = dir.resolve("veil.yaml");
    StringBuilder config = new StringBuilder("""
        server:
          listen: 127.0.0.1:0
          plain_http: true
        admin:
          listen: 127.0.0.1:0
        kek:
          development_mode: true
        """);
    for (int i = 1; i < args.length; i++) {
      config.append(args[i]).append('\n');
    }
    Files.writeString(yaml, config);
    VeilConfig veil = ConfigLoader.load(yaml, Map.of(), Map.of("data_dir", dir.toString()));
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Gateway gateway = Gateway.start(veil, System.getenv(), quiet);
    String key = gateway.keys().create("child", List.of(), null).key();
    System.out.println("PORT " + gateway.apiPort());
    System.out.println("KEY " + key);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
