package dev.pgdrill.activities.catalog;

import dev.pgdrill.core.catalog.CatalogStore;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.FailBackupRequest;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ReserveBackupRequest;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.sql.SQLException;

public final class CatalogActivitiesImpl implements CatalogActivities {
    private final PgdrillConfig config;
    private final CatalogStore store;
    private final BackupRepository repository;

    public CatalogActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.store = new CatalogStore(config.catalogProfile());
        this.repository = new BackupRepository(config.repository().path());
    }

    @Override
    public String reserveBackup(ReserveBackupRequest r) {
        if (!config.databases().containsKey(r.profile())) {
            throw FailureType.CONFIGURATION.permanent("unknown database profile '" + r.profile()
                    + "' (configured: " + String.join(", ", config.databases().keySet()) + ")");
        }
        try {
            return store.reserveBackup(r.profile(), r.kind(), r.startedAt(), r.workflowId());
        } catch (SQLException e) {
            throw Failures.catalog("reserve a backup id for '" + r.profile() + "'", e);
        }
    }

    @Override
    public void completeBackup(BackupRef b) {
        Manifest m;
        try {
            m = repository.readManifest(b.profile(), b.backupId());
        } catch (IOException e) {
            throw FailureType.NOT_FOUND.permanent("unable to read the manifest of backup " + b.backupId()
                    + " in " + repository.root() + ": " + e.getMessage());
        }
        try {
            store.completeBackup(m);
        } catch (SQLException e) {
            throw Failures.catalog("record backup " + b.backupId() + " as completed", e);
        }
    }

    @Override
    public void failBackup(FailBackupRequest r) {
        try {
            store.failBackup(r.backupId(), r.reason());
        } catch (SQLException e) {
            throw Failures.catalog("record backup " + r.backupId() + " as failed", e);
        }
    }

    @Override
    public java.util.List<dev.pgdrill.workflows.activities.BackupCandidate> listCandidates(
            dev.pgdrill.workflows.activities.CandidatesRequest r) {
        try {
            return store.candidates(r.profile(), r.from(), r.to());
        } catch (SQLException e) {
            throw Failures.catalog("list backups of '" + r.profile() + "'", e);
        }
    }

    @Override
    public void holdBackup(dev.pgdrill.workflows.activities.HoldRequest r) {
        try {
            store.hold(r.backupId(), r.holder());
        } catch (SQLException e) {
            throw Failures.catalog("hold backup " + r.backupId(), e);
        }
    }

    @Override
    public void releaseBackup(dev.pgdrill.workflows.activities.HoldRequest r) {
        try {
            store.release(r.backupId(), r.holder());
        } catch (SQLException e) {
            throw Failures.catalog("release backup " + r.backupId(), e);
        }
    }

    @Override
    public String recordDrill(dev.pgdrill.workflows.activities.DrillRecord r) {
        try {
            String report = DrillReport.write(config.repository().path(), r).toString();
            store.recordDrill(r, report);
            return report;
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure("unable to write the report of drill " + r.drillId() + ": "
                    + e.getMessage());
        } catch (SQLException e) {
            throw Failures.catalog("record drill " + r.drillId(), e);
        }
    }

    @Override
    public void audit(dev.pgdrill.workflows.activities.AuditEntry e) {
        try {
            store.audit(e.actor(), e.action(), e.subject(), e.detail());
        } catch (SQLException ex) {
            throw Failures.catalog("write the audit trail", ex);
        }
    }

    @Override
    public String recordIncident(dev.pgdrill.workflows.emergency.Incident i) {
        try {
            String report = IncidentReport.write(config.repository().path(), i).toString();
            store.recordIncident(i, report);
            return report;
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure("unable to write the incident report of " + i.workflowId() + ": "
                    + e.getMessage());
        } catch (SQLException e) {
            throw Failures.catalog("record incident " + i.workflowId(), e);
        }
    }
}
