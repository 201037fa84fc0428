package dev.veil.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code veil} command. The command tree is assembled in {@link #commandLine}: add new
 * subcommands there.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 unknown command or bad flag.
 */
@Command(
    name = "veil",
    mixinStandardHelpOptions = true,
    version = "veil 0.1.0",
    description = "A gateway that keeps personal data and secrets from leaving in AI API calls.")
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        System.getenv()));
  }

  /** Runs the command line with the given streams and environment; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return run(args, System.in, out, err, env);
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter, Map)}, reading input (passwords) from
   * {@code in}.
   */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err,
      Map<String, String> env) {
    return commandLine(env, in).setOut(out).setErr(err).execute(args);
  }

  /** The full command tree. */
  static CommandLine commandLine(Map<String, String> env, InputStream in) {
    CommandLine cl = new CommandLine(new Main())
        .addSubcommand("help", new CommandLine.HelpCommand())
        .addSubcommand(new ServeCommand(env))
        .addSubcommand(new ScanCommand())
        .addSubcommand(new CommandLine(new ConfigCommand())
            .addSubcommand(new ConfigCommand.Check(env)))
        .addSubcommand(new CommandLine(new KeysCommand())
            .addSubcommand(new KeysCommand.Create(env))
            .addSubcommand(new KeysCommand.ListKeys(env))
            .addSubcommand(new KeysCommand.Change(env))
            .addSubcommand(new KeysCommand.Revoke(env)))
        .addSubcommand(new CommandLine(new KmsCommand())
            .addSubcommand(new KmsCommand.Rotate(env))
            .addSubcommand(new KmsCommand.Versions(env))
            .addSubcommand(new KmsCommand.SetPassphrase(env)))
        .addSubcommand(new CommandLine(new RetentionCommand())
            .addSubcommand(new RetentionCommand.Run(env)))
        .addSubcommand(new CommandLine(new ExportCommand())
            .addSubcommand(new ExportCommand.Training(env)))
        .addSubcommand(new CommandLine(new AuditCommand())
            .addSubcommand(new AuditCommand.Verify(env))
            .addSubcommand(new AuditCommand.Prove(env))
            .addSubcommand(new AuditCommand.Consistency(env))
            .addSubcommand(new AuditCommand.Export(env))
            .addSubcommand(new AuditCommand.TreeHead(env)))
        .addSubcommand(new CommandLine(new UsersCommand())
            .addSubcommand(new UsersCommand.Add(env, in))
            .addSubcommand(new UsersCommand.ListUsers(env))
            .addSubcommand(new UsersCommand.Disable(env))
            .addSubcommand(new UsersCommand.Enable(env))
            .addSubcommand(new UsersCommand.ResetPassword(env, in))
            .addSubcommand(new UsersCommand.ResetMfa(env)))
        .addSubcommand(new CommandLine(new ConsentCommand())
            .addSubcommand(new ConsentCommand.Set(env))
            .addSubcommand(new ConsentCommand.Show(env)));
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("veil: " + describe(ex));
      c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
      return CommandLine.ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("veil: " + ex.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cl;
  }

  private static String describe(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      return (first.startsWith("-") ? "unknown option '" : "unknown command '") + first + "'";
    }
    return ex.getMessage();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required (serve, config, keys, scan, kms, retention, export, audit, users,"
            + " consent)");
  }
}
