package dev.veil.cli;

import dev.veil.audit.AuditAppender;
import dev.veil.audit.AuditEvent;
import dev.veil.auth.admin.AdminAccounts;
import dev.veil.auth.admin.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
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

/**
 * {@code veil users add|list|disable|enable|reset-password|reset-mfa}: admin users. Every change
 * is an audit event with the actor {@code cli:<os user>}, committed before the command reports success.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage admin users.")
final class UsersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (add,"
        + " list, disable, enable, reset-password, reset-mfa)");
  }

  @FunctionalInterface
  private interface Change<T> {
    T apply(AdminAccounts accounts);
  }

  /**
   * Runs {@code change} on the admin accounts and waits for its audit events to be committed,
   * with the actor {@code cli:<os user>} where the accounts name the server itself. AdminAccounts
   * emits its events inside its own transaction: on SQLite a synchronous append from another
   * connection would wait for that transaction's lock, so they go through an appender that is
   * drained when it closes.
   */
  private static <T> T change(CommonOptions common, Map<String, String> env, String user,
      Change<T> change) throws Exception {
    return OpsSupport.with(common, env, ops -> {
      List<CompletableFuture<Long>> events = new ArrayList<>();
      T result;
      try (AuditAppender audit = new AuditAppender(ops.auditLog(), 16, 16)) {
        result = change.apply(ops.adminAccounts(e -> events.add(audit.append(
            e.actor().equals("system") ? new AuditEvent(e.time(), OpsSupport.actor(), e.action(),
                e.target(), e.source(), e.outcome(), e.details()) : e))));
      }
      for (CompletableFuture<Long> f : events) {
        if (!f.isDone() || f.isCompletedExceptionally()) {
          throw new IllegalStateException("user '" + user + "' was changed but the audit event"
              + " was not committed; check the audit log");
        }
      }
      return result;
    });
  }

  /**
   * Reads a new password without it ever being an argument (it would stay in shell history and
   * the process list): prompted for twice on a terminal, or the first line of {@code in}.
   */
  private static char[] readPassword(InputStream in, String name) throws IOException {
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

  /**
   * Adds an admin user who enrols TOTP at first sign-in.
   *
   * <p><b>Security:</b> the password is never an argument; see {@link #readPassword}.
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
      char[] password = readPassword(in, name);
      try {
        change(common, env, name, accounts -> {
          accounts.addUser(null, name, r, password, "");
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
  }

  /** Lists admin users: name, role, state, second factor; never a hash or a secret. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List admin users.")
  static final class ListUsers implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    ListUsers(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      List<AdminAccounts.UserInfo> users =
          OpsSupport.with(common, env, ops -> ops.adminAccounts(e -> { }).users());
      var out = spec.commandLine().getOut();
      String row = "%-32s %-10s %-9s %-18s %s%n";
      out.printf(row, "NAME", "ROLE", "STATE", "MFA", "CREATED");
      for (AdminAccounts.UserInfo u : users) {
        out.printf(row, u.name(), u.role().wireName(), u.disabled() ? "disabled" : "active",
            u.federated() ? "sso" : u.mfaEnrolled() ? "totp" : "enrol at sign-in",
            u.createdAt().truncatedTo(ChronoUnit.SECONDS));
      }
      return 0;
    }
  }

  /** Disables a user and ends its sessions, or enables it again. */
  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disable an admin user and end its sessions.")
  static class Disable implements Callable<Integer> {
    private final Map<String, String> env;
    private final boolean disable;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The user's name.") String name;

    Disable(Map<String, String> env) {
      this(env, true);
    }

    Disable(Map<String, String> env, boolean disable) {
      this.env = env;
      this.disable = disable;
    }

    @Override
    public Integer call() throws Exception {
      boolean changed = change(common, env, name,
          accounts -> accounts.setDisabled(null, name, disable, ""));
      String state = disable ? "disabled" : "enabled";
      spec.commandLine().getErr().println(changed ? "veil: " + state + " '" + name + "'"
          : "veil: '" + name + "' was already " + state);
      return 0;
    }
  }

  /** Enables a disabled user. */
  @Command(name = "enable", mixinStandardHelpOptions = true,
      description = "Enable a disabled admin user.")
  static final class Enable extends Disable {
    Enable(Map<String, String> env) {
      super(env, false);
    }
  }

  /** Sets a new password, read as {@link Add} reads one; ends the user's sessions. */
  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Give an admin user a new password (from a prompt or stdin) and end its"
          + " sessions.")
  static final class ResetPassword implements Callable<Integer> {
    private final Map<String, String> env;
    private final InputStream in;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The user's name.") String name;

    ResetPassword(Map<String, String> env, InputStream in) {
      this.env = env;
      this.in = in;
    }

    @Override
    public Integer call() throws Exception {
      char[] password = readPassword(in, name);
      try {
        change(common, env, name, accounts -> {
          accounts.resetPassword(null, name, password, "");
          return null;
        });
      } finally {
        Arrays.fill(password, '\0');
      }
      spec.commandLine().getErr().println("veil: new password set for '" + name + "'");
      return 0;
    }
  }

  /** Removes a user's TOTP secret and recovery codes; it enrols again at its next sign-in. */
  @Command(name = "reset-mfa", mixinStandardHelpOptions = true,
      description = "Remove an admin user's authenticator and recovery codes; it enrols a new"
          + " one at its next sign-in.")
  static final class ResetMfa implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The user's name.") String name;

    ResetMfa(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      change(common, env, name, accounts -> {
        accounts.resetMfa(null, name, "");
        return null;
      });
      spec.commandLine().getErr().println("veil: second factor removed for '" + name + "'; it"
          + " enrols a new authenticator at its next sign-in");
      return 0;
    }
  }
}
