package dev.veil.cli;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditLog;
import dev.veil.audit.ExportReport;
import dev.veil.audit.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veil audit verify|prove|consistency|export|tree-head}: the tamper-evident log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Verify, prove and export the audit log.")
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (verify, prove, consistency, export, tree-head)");
  }

  /**
   * Recomputes the log (or, with {@code --bundle}, an exported bundle against an independently
   * obtained public key) and prints the report as JSON; exits 1 when it is not valid.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recompute the log and check every signed tree head.")
  static final class Verify implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "DIR",
        description = "Verify an exported bundle offline instead of the database.")
    Path bundle;

    @Option(names = "--public-key", paramLabel = "FILE",
        description = "The log's public key (PEM), obtained independently of the bundle.")
    Path publicKey;

    Verify(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if ((bundle == null) != (publicKey == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--bundle and --public-key go together");
      }
      VerificationReport r;
      if (bundle != null) {
        if (!Files.isDirectory(bundle) || !Files.isRegularFile(publicKey)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--bundle must be a directory and --public-key a file");
        }
        r = AuditLog.verifyBundle(bundle, publicKey);
      } else {
        r = OpsSupport.with(common, env, ops -> ops.auditLog().verify());
      }
      spec.commandLine().getOut().println(r.toJson());
      if (!r.valid()) {
        spec.commandLine().getErr().println("veil: the audit log does NOT verify"
            + (r.firstBadIndex() == null ? "" : "; first bad index " + r.firstBadIndex()));
        return 1;
      }
      return 0;
    }
  }

  /** Prints an inclusion proof for entry N against the latest signed tree head, as JSON. */
  @Command(name = "prove", mixinStandardHelpOptions = true,
      description = "Print an inclusion proof for one entry.")
  static final class Prove implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "N", description = "Entry index.")
    long index;

    Prove(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if (index < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--index must be >= 0");
      }
      String json = OpsSupport.with(common, env, ops -> {
        AuditLog log = ops.auditLog();
        if (index >= log.size()) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--index " + index + " is past the end of the log (" + log.size() + " entries)");
        }
        if (log.latestTreeHead().map(h -> h.treeSize() <= index).orElse(true)) {
          log.issueTreeHead();
        }
        return log.prove(index).toJson();
      });
      spec.commandLine().getOut().println(json);
      return 0;
    }
  }

  /** Prints a consistency proof between the trees of the first M and N entries, as JSON. */
  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Print a consistency proof between two tree sizes.")
  static final class Consistency implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "M", description = "Older size.")
    long from;

    @Option(names = "--to", required = true, paramLabel = "N", description = "Newer size.")
    long to;

    Consistency(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      if (from < 0 || to < from) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "need 0 <= --from <= --to");
      }
      String json = OpsSupport.with(common, env, ops -> {
        long size = ops.auditLog().size();
        if (to > size) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--to " + to + " is past the end of the log (" + size + " entries)");
        }
        return ops.auditLog().consistency(from, to).toJson();
      });
      spec.commandLine().getOut().println(json);
      return 0;
    }
  }

  /** Writes a bundle (entries, signed tree heads, public key, manifest) for offline checks. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write entries, signed tree heads and the public key to a directory.")
  static final class Export implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Bundle directory (created if missing).")
    Path out;

    Export(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      String json = OpsSupport.with(common, env, ops -> {
        ExportReport r = ops.auditLog().export(out);
        ops.auditLog().append(ops.event(OpsSupport.actor(), AuditAction.AUDIT_EXPORTED,
                "audit-log", "")
            .with("entries", Long.toString(r.entries()))
            .with("tree_size", Long.toString(r.treeHead().treeSize())));
        return r.toJson();
      });
      spec.commandLine().getOut().println(json);
      return 0;
    }
  }

  /** Issues a signed tree head now and prints it. */
  @Command(name = "tree-head", mixinStandardHelpOptions = true,
      description = "Sign a tree head over everything logged so far.")
  static final class TreeHead implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    TreeHead(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      String json = OpsSupport.with(common, env, ops -> ops.auditLog().issueTreeHead().toJson());
      spec.commandLine().getOut().println(json);
      return 0;
    }
  }
}
