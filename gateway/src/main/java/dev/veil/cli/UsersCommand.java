package dev.veil.cli;

import dev.veil.audit.AuditAppender;
import dev.veil.auth.admin.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veil users add}: admin users. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage admin users.")
final class UsersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (add)");
  }

  /**
   * Adds an admin user who enrols TOTP at first sign-in.
   *
   * <p><b>Security:</b> the password is never an argument (it would stay in shell history and
   * the process list): it is prompted for twice on a terminal, or read as the first line of
   * standard input.
   */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add an admin user; the password is read from a prompt or stdin.")
  static final class Add implements Callable<Integer> {
    private final Map<String, String> env;
    private final InputStream in;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "User name (lower case).")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "owner, admin, auditor or developer.")
    String role;

    Add(Map<String, String> env, InputStream in) {
      this.env = env;
      this.in = in;
    }

    @Override
    public Integer call() throws Exception {
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--role: " + e.getMessage());
      }
      char[] password = readPassword();
      try {
        OpsSupport.with(common, env, ops -> {
          List<CompletableFuture<Long>> events = new ArrayList<>();
          // AdminAccounts emits its events inside its own transaction: on SQLite a synchronous
          // append from another connection would wait for that transaction's lock.
          try (AuditAppender audit = new AuditAppender(ops.auditLog(), 16, 16)) {
            ops.adminAccounts(e -> events.add(audit.append(e)))
                .addUser(null, name, r, password, "");
          }
          for (CompletableFuture<Long> f : events) {
            if (!f.isDone() || f.isCompletedExceptionally()) {
              throw new IllegalStateException("user '" + name + "' was created but its audit"
                  + " event was not committed; check the audit log");
            }
          }
          return null;
        });
      } finally {
        Arrays.fill(password, '\0');
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("user", name);
      out.put("role", r.wireName());
      out.put("mfa", "TOTP enrolment at first sign-in");
      spec.commandLine().getOut().println(OpsSupport.json(out));
      return 0;
    }

    private char[] readPassword() throws IOException {
      Console console = in == System.in ? System.console() : null;
      if (console != null) {
        char[] first = console.readPassword("Password for %s: ", name);
        char[] again = console.readPassword("Repeat it: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
          throw new IllegalArgumentException("the passwords do not match");
        }
        Arrays.fill(again, '\0');
        return first;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("no password on standard input");
      }
      return line.toCharArray();
    }
  }
}
