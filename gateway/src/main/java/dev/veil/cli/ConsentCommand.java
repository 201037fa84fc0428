package dev.veil.cli;

import dev.veil.admin.Operations;
import dev.veil.consent.ConsentEntry;
import dev.veil.consent.ConsentState;
import dev.veil.consent.ConsentSubject;
import dev.veil.store.ApiKeyRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veil consent set|show}: training-use consent of end users and API keys. */
@Command(name = "consent", mixinStandardHelpOptions = true,
    description = "Record and show training-use consent.")
final class ConsentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (set, show)");
  }

  /** Whose consent: exactly one of an end user id and an API key name. */
  static final class Who {
    @Option(names = "--user", paramLabel = "ID", required = true,
        description = "End user id (the request's user field or X-Veil-End-User).")
    String user;

    @Option(names = "--key", paramLabel = "NAME", required = true,
        description = "API key name.")
    String key;

    ConsentSubject subject(Operations ops) throws Exception {
      if (user != null) {
        return ConsentSubject.endUser(ops.tenant(), user);
      }
      ApiKeyRecord k = ops.apiKeys().list().stream().filter(r -> r.name().equals(key))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("no API key named '" + key
              + "'"));
      return ConsentSubject.apiKey(ops.tenant(), k.id());
    }
  }

  /** Whether consent is given. */
  static final class Decision {
    @Option(names = "--granted", required = true, description = "Consent is given.")
    boolean granted;

    @Option(names = "--denied", required = true, description = "Consent is refused.")
    boolean denied;
  }

  /** Records a decision (history is kept) and prints the new entry as JSON. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Record a consent decision for an end user or an API key.")
  static final class Set implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "1") Who who;
    @ArgGroup(exclusive = true, multiplicity = "1") Decision decision;

    Set(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      ConsentState state = decision.granted ? ConsentState.GRANTED : ConsentState.DENIED;
      Map<String, Object> out = OpsSupport.with(common, env, ops -> {
        ConsentSubject subject = who.subject(ops);
        String actor = OpsSupport.actor();
        ops.auditLog().append(ops.consentEvent(actor, subject, state, ""));
        return entry(ops.consent().record(subject, state, actor, "cli"));
      });
      spec.commandLine().getOut().println(OpsSupport.json(out));
      return 0;
    }
  }

  /** Prints the current decision and its history as JSON. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show the consent of an end user or an API key, with its history.")
  static final class Show implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "1") Who who;

    Show(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      Map<String, Object> out = OpsSupport.with(common, env, ops -> {
        ConsentSubject subject = who.subject(ops);
        List<Map<String, Object>> history = new ArrayList<>();
        for (ConsentEntry e : ops.consent().history(subject)) {
          history.add(entry(e));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current", ops.consent().current(subject).name().toLowerCase());
        m.put("history", history);
        return m;
      });
      spec.commandLine().getOut().println(OpsSupport.json(out));
      return 0;
    }
  }

  static Map<String, Object> entry(ConsentEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().name().toLowerCase());
    m.put("seq", e.seq());
    m.put("decision", e.decision().name().toLowerCase());
    m.put("actor", e.actor());
    m.put("source", e.source());
    m.put("changed_at", e.changedAt().toString());
    return m;
  }
}
