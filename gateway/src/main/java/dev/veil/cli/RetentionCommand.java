package dev.veil.cli;

import dev.veil.admin.AdminApi;
import dev.veil.retention.RetentionRun;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code veil retention run}: crypto-shreds every expired retention period now. */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = "Enforce retention now.")
final class RetentionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (run)");
  }

  /** Destroys the data keys of ended periods, deletes their rows, prints what it destroyed. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Destroy the data keys of expired periods and delete their records.")
  static final class Run implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Run(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      Map<String, Object> report = OpsSupport.with(common, env, ops -> {
        RetentionRun.Report r = ops.retentionRun().runNow();
        ops.auditLog().append(ops.retentionEvent(OpsSupport.actor(), "", r));
        return AdminApi.retentionJson(r);
      });
      spec.commandLine().getOut().println(OpsSupport.json(report));
      return 0;
    }
  }
}
