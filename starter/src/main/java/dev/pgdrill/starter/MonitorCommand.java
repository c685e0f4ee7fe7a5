package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.monitor.AlertOutcome;
import dev.pgdrill.workflows.monitor.BackupMonitorWorkflow;
import dev.pgdrill.workflows.monitor.MonitorRequest;
import dev.pgdrill.workflows.monitor.MonitorResult;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Severity;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill monitor run}: the backup monitor now, as its schedule runs it. */
@Command(name = "monitor", description = "The backup monitor.")
final class MonitorCommand {

    @Command(
            name = "run",
            description = {
                "Start the BackupMonitorWorkflow now (the same run the hourly schedule starts): it evaluates",
                "backups, drills, schedules and the repository, and opens, reminds or resolves alerts.",
                "With --wait: print the findings and alert changes; exit 0 when nothing is warning or worse, 1 otherwise."
            })
    int run(
            @Mixin CliContext cli,
            @Option(names = "--wait", description = "Wait for the run and print what it found and notified.")
                    boolean await,
            @Option(
                            names = "--requested-by",
                            paramLabel = "NAME",
                            defaultValue = "${sys:user.name:-operator}",
                            description = "Who asks (default: $USER).")
                    String requestedBy) {
        PgdrillConfig cfg = cli.config();
        String workflowId = WorkflowIds.monitor(Instant.now());
        try (TemporalSession temporal = cli.temporal()) {
            BackupMonitorWorkflow wf = temporal.newRun(
                    BackupMonitorWorkflow.class,
                    workflowId,
                    cfg.backup().database(),
                    "Backup monitor (requested by " + requestedBy + ")",
                    "");
            MonitorRequest request =
                    new MonitorRequest(requestedBy, WorkflowSettings.monitor(cfg), WorkflowSettings.alerts(cfg));
            temporal.start(
                    "start the monitor",
                    () -> WorkflowClient.start(wf::run, request),
                    "a monitor run is already running as " + workflowId);
            if (!await) {
                cli.emit(
                        Map.of("workflowId", workflowId),
                        out -> out.println("started " + workflowId + " (rerun with --wait to see its findings)"));
                return ExitCodes.OK;
            }
            MonitorResult r = temporal.result("monitor run", wf, MonitorResult.class);
            cli.emit(r, out -> print(out, workflowId, r));
            return r.findings().stream().anyMatch(f -> f.severity().atLeast(Severity.WARNING))
                    ? ExitCodes.CHECK_FAILED
                    : ExitCodes.OK;
        }
    }

    private static void print(PrintWriter out, String workflowId, MonitorResult r) {
        out.println("monitor " + workflowId + ": "
                + (r.findings().isEmpty() ? "all healthy" : r.findings().size() + " finding(s)"));
        CheckCommand.printFindings(out, r.findings());
        for (AlertOutcome o : r.changes()) {
            out.printf(
                    "  alert %-9s %s%s%n",
                    o.kind().name().toLowerCase(Locale.ROOT),
                    o.key(),
                    o.made() ? "" : " (already done by another monitor run)");
            for (DeliveryOutcome d : o.deliveries()) {
                out.printf("    %-7s %s %s%n", d.channel().key(), d.delivered() ? "delivered" : "FAILED", d.detail());
            }
        }
    }
}
