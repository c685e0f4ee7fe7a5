package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.VerifyBackupRequest;
import dev.pgdrill.workflows.verify.VerifyBackupResult;
import dev.pgdrill.workflows.verify.VerifyBackupWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill verify BACKUP_ID}: the verification suite on one backup, now, with no drill record. */
@Command(
        name = "verify",
        description = {
            "Restore one backup into a sandbox on drill.target, run the whole verification suite and the app",
            "checks, drop the sandbox, and print every check. Records no drill. Exit 0 on PASS, 1 on FAIL."
        })
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BACKUP_ID", description = "The backup to verify (pgdrill backups list shows them).")
    String backupId;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
    String requestedBy = Cli.operator();

    @Mixin
    CliContext cli;

    @Override
    public Integer call() {
        PgdrillConfig cfg = cli.config();
        BackupRow row = cli.catalog()
                .backups()
                .find(backupId)
                .orElseThrow(() -> new CliFailure(
                        ExitCodes.USAGE,
                        "no backup '" + backupId + "' in the catalog (pgdrill backups list shows them)"));
        if (row.status() != BackupStatus.COMPLETED) {
            throw new CliFailure(
                    ExitCodes.CHECK_FAILED,
                    "backup " + backupId + " is " + row.status() + ", not COMPLETED: nothing to verify"
                            + (row.failureReason().isEmpty() ? "" : " (" + row.failureReason() + ")"));
        }
        String id = WorkflowIds.verify(backupId, Instant.now());
        try (TemporalSession temporal = cli.temporal()) {
            VerifyBackupWorkflow wf = temporal.newRun(
                    VerifyBackupWorkflow.class,
                    id,
                    row.profile(),
                    "Verification of backup " + backupId + " into '"
                            + cfg.drill().target() + "' (requested by " + requestedBy + ")",
                    "");
            VerifyBackupRequest request = new VerifyBackupRequest(
                    new BackupRef(row.profile(), backupId), requestedBy, WorkflowSettings.drill(cfg));
            temporal.start(
                    "start the verification",
                    () -> WorkflowClient.start(wf::run, request),
                    "a verification of " + backupId + " is already running as " + id);
            VerifyBackupResult r = LiveProgress.await(
                    cli, temporal, wf, VerifyBackupResult.class, "the verification", WorkflowIds.verifyRestore(id));
            cli.emit(r, out -> {
                out.printf(
                        "verify %s: %s, restore %.1f s into %s on '%s' (dropped)%n",
                        r.backupId(),
                        r.verdict(),
                        r.restoreMs() / 1000.0,
                        r.database().isEmpty() ? "a sandbox" : r.database(),
                        cfg.drill().target());
                DrillCommand.printChecks(out, r.checks());
            });
            return r.verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }
}
