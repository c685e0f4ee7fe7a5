package dev.pgdrill.activities.external;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ExternalBackup;
import dev.pgdrill.workflows.activities.ExternalBackupActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;

public final class ExternalBackupActivitiesImpl implements ExternalBackupActivities {
    private final ExternalBackups external;

    public ExternalBackupActivitiesImpl(PgdrillConfig config) {
        this.external = new ExternalBackups(config);
    }

    @Override
    public BackupRef importBackup(ExternalBackup b) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        try (Heartbeats beats = Heartbeats.keepAlive(ctx, "import")) {
            return new BackupRef(
                    BackupStore.EXTERNAL,
                    external.take(b, ctx.getInfo().getWorkflowId(), beats.listener())
                            .backupId());
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure("unable to take in " + b.path() + ": " + e.getMessage());
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public void forgetBackup(BackupRef backup) {
        try {
            external.forget(backup.backupId());
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure(
                    "unable to remove the link to external backup " + backup.backupId() + ": " + e.getMessage());
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }
}
