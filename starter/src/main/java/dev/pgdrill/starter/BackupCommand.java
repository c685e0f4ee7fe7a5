package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgdrill backup run}: a backup now, outside the schedule. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Take a backup now.",
        subcommands = BackupCommand.Run.class)
final class BackupCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Start a BackupWorkflow for the backup.database profile (or --database).",
                    "With --wait: print the result; exit 0 when COMPLETED, 1 when FAILED."})
    static final class Run implements Callable<Integer> {
        private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC);

        @Mixin
        ConfigOption config;

        @Option(names = "--database", paramLabel = "PROFILE", description = "Profile to back up (default: backup.database).")
        String database;

        @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
        String requestedBy = System.getProperty("user.name", "operator");

        @Option(names = "--wait", description = "Wait for the backup to finish and print its result.")
        boolean await;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            String profile = database == null ? cfg.backup().database() : database;
            cfg.profile(profile); // an unknown name is a usage error, before anything starts
            PrintWriter out = spec.commandLine().getOut();
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                String workflowId = WorkflowIds.backup(profile, Instant.now());
                BackupWorkflow wf = temporal.client().newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
                        .setTaskQueue(cfg.temporal().taskQueue())
                        .setWorkflowId(workflowId)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(PgdrillSearchAttributes.DATABASE, profile).build())
                        .setStaticSummary("Backup of '" + profile + "' (manual, requested by " + requestedBy + ")")
                        .build());
                BackupRequest request = new BackupRequest(profile, "manual", requestedBy, WorkflowSettings.backup(cfg));
                try {
                    temporal.call("start the backup", () -> WorkflowClient.start(wf::run, request));
                } catch (WorkflowExecutionAlreadyStarted e) {
                    throw new CliFailure(ExitCodes.CHECK_FAILED, "a backup of '" + profile + "' is already running as "
                            + workflowId);
                }
                if (!await) {
                    if (json) {
                        Cli.printJson(out, java.util.Map.of("workflowId", workflowId));
                    } else {
                        out.println("started " + workflowId + " (follow it in the Temporal UI, or rerun with --wait)");
                    }
                    return ExitCodes.OK;
                }
                BackupResult result;
                try (LiveProgress progress = json ? null : new LiveProgress(temporal.client(),
                        cfg.temporal().namespace(), workflowId, spec.commandLine().getErr())) {
                    result = await(temporal, wf);
                }
                print(out, result);
                return result.status() == BackupStatus.COMPLETED ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }

        /** The result, or on failure the BackupResult the workflow attached to its failure. */
        private BackupResult await(TemporalSession temporal, BackupWorkflow wf) {
            try {
                return temporal.call("wait for the backup", () -> WorkflowStub.fromTyped(wf).getResult(BackupResult.class));
            } catch (WorkflowFailedException e) {
                if (e.getCause() instanceof ApplicationFailure af && FailureType.BACKUP_FAILED.type().equals(af.getType())) {
                    return af.getDetails().get(BackupResult.class);
                }
                throw new CliFailure(ExitCodes.INFRASTRUCTURE, "the backup workflow failed: "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            }
        }

        private void print(PrintWriter out, BackupResult r) {
            if (json) {
                Cli.printJson(out, r);
                return;
            }
            if (r.status() == BackupStatus.COMPLETED) {
                out.printf("backup %s of '%s' COMPLETED: %s, %d tables, %.1f s%n", r.backupId(), r.profile(),
                        dev.pgdrill.core.Sizes.human(r.sizeBytes()), r.tables().size(),
                        r.durationMs() / 1000.0);
                r.pruned().forEach(id -> out.println("  pruned " + id));
                r.warnings().forEach(w -> out.println("  warning: " + w));
            } else {
                out.printf("backup %s of '%s' FAILED: %s%n", r.backupId(), r.profile(), r.failureReason());
            }
            out.flush();
        }
    }
}
