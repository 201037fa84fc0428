package dev.veil.cli;

import dev.veil.api.Gateway;
import dev.veil.config.ConfigException;
import dev.veil.config.VeilConfig;
import dev.veil.limits.LimitsConfig;
import dev.veil.policy.Policies;
import dev.veil.provider.UpstreamHttp;
import dev.veil.provider.Upstreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code veil config check}: works with the configuration without starting a gateway. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Check a configuration file.")
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check");
  }

  /**
   * Validates what {@code serve} would validate before it opens anything: the file (known keys,
   * types, ranges), the policies, rate limits, budgets and prices, the providers and the model
   * routes (and that each provider's API key variable is set), and that configured TLS files are
   * readable. It connects to nothing: no store, no KEK, no Redis, no provider.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate the configuration without starting; exit 0 when valid.")
  static final class Check implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Check(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      VeilConfig config = common.load(env, Map.of());
      Policies policies = Gateway.policies(config);
      LimitsConfig limits = LimitsConfig.of(config);
      try (UpstreamHttp http = UpstreamHttp.create(config.timeouts().connect())) {
        Upstreams.create(config, env, http);
      }
      for (Path file : new Path[] {config.server().certFile(), config.server().keyFile()}) {
        if (file != null && !Files.isReadable(file)) {
          throw new ConfigException(config.source(), "server.tls",
              "names " + file + ", which cannot be read", "give a readable PEM file");
        }
      }
      spec.commandLine().getOut().println("veil: " + config.source() + " is valid: "
          + config.providers().size() + " provider(s), " + config.models().size()
          + " model route(s), " + policies.names().size() + " polic"
          + (policies.names().size() == 1 ? "y" : "ies") + ", rate limits "
          + (limits.rateLimited() ? "on" : "off") + ", budgets "
          + (limits.budgeted() ? "on" : "off"));
      return 0;
    }
  }
}
