package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ExternalBackup;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.VerifyBackupRequest;
import dev.pgdrill.workflows.verify.VerifyBackupResult;
import dev.pgdrill.workflows.verify.VerifyBackupWorkflow;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill verify}: the verification suite on one backup, now, with no drill record. */
@Command(
        name = "verify",
        description = {
            "Restore one backup into a sandbox on drill.target, run the whole verification suite and the app",
            "checks, drop the sandbox, and print every check. Records no drill. Exit 0 on PASS, 1 on FAIL.",
            "With --file: a pg_dump archive pgdrill did not make (custom, directory or tar), checked against the",
            "configuration and, with --source, against that database's live schema now (weaker)."
        })
final class VerifyCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "BACKUP_ID",
            description = "The backup to verify (pgdrill backups list shows them).")
    String backupId;

    @Option(names = "--file", paramLabel = "PATH", description = "A pg_dump archive the worker can read instead.")
    Path file;

    @Option(
            names = "--source",
            paramLabel = "PROFILE",
            description = "With --file: compare with this profile's live schema (verification.externalSources).")
    String source = "";

    @Option(
            names = "--taken-at",
            paramLabel = "TIME",
            description = "With --file: when it was taken, e.g. 2026-01-17T03:00:00Z (default: the file's time).")
    Instant takenAt;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
    String requestedBy = Cli.operator();

    @Mixin
    CliContext cli;

    @Override
    public Integer call() {
        PgdrillConfig cfg = cli.config();
        if ((backupId == null) == (file == null)) {
            throw new CliFailure(ExitCodes.USAGE, "give a BACKUP_ID or --file PATH, one of them");
        }
        if (file == null && (!source.isEmpty() || takenAt != null)) {
            throw new CliFailure(ExitCodes.USAGE, "--source and --taken-at go with --file");
        }
        VerifyBackupRequest request = file == null ? fromCatalog(cfg) : external(cfg);
        String subject = file == null ? backupId : file.toAbsolutePath().toString();
        String id = WorkflowIds.verify(file == null ? backupId : "file", Instant.now());
        try (TemporalSession temporal = cli.temporal()) {
            VerifyBackupWorkflow wf = temporal.newRun(
                    VerifyBackupWorkflow.class,
                    id,
                    request.backup().profile(),
                    "Verification of " + subject + " into '" + cfg.drill().target() + "' (requested by " + requestedBy
                            + ")",
                    "");
            temporal.start(
                    "start the verification",
                    () -> WorkflowClient.start(wf::run, request),
                    "a verification of " + subject + " is already running as " + id);
            VerifyBackupResult r =
                    ProgressView.await(cli, temporal, wf, VerifyBackupResult.class, "the verification", id);
            cli.emit(r, out -> {
                out.printf(
                        "verify %s: %s, restore %.1f s into %s on '%s' (dropped)%n",
                        subject,
                        r.verdict(),
                        r.restoreMs() / 1000.0,
                        r.database().isEmpty() ? "a sandbox" : r.database(),
                        cfg.drill().target());
                DrillCommand.printChecks(out, r.checks());
            });
            return r.verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    private VerifyBackupRequest fromCatalog(PgdrillConfig cfg) {
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
        return new VerifyBackupRequest(
                new BackupRef(row.profile(), backupId),
                requestedBy,
                WorkflowSettings.drill(cfg),
                ExternalBackup.none());
    }

    /** The worker reads the archive; the CLI only checks what it can say early and finds the file's time. */
    private VerifyBackupRequest external(PgdrillConfig cfg) {
        if (!source.isEmpty() && !cfg.verification().externalSources().contains(source)) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--source " + source + ": not in verification.externalSources "
                            + cfg.verification().externalSources()
                            + " (pgdrill reads a live database's schema only where allowed)");
        }
        Path path = file.toAbsolutePath();
        Instant at = takenAt;
        if (at == null) {
            try {
                at = Files.getLastModifiedTime(path).toInstant();
            } catch (IOException e) {
                throw new CliFailure(
                        ExitCodes.USAGE, "cannot read the time of " + path + " here: give --taken-at (" + e + ")");
            }
        }
        return new VerifyBackupRequest(
                new BackupRef(BackupStore.EXTERNAL, ""),
                requestedBy,
                WorkflowSettings.drill(cfg),
                new ExternalBackup(path.toString(), source, at));
    }
}
