package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import java.io.IOException;
import java.util.Optional;

/**
 * Applies the {@link RetentionPolicy} to one profile: removes files, then records the removal. The
 * catalog's failures surface as {@code CatalogException}.
 */
public final class Retention {
    private final BackupStore backups;
    private final BackupRepository repository;

    public Retention(BackupStore backups, BackupRepository repository) {
        this.backups = backups;
        this.repository = repository;
    }

    public PruneResult apply(PruneRequest r, ProgressListener listener) throws IOException {
        RetentionPolicy.Plan plan = RetentionPolicy.plan(
                backups.list(Optional.of(r.profile())), backups.holds(r.profile()), r.now(), r.retentionDays());
        int done = 0;
        for (PruneResult.Decision d : plan.remove()) {
            // Files first, then the record: a crash in between leaves a row the next prune finishes.
            repository.delete(r.profile(), d.backupId());
            backups.recordPruned(r.profile(), d.backupId(), d.reason(), r.requestedBy());
            listener.progress("prune", ++done, plan.remove().size());
        }
        return new PruneResult(plan.remove(), plan.keep());
    }
}
