package dev.veil.cli;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.api.Gateway;
import dev.veil.auth.ApiKeys;
import dev.veil.config.ConfigLoader;
import dev.veil.limits.LimitsConfig;
import dev.veil.limits.LimitsConfig.Budget;
import dev.veil.limits.Spending;
import dev.veil.policy.Policy;
import dev.veil.store.ApiKeyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veil keys create|list|set|revoke}: manages virtual API keys. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Create, list and revoke API keys.")
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (create, list, set, revoke)");
  }

  /** Prints the new key, and only the key, on stdout. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a key and print it (shown only once).")
  static final class Create implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--models", paramLabel = "a,b", split = ",",
        description = "Models the key may use (default: all).")
    List<String> models;

    @Option(names = "--expires", paramLabel = "DURATION",
        description = "Lifetime, e.g. 30d, 12h (default: no expiry).")
    String expires;

    @Option(names = "--policy", paramLabel = "NAME",
        description = "Policy from veil.yaml to apply to the key's requests (default: default).")
    String policy;

    @Option(names = "--owner", paramLabel = "USER",
        description = "Admin user the key belongs to (a developer sees and manages its own keys).")
    String owner;

    @Option(names = "--team", paramLabel = "TEAM", description = "Team the key belongs to.")
    String team;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Create(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--name must be 1 to 100 letters, digits, '.', '_' or '-'");
      }
      Duration lifetime = null;
      if (expires != null) {
        try {
          lifetime = ConfigLoader.parseDuration(expires);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--expires: '" + expires + "' is not a duration (use e.g. 30d, 12h, 90m)");
        }
      }
      List<String> scope = models == null ? List.of()
          : models.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
      Duration finalLifetime = lifetime;
      if (policy != null && !Gateway.policies(common.load(env, Map.of())).contains(policy)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--policy: no policy named '" + policy + "' in the configuration");
      }
      for (String[] label : new String[][] {{"--owner", owner}, {"--team", team}}) {
        if (label[1] != null && !label[1].matches("[a-z0-9][a-z0-9._-]{0,63}")) {
          throw new CommandLine.ParameterException(spec.commandLine(), label[0]
              + " must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        }
      }
      String key = OpsSupport.with(common, env, ops -> {
        if (owner != null && ops.adminAccounts(e -> { }).find(owner).isEmpty()) {
          throw new IllegalArgumentException("--owner: no admin user named '" + owner
              + "'; add one with 'veil users add'");
        }
        ApiKeys.Created created = ops.apiKeys().create(name, scope, finalLifetime, policy, owner,
            team);
        AuditEvent event = ops.event(OpsSupport.actor(), AuditAction.API_KEY_CREATED,
            "apikey:" + created.record().id(), "").with("name", name)
            .with("policy", policy == null ? Policy.DEFAULT_NAME : policy);
        event = owner == null ? event : event.with("owner", owner);
        ops.auditLog().append(team == null ? event : event.with("team", team));
        return created.key();
      });
      spec.commandLine().getOut().println(key);
      if (policy != null) {
        spec.commandLine().getErr().println("veil: a gateway that is already running knows only"
            + " the policies it started with; restart it if policy '" + policy + "' is new");
      }
      return 0;
    }
  }

  /**
   * Lists keys: name, prefix, models, policy, owner, team, expiry, last use, state, and what each
   * spent this UTC day and month against its key budget.
   */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys.")
  static final class ListKeys implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    ListKeys(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      record Listed(List<ApiKeyRecord> keys, Map<String, Spending.Spent> spent, Budget budget) {}
      Listed listed = OpsSupport.with(common, env, ops -> new Listed(ops.apiKeys().list(),
          Spending.byKey(ops.database().dataSource(), ops.clock()),
          LimitsConfig.of(ops.config()).keyBudget()));
      var out = spec.commandLine().getOut();
      String row = "%-24s %-14s %-24s %-16s %-16s %-16s %-22s %-22s %-8s %-24s %s%n";
      out.printf(row, "NAME", "PREFIX", "MODELS", "POLICY", "OWNER", "TEAM", "EXPIRES",
          "LAST USED", "STATE", "TODAY", "THIS MONTH");
      List<ApiKeyRecord> all = listed.keys();
      Instant now = Instant.now();
      for (ApiKeyRecord k : all) {
        String state = k.revokedAt() != null ? "revoked"
            : k.expiresAt() != null && !now.isBefore(k.expiresAt()) ? "expired" : "active";
        out.printf(row, k.name(), k.prefix() + "…",
            k.models().isEmpty() ? "*" : String.join(",", k.models()),
            k.policy() == null ? Policy.DEFAULT_NAME : k.policy(), orDash(k.owner()),
            orDash(k.team()), show(k.expiresAt()), show(k.lastUsedAt()), state,
            listed.spent().getOrDefault(k.id(), Spending.Spent.NONE).text(listed.budget(), false),
            listed.spent().getOrDefault(k.id(), Spending.Spent.NONE).text(listed.budget(), true));
      }
      return 0;
    }

    private static String orDash(String s) {
      return s == null ? "-" : s;
    }

    private static String show(Instant t) {
      return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
  }

  /** Gives a key a new owner, team or policy. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Change a key's owner, team or policy (every node applies it within 1 s).")
  static final class Change implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @Parameters(paramLabel = "NAME", description = "The key's name.") String name;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--owner", paramLabel = "USER", description = "New owner (an admin user).")
    String owner;

    @Option(names = "--no-owner", description = "Remove the owner.")
    boolean noOwner;

    @Option(names = "--team", paramLabel = "TEAM", description = "New team.")
    String team;

    @Option(names = "--no-team", description = "Remove the team.")
    boolean noTeam;

    @Option(names = "--policy", paramLabel = "NAME",
        description = "New policy (one in the configuration; 'default' for the default).")
    String policy;

    Change(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if ((owner != null && noOwner) || (team != null && noTeam)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "give --owner or --no-owner, --team or --no-team, not both");
      }
      if (owner == null && !noOwner && team == null && !noTeam && policy == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "nothing to change: give --owner, --no-owner, --team, --no-team or --policy");
      }
      if (policy != null && !Gateway.policies(common.load(env, Map.of())).contains(policy)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--policy: no policy named '" + policy + "' in the configuration");
      }
      ApiKeyRecord changed = OpsSupport.with(common, env, ops -> {
        ApiKeys keys = ops.apiKeys();
        ApiKeyRecord k = keys.list().stream().filter(r -> r.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no key named '" + name + "'"));
        String newOwner = noOwner ? null : owner != null ? owner : k.owner();
        String newTeam = noTeam ? null : team != null ? team : k.team();
        if (owner != null && ops.adminAccounts(e -> { }).find(owner).isEmpty()) {
          throw new IllegalArgumentException("--owner: no admin user named '" + owner
              + "'; add one with 'veil users add'");
        }
        // the team first: its name is checked there, an owner was checked above
        if (team != null || noTeam) {
          keys.setTeam(name, newTeam);
        }
        if (owner != null || noOwner) {
          keys.setOwner(name, newOwner);
        }
        String newPolicy = policy != null ? policy
            : k.policy() == null ? Policy.DEFAULT_NAME : k.policy();
        if (policy != null) {
          keys.setPolicy(name, policy.equals(Policy.DEFAULT_NAME) ? null : policy);
        }
        ops.auditLog().append(ops.event(OpsSupport.actor(), AuditAction.API_KEY_CHANGED,
            "apikey:" + k.id(), "").with("name", name)
            .with("owner", newOwner == null ? "" : newOwner)
            .with("team", newTeam == null ? "" : newTeam).with("policy", newPolicy));
        return keys.list().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
      });
      spec.commandLine().getErr().println("veil: '" + name + "' now has owner "
          + (changed.owner() == null ? "-" : changed.owner()) + ", team "
          + (changed.team() == null ? "-" : changed.team()) + " and policy "
          + (changed.policy() == null ? Policy.DEFAULT_NAME : changed.policy()));
      return 0;
    }
  }

  /** Revokes a key by name. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key.")
  static final class Revoke implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @Parameters(paramLabel = "NAME", description = "The key's name.") String name;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Revoke(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      boolean revoked = OpsSupport.with(common, env, ops -> {
        ApiKeys keys = ops.apiKeys();
        Optional<ApiKeyRecord> target = keys.list().stream()
            .filter(k -> k.name().equals(name) && k.revokedAt() == null).findFirst();
        if (target.isEmpty() || !keys.revoke(name)) {
          return false;
        }
        ops.auditLog().append(ops.event(OpsSupport.actor(), AuditAction.API_KEY_REVOKED,
            "apikey:" + target.get().id(), "").with("name", name));
        return true;
      });
      if (!revoked) {
        spec.commandLine().getErr().println("veil: no active key named '" + name + "'");
        return 1;
      }
      spec.commandLine().getErr().println("veil: revoked '" + name + "'");
      return 0;
    }
  }

}
