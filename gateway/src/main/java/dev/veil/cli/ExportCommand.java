package dev.veil.cli;

import dev.veil.audit.AuditAction;
import dev.veil.consent.TrainingExporter;
import dev.veil.detect.Detectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veil export training}: consented, scrubbed records for fine-tuning. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export stored records.")
final class ExportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is required (training)");
  }

  /**
   * Writes records whose consent was given (at capture and still now) in OpenAI's fine-tuning chat
   * format, each message scanned again with the standard detector and every finding masked as
   * {@code [TYPE]}. Prints counts as JSON, one for each reason a record was left out (no consent
   * at capture, consent withdrawn since, unreadable, unsupported shape, scrubbing failed); the
   * file is replaced only when the export completes.
   */
  @Command(name = "training", mixinStandardHelpOptions = true,
      description = "Write consented, scrubbed records as fine-tuning JSONL.")
  static final class Training implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin CommonOptions common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl",
        description = "Where to write the export.")
    Path out;

    Training(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() throws Exception {
      Path parent = out.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--out: the directory of '" + out + "' does not exist");
      }
      Map<String, Object> report = OpsSupport.with(common, env, ops -> {
        TrainingExporter.Report r = ops.trainingExporter(Detectors.standard()).export(out);
        ops.auditLog().append(ops.event(OpsSupport.actor(), AuditAction.TRAINING_EXPORTED,
                "training-export", "")
            .with("written", Integer.toString(r.written()))
            .with("no_consent", Integer.toString(r.noConsent()))
            .with("withdrawn", Integer.toString(r.withdrawn()))
            .with("unreadable", Integer.toString(r.unreadable()))
            .with("unsupported", Integer.toString(r.unsupported()))
            .with("scrub_failed", Integer.toString(r.scrubFailed())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", out.toString());
        m.put("written", r.written());
        m.put("left_out_no_consent", r.noConsent());
        m.put("left_out_withdrawn", r.withdrawn());
        m.put("left_out_unreadable", r.unreadable());
        m.put("left_out_unsupported", r.unsupported());
        m.put("left_out_scrub_failed", r.scrubFailed());
        return m;
      });
      spec.commandLine().getOut().println(OpsSupport.json(report));
      return 0;
    }
  }
}
