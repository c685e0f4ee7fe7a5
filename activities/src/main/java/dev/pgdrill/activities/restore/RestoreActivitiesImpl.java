package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.CryptoWarmUp;
import dev.pgdrill.activities.source.ProviderOnly;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.RestoreActivities;
import dev.pgdrill.workflows.activities.RestoreBackupRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

public final class RestoreActivitiesImpl implements RestoreActivities {
    private final PgdrillConfig config;
    private final BackupStore backups;
    private final BackupRepository repository;

    public RestoreActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.backups = new Catalog(config.catalogProfile()).backups();
        this.repository = new BackupRepository(config.repository().path());
        CryptoWarmUp.startInBackground(); // the worker's first restore checks and decrypts at full speed
    }

    /** Heartbeat details: what is happening and how far along (shown in the Temporal UI and the CLI). */
    @Override
    public CheckResult checkBackupFiles(BackupRef b) {
        Manifest m = manifest(b);
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "checksums")) {
            return BackupFiles.checkBeforeRestore(
                    repository.backupDir(b.profile(), b.backupId()),
                    m,
                    config.repository().encryptionKey(),
                    listener(beats));
        } catch (IOException e) {
            return CheckResult.fail(BackupFiles.CHECK, "files readable", "unreadable", e.getMessage());
        }
    }

    @Override
    public RestoreOutcome restoreBackup(RestoreBackupRequest r) {
        Manifest m = manifest(r.backup());
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        try {
            Sandboxes.prepare(server, r.database(), r.owner(), r.like());
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database("prepare database '" + r.database() + "' for the restore", e, server);
        }
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "restore")) {
            ProviderOnly only = providerOnly(m, server, r.database());
            PgRestore pgRestore = new PgRestore(
                    new PgTools(config.tools().pgBinDir()),
                    WorkDir.forRoot(config.repository().workDir()));
            RestoreOutcome outcome = (only.isEmpty() ? pgRestore : pgRestore.leavingOut(only::leavesOut))
                    .restore(
                            repository.backupDir(
                                    r.backup().profile(), r.backup().backupId()),
                            m,
                            config.repository().encryptionKey(),
                            server,
                            r.database(),
                            r.jobs(),
                            !r.like().isEmpty(),
                            listener(beats));
            if (!r.like().isEmpty() && !outcome.check().failsVerdict()) {
                Sandboxes.finishLike(server, r.database(), r.like());
            }
            return outcome;
        } catch (SQLException e) {
            throw Failures.database(
                    "restore into '" + r.database() + "' (reading what it holds, or giving it the settings and grants"
                            + " of '" + r.like() + "')",
                    e,
                    server);
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure(
                    "unable to restore " + r.backup().backupId() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            throw Failures.interrupted("restore of " + r.backup().backupId());
        }
    }

    /**
     * For a managed platform's backup (a Supabase project), what this server cannot hold: its platform roles'
     * policies and its platform extensions, left out of the restore (the verification reports them as SKIPs).
     */
    private ProviderOnly providerOnly(Manifest m, DatabaseProfile server, String database) throws SQLException {
        if (!(config.source(m.profile()) instanceof SourceConfig.Supabase)) {
            return ProviderOnly.NONE;
        }
        try (Connection c = Connections.open(server, database)) {
            return ProviderOnly.of(m, c);
        }
    }

    private Manifest manifest(BackupRef b) {
        try {
            return backups.manifest(b.backupId())
                    .orElseThrow(() -> FailureType.NOT_FOUND.permanent(
                            "backup " + b.backupId() + " has no manifest in the catalog (not COMPLETED?)"));
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }

    private static ProgressListener listener(Heartbeats beats) {
        return beats.listener();
    }
}
