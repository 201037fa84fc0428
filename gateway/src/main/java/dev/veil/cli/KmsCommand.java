package dev.veil.cli;

import dev.veil.audit.AuditAction;
import dev.veil.config.VeilConfig;
import dev.veil.crypto.KekRotation;
import dev.veil.crypto.KekVersion;
import dev.veil.crypto.LocalKeyProvider;
import dev.veil.crypto.SecretBytes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veil kms rotate|versions|set-passphrase}: the key-encryption key. */
@Command(name = "kms", mixinStandardHelpOptions = true,
    description = "Rotate the key-encryption key, list its versions, protect it with a passphrase.")
final class KmsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (rotate, versions, set-passphrase)");
  }

  /**
   * Makes a new KEK version, rewraps every data key and sealed keyset under it (progress on
   * stderr), then with {@code --disable-old} disables the versions no key is wrapped by any more.
   * Content is not re-encrypted; a running gateway keeps serving. Prints a JSON report.
   *
   * <p>A running gateway with the local provider re-reads the keyset file at its next wrap, so it
   * wraps new data keys under the new version without a restart. A data key it made while the
   * rotation was running may still be under the old version: {@code --disable-old} only disables
   * versions that nothing is wrapped by, and {@code veil kms rotate --resume --disable-old} run
   * later catches such keys.
   */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Make a new KEK version and rewrap every data key under it.")
  static final class Rotate implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--disable-old",
        description = "Afterwards, disable every old version no key is wrapped by.")
    boolean disableOld;

    @Option(names = "--resume",
        description = "Do not make a new version; finish rewrapping under the current one.")
    boolean resume;

    Rotate(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      Map<String, Object> out = OpsSupport.with(common, env, ops -> {
        KekRotation rotation = ops.kekRotation();
        KekRotation.Report r = resume
            ? rotation.resume((what, done, total) -> progress(err, what, done, total))
            : rotation.rotate((what, done, total) -> progress(err, what, done, total));
        List<String> disabled = disableOld ? rotation.disableRetiredVersions() : List.of();
        if (!resume) {
          err.println("veil: running gateways wrap new data keys under " + r.newVersion()
              + " from their next key on; run 'veil kms rotate --resume --disable-old' later to"
              + " catch keys made during the rotation");
        }
        ops.auditLog().append(ops.event(OpsSupport.actor(), AuditAction.KEY_ROTATED,
                "kek:" + ops.kek().name(), "")
            .with("new_version", r.newVersion())
            .with("data_keys_rewrapped", Long.toString(r.dataKeysRewrapped()))
            .with("keysets_rewrapped", Long.toString(r.keysetsRewrapped()))
            .with("versions_disabled", Integer.toString(disabled.size())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", ops.kek().name());
        m.put("new_version", r.newVersion());
        m.put("data_keys_rewrapped", r.dataKeysRewrapped());
        m.put("keysets_rewrapped", r.keysetsRewrapped());
        m.put("versions_disabled", disabled);
        return m;
      });
      spec.commandLine().getOut().println(OpsSupport.json(out));
      return 0;
    }

    private static void progress(PrintWriter err, String what, long done, long total) {
      err.printf("veil: rewrapping %s: %d/%d%n", what, done, total);
      err.flush();
    }
  }

  /** Lists the KEK versions: id, state, whether primary. */
  @Command(name = "versions", mixinStandardHelpOptions = true,
      description = "List the key-encryption key's versions.")
  static final class Versions implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Versions(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      List<KekVersion> versions = OpsSupport.with(common, env, ops -> ops.kek().versions());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-40s %-10s %s%n", "VERSION", "STATE", "PRIMARY");
      for (KekVersion v : versions) {
        out.printf("%-40s %-10s %s%n", v.id(), v.state().name().toLowerCase(),
            v.primary() ? "yes" : "");
      }
      return 0;
    }
  }

  /**
   * Protects the local KEK keyset of an install made without a passphrase (development mode) with
   * the passphrase in {@value LocalKeyProvider#PASSPHRASE_ENV} or the file named by {@value
   * LocalKeyProvider#PASSPHRASE_FILE_ENV}, keeping every KEK version, so stored content, keys and
   * the audit log stay readable. Afterwards Veil starts only with that passphrase. Stop the
   * gateway first: one running in development mode cannot read the protected file.
   */
  @Command(name = "set-passphrase", mixinStandardHelpOptions = true,
      description = "Protect a local KEK made without a passphrase with the one in "
          + LocalKeyProvider.PASSPHRASE_ENV + " (or " + LocalKeyProvider.PASSPHRASE_FILE_ENV
          + "), keeping its keys. Stop the gateway first.")
  static final class SetPassphrase implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    SetPassphrase(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      VeilConfig config = common.load(env, Map.of());
      String provider = config.raw().path("kek").path("provider").asText("local");
      if (!provider.equals("local")) {
        throw new IllegalStateException("kek.provider is " + provider
            + "; only the local provider's keyset has a passphrase");
      }
      Optional<SecretBytes> passphrase = LocalKeyProvider.passphraseFrom(env);
      if (passphrase.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no passphrase: set "
            + LocalKeyProvider.PASSPHRASE_ENV + " or " + LocalKeyProvider.PASSPHRASE_FILE_ENV
            + " to the new passphrase");
      }
      int versions = LocalKeyProvider.addPassphrase(config.dataDir(), passphrase.get(),
          LocalKeyProvider.ScryptParams.DEFAULT);
      OpsSupport.with(common, env, ops -> ops.auditLog().append(ops.event(OpsSupport.actor(),
          AuditAction.KEK_PASSPHRASE_SET, "kek:" + ops.kek().name(), "")
          .with("versions", Integer.toString(versions))));
      spec.commandLine().getErr().println("veil: the local KEK is now protected by the"
          + " passphrase; start Veil with " + LocalKeyProvider.PASSPHRASE_ENV + " (or "
          + LocalKeyProvider.PASSPHRASE_FILE_ENV + ") set, and kek.development_mode is no longer"
          + " needed");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("provider", "local");
      out.put("passphrase", true);
      out.put("versions", versions);
      spec.commandLine().getOut().println(OpsSupport.json(out));
      return 0;
    }
  }
}
