package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.PhysicalBackupRequest;
import dev.pgdrill.workflows.activities.PhysicalRestoreActivities;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

public final class PhysicalRestoreActivitiesImpl implements PhysicalRestoreActivities {
    private final PgdrillConfig config;
    private final PhysicalRestores restores;

    public PhysicalRestoreActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.restores = new PhysicalRestores(config);
    }

    @Override
    public List<SourceBackup> listPhysicalSets(String profile) {
        Failures.profile(config, profile);
        try {
            return restores.source().list(profile);
        } catch (ActivityException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public List<CheckResult> verifyPhysicalSet(PhysicalRestoreRequest r) {
        Failures.profile(config, r.profile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "pgbackrest verify")) {
            return restores.verify(r, beats.listener());
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.TOOL.transientFailure("unable to run pgbackrest verify: " + e.getMessage());
        }
    }

    @Override
    public ClusterOutcome restoreCluster(PhysicalRestoreRequest r) {
        Failures.profile(config, r.profile());
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        try (Heartbeats beats = Heartbeats.keepAlive(ctx, "pgbackrest restore")) {
            return restores.restore(r, ctx.getInfo().getWorkflowId(), beats.listener());
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.TOOL.transientFailure(
                    "unable to restore " + r.label() + " into cluster " + r.cluster() + ": " + e.getMessage());
        }
    }

    @Override
    public List<CheckResult> verifyCluster(PhysicalRestoreRequest r) {
        Failures.profile(config, r.profile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "verify")) {
            return restores.verifyCluster(r, beats.listener());
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.NOT_FOUND.permanent("unable to verify cluster " + r.cluster() + ": " + e.getMessage());
        } catch (SQLException e) {
            throw FailureType.DATABASE.transientFailure(
                    "unable to verify cluster " + r.cluster() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted("verification of cluster " + r.cluster());
        }
    }

    @Override
    public SourceBackup backupStanza(PhysicalBackupRequest r) {
        Failures.profile(config, r.backup().profile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "pgbackrest backup")) {
            return new PhysicalBackups(config, restores.source()).backup(r, beats.listener());
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (CatalogException e) {
            throw Failures.of(e);
        } catch (IOException e) {
            throw FailureType.TOOL.transientFailure("unable to run pgbackrest backup: " + e.getMessage());
        }
    }

    @Override
    public void dropCluster(PhysicalRestoreRequest r) {
        try {
            restores.drop(r);
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure(
                    "unable to remove cluster " + r.cluster() + ": " + e.getMessage());
        }
    }
}
