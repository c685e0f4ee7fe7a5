package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill backup run}: a backup now, outside the schedule. */
@Command(name = "backup", description = "Take a backup now.", subcommands = BackupCommand.Run.class)
final class BackupCommand {

    @Command(
            name = "run",
            description = {
                "Start a BackupWorkflow for the backup.database profile (or --database).",
                "With --wait: print the result; exit 0 when COMPLETED, 1 when FAILED."
            })
    static final class Run implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Option(
                names = "--database",
                paramLabel = "NAME",
                description = "Profile to back up (default: backup.database).")
        String database;

        @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
        String requestedBy = Cli.operator();

        @Option(names = "--wait", description = "Wait for the backup to finish and print its result.")
        boolean await;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            String profile = database == null ? cfg.backup().database() : database;
            cfg.profile(profile); // an unknown name is a usage error, before anything starts
            String workflowId = WorkflowIds.backup(profile, Instant.now());
            try (TemporalSession temporal = cli.temporal()) {
                BackupWorkflow wf = temporal.newRun(
                        BackupWorkflow.class,
                        workflowId,
                        profile,
                        "Backup of '" + profile + "' (manual, requested by " + requestedBy + ")",
                        "");
                BackupRequest request = new BackupRequest(profile, "manual", requestedBy, WorkflowSettings.backup(cfg));
                TemporalSession.Started started = temporal.start(
                        "start the backup",
                        () -> WorkflowClient.start(wf::run, request),
                        "a backup of '" + profile + "' is already running as " + workflowId);
                if (!await) {
                    cli.emit(
                            started,
                            out -> out.println("started " + started.text()
                                    + "\n  follow it in the Temporal UI, or rerun with --wait"));
                    return ExitCodes.OK;
                }
                BackupResult result;
                try (ProgressView progress = cli.json()
                        ? null
                        : new ProgressView(temporal.client(), cfg.temporal().namespace(), workflowId, cli.err())) {
                    result = await(temporal, wf);
                }
                cli.emit(result, out -> print(out, result));
                return result.status() == BackupStatus.COMPLETED ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }

        /** The result, or on failure the BackupResult the workflow attached to its failure. */
        private static BackupResult await(TemporalSession temporal, BackupWorkflow wf) {
            try {
                return temporal.call(
                        "wait for the backup", () -> WorkflowStub.fromTyped(wf).getResult(BackupResult.class));
            } catch (WorkflowFailedException e) {
                if (FailureType.BACKUP_FAILED.matches(e) && e.getCause() instanceof ApplicationFailure af) {
                    return af.getDetails().get(BackupResult.class);
                }
                throw new CliFailure(
                        ExitCodes.INFRASTRUCTURE,
                        "the backup workflow failed: "
                                + (e.getCause() == null
                                        ? e.getMessage()
                                        : e.getCause().getMessage()));
            }
        }

        private static void print(PrintWriter out, BackupResult r) {
            if (r.status() == BackupStatus.COMPLETED) {
                out.printf(
                        "backup %s of '%s' COMPLETED: %s, %d tables, %.1f s%n",
                        r.backupId(),
                        r.profile(),
                        Sizes.human(r.sizeBytes()),
                        r.tables().size(),
                        r.durationMs() / 1000.0);
                r.pruned().forEach(id -> out.println("  pruned " + id));
                r.warnings().forEach(w -> out.println("  warning: " + w));
            } else {
                out.printf("backup %s of '%s' FAILED: %s%n", r.backupId(), r.profile(), r.failureReason());
            }
        }
    }
}
