package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.CatalogStore;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/** Applies the {@link RetentionPolicy} to one profile: removes files, then records the removal. */
public final class Retention {
    private final CatalogStore catalog;
    private final BackupRepository repository;

    public Retention(CatalogStore catalog, BackupRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    public PruneResult apply(PruneRequest r, ProgressListener listener) throws SQLException, IOException {
        RetentionPolicy.Plan plan = RetentionPolicy.plan(catalog.listBackups(Optional.of(r.profile())),
                catalog.holds(r.profile()), r.now(), r.retentionDays());
        int done = 0;
        for (PruneResult.Decision d : plan.remove()) {
            // Files first, then the record: a crash in between leaves a row the next prune finishes.
            repository.delete(r.profile(), d.backupId());
            catalog.recordPruned(r.profile(), d.backupId(), d.reason(), r.requestedBy());
            listener.progress("prune", ++done, plan.remove().size());
        }
        return new PruneResult(plan.remove(), plan.keep());
    }
}
