package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.activities.source.BackupSources;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ActivityProgress;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.BackupSourceActivities;
import dev.pgdrill.workflows.activities.CreateBackupRequest;
import dev.pgdrill.workflows.activities.CreatedBackup;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import dev.pgdrill.workflows.activities.SourceBackup;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

public final class BackupSourceActivitiesImpl implements BackupSourceActivities {
    private final PgDumpBackupSource source;
    private final Retention retention;
    private final PgdrillConfig config;
    private final BackupSources sources;

    public BackupSourceActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.source = new PgDumpBackupSource(config, Clock.systemUTC());
        this.retention = new Retention(new Catalog(config.catalogProfile()).backups(), source.repository());
        this.sources = BackupSources.standard(config);
        CryptoWarmUp.startInBackground(); // the worker's first backup hashes and encrypts at full speed
    }

    @Override
    public List<SourceBackup> listBackups(String profile) {
        Failures.profile(config, profile); // an unknown name is a ConfigurationError naming the configured ones
        try {
            return sources.of(profile).list(profile);
        } catch (ActivityException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public CreatedBackup createBackup(CreateBackupRequest r) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        try (Heartbeats beats = Heartbeats.keepAlive(ctx, "start")) {
            Manifest m = source.create(
                    r.profile(),
                    r.database() == null ? "" : r.database(),
                    r.backupId(),
                    r.kind(),
                    r.jobs(),
                    beats.listener());
            return new CreatedBackup(
                    m.backupId(),
                    m.sizeBytes(),
                    m.files().size(),
                    m.encryption().enabled(),
                    m.tableSummaries());
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (InterruptedException e) {
            throw Failures.interrupted("backup " + r.backupId());
        }
    }

    @Override
    public void discardBackup(BackupRef b) {
        try {
            source.repository().delete(b.profile(), b.backupId());
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure(
                    "unable to remove the files of backup " + b.backupId() + ": " + e.getMessage());
        }
    }

    @Override
    public PruneResult prune(PruneRequest r) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        try {
            return retention.apply(r, (phase, done, total) -> ctx.heartbeat(new ActivityProgress(phase, done, total)));
        } catch (CatalogException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure("unable to remove pruned backup files: " + e.getMessage());
        }
    }
}
