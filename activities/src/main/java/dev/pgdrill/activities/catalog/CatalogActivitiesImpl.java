package dev.pgdrill.activities.catalog;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.AuditEntry;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.DrillRecord;
import dev.pgdrill.workflows.activities.FailBackupRequest;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.activities.ReserveBackupRequest;
import dev.pgdrill.workflows.emergency.Incident;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

public final class CatalogActivitiesImpl implements CatalogActivities {
    private final PgdrillConfig config;
    private final Catalog catalog;
    private final BackupRepository repository;

    public CatalogActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.catalog = new Catalog(config.catalogProfile());
        this.repository = new BackupRepository(config.repository().path());
    }

    @Override
    public String reserveBackup(ReserveBackupRequest r) {
        if (!config.databases().containsKey(r.profile())) {
            throw FailureType.CONFIGURATION.permanent("unknown database profile '" + r.profile() + "' (configured: "
                    + String.join(", ", config.databases().keySet()) + ")");
        }
        return call(() -> catalog.backups().reserve(r.profile(), r.kind(), r.startedAt(), r.workflowId()));
    }

    @Override
    public void completeBackup(BackupRef b) {
        Manifest m;
        try {
            m = repository.readManifest(b.profile(), b.backupId());
        } catch (IOException e) {
            throw FailureType.NOT_FOUND.permanent("unable to read the manifest of backup " + b.backupId() + " in "
                    + repository.root() + ": " + e.getMessage());
        }
        run(() -> catalog.backups().complete(m));
    }

    @Override
    public void failBackup(FailBackupRequest r) {
        run(() -> catalog.backups().fail(r.backupId(), r.reason()));
    }

    @Override
    public List<BackupCandidate> listCandidates(CandidatesRequest r) {
        return call(() -> catalog.backups().candidates(r.profile(), r.from(), r.to(), r.regularOnly()));
    }

    @Override
    public void holdBackup(HoldRequest r) {
        run(() -> catalog.backups().hold(r.backupId(), r.holder()));
    }

    @Override
    public void releaseBackup(HoldRequest r) {
        run(() -> catalog.backups().release(r.backupId(), r.holder()));
    }

    @Override
    public String recordDrill(DrillRecord r) {
        String report = report(
                "the report of drill " + r.drillId(),
                () -> DrillReport.write(config.repository().path(), r));
        run(() -> catalog.drills().record(r, report));
        return report;
    }

    @Override
    public void audit(AuditEntry e) {
        run(() -> catalog.audit().append(e.actor(), e.action(), e.subject(), e.detail()));
    }

    @Override
    public String recordIncident(Incident i) {
        String report = report(
                "the incident report of " + i.workflowId(),
                () -> IncidentReport.write(config.repository().path(), i));
        run(() -> catalog.incidents().record(i, report));
        return report;
    }

    /** Writes a report under the repository; a full or unwritable repository is retried, then fails the step. */
    private static String report(String what, ReportWriter write) {
        try {
            return write.write().toString();
        } catch (IOException e) {
            throw FailureType.REPOSITORY.transientFailure("unable to write " + what + ": " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface ReportWriter {
        Path write() throws IOException;
    }

    /** A catalog call whose CatalogException becomes a DatabaseError failure (retried unless permanent). */
    private static <T> T call(Supplier<T> catalogCall) {
        try {
            return catalogCall.get();
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }

    private static void run(Runnable catalogCall) {
        call(() -> {
            catalogCall.run();
            return null;
        });
    }
}
