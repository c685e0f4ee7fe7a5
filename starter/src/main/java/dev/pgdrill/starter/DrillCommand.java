package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill drill run}: a restore drill now, outside the monthly schedule. */
@Command(name = "drill", description = "Run a restore drill now.", subcommands = DrillCommand.Run.class)
final class DrillCommand {

    @Command(
            name = "run",
            description = {
                "Restore a backup (random from the last drill.windowDays, or --backup / --latest) into an",
                "isolated database on drill.target, verify it, record the result, drop the database.",
                "With --wait: exit 0 on PASS, 1 on FAIL."
            })
    static final class Run implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @ArgGroup(exclusive = true)
        Choice choice = new Choice();

        static final class Choice {
            @Option(names = "--backup", paramLabel = "ID", description = "Drill this backup.")
            String backupId = "";

            @Option(names = "--latest", description = "Drill the newest backup in the window.")
            boolean latest;
        }

        @Option(
                names = "--database",
                paramLabel = "NAME",
                description = "Drill this production profile's backups (default: backup.database).")
        String database;

        @Option(names = "--wait", description = "Wait for the verdict and print the report.")
        boolean await;

        @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
        String requestedBy = Cli.operator();

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            String profile = database == null ? cfg.backup().database() : database;
            cfg.profile(profile); // an unknown name is a usage error, before anything starts
            String drillId = WorkflowIds.drill(profile, Instant.now());
            try (TemporalSession temporal = cli.temporal()) {
                RestoreDrillWorkflow wf = temporal.newRun(
                        RestoreDrillWorkflow.class,
                        drillId,
                        profile,
                        "Restore drill of '" + profile + "' into '"
                                + cfg.drill().target() + "' (requested by " + requestedBy + ")",
                        "");
                DrillRequest request = new DrillRequest(
                        profile, choice.backupId, choice.latest, requestedBy, WorkflowSettings.drill(cfg));
                TemporalSession.Started started = temporal.start(
                        "start the drill",
                        () -> WorkflowClient.start(wf::run, request),
                        "a drill is already running as " + drillId);
                if (!await) {
                    cli.emit(
                            Map.of(
                                    "workflowId",
                                    drillId,
                                    "runId",
                                    started.runId(),
                                    "uiUrl",
                                    started.uiUrl(),
                                    "drillId",
                                    drillId),
                            out -> out.println("started " + started.text()
                                    + "\n  follow it in the Temporal UI, or rerun with --wait"));
                    return ExitCodes.OK;
                }
                // The drill's steps, with its restore child's steps and pg_restore's progress under them.
                DrillResult r = ProgressView.await(cli, temporal, wf, DrillResult.class, "the drill", drillId);
                cli.emit(r, out -> print(out, r));
                return r.verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }

        private static void print(PrintWriter out, DrillResult r) {
            out.printf(
                    "drill %s: %s%s, restore %.1f s (RTO)%n",
                    r.drillId(),
                    r.verdict(),
                    r.backupId().isEmpty() ? "" : " for backup " + r.backupId(),
                    r.restoreMs() / 1000.0);
            printChecks(out, r.checks());
            out.println("report: " + r.reportPath());
        }
    }

    static void printChecks(PrintWriter out, List<CheckResult> checks) {
        for (CheckResult c : checks) {
            String status = c.status() == CheckStatus.PASS ? "ok" : c.status().name();
            out.printf(
                    "  %-4s %-36s %s%s%n",
                    status,
                    c.name(),
                    c.actual(),
                    c.status() == CheckStatus.PASS || c.detail().isEmpty() ? "" : "  (" + c.detail() + ")");
        }
    }
}
