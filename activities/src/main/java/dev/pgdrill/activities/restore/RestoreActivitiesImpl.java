package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.backup.BackupException;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.Manifest;
import dev.pgdrill.activities.backup.ProgressListener;
import dev.pgdrill.activities.catalog.CatalogStore;
import dev.pgdrill.activities.config.PgdrillConfig;
import dev.pgdrill.activities.tools.PgTools;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.FailureTypes;
import dev.pgdrill.workflows.activities.RestoreActivities;
import dev.pgdrill.workflows.activities.RestoreBackupRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.sql.SQLException;

public final class RestoreActivitiesImpl implements RestoreActivities {
    private final PgdrillConfig config;
    private final CatalogStore catalog;
    private final BackupRepository repository;

    public RestoreActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.catalog = new CatalogStore(config.catalogProfile());
        this.repository = new BackupRepository(config.repository().path());
    }

    /** Heartbeat details: what is happening and how far along (shown in the Temporal UI and the CLI). */
    public record Progress(String phase, long done, long total) {}

    @Override
    public CheckResult checkBackupFiles(BackupRef b) {
        Manifest m = manifest(b);
        try {
            return BackupFiles.check(repository.backupDir(b.profile(), b.backupId()), m,
                    config.repository().encryptionKey(), listener());
        } catch (IOException e) {
            return CheckResult.fail(BackupFiles.CHECK, "files readable", "unreadable", e.getMessage());
        }
    }

    @Override
    public RestoreOutcome restoreBackup(RestoreBackupRequest r) {
        Manifest m = manifest(r.backup());
        try {
            return new PgRestore(new PgTools(config.tools().pgBinDir())).restore(
                    repository.backupDir(r.backup().profile(), r.backup().backupId()), m,
                    config.repository().encryptionKey(), Failures.profile(config, r.targetProfile()), r.database(),
                    r.jobs(), listener());
        } catch (BackupException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw ApplicationFailure.newFailure("unable to restore " + r.backup().backupId() + ": " + e.getMessage(),
                    FailureTypes.REPOSITORY);
        } catch (InterruptedException e) {
            throw Failures.interrupted("restore of " + r.backup().backupId());
        }
    }

    private Manifest manifest(BackupRef b) {
        try {
            return catalog.manifest(b.backupId()).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                    "backup " + b.backupId() + " has no manifest in the catalog (not COMPLETED?)", FailureTypes.NOT_FOUND));
        } catch (SQLException e) {
            throw Failures.catalog("read the manifest of " + b.backupId(), e);
        }
    }

    private static ProgressListener listener() {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        return (phase, done, total) -> ctx.heartbeat(new Progress(phase, done, total));
    }
}
