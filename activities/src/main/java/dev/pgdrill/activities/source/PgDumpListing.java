package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.util.List;
import java.util.Optional;

/** pgdrill's own pg_dump backups: the catalog is their list (the repository holds their files). */
final class PgDumpListing implements BackupSource {
    private final PgdrillConfig config;

    PgDumpListing(PgdrillConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return "pgdump";
    }

    @Override
    public List<SourceBackup> list(String profile) throws ActivityException {
        try {
            return new Catalog(config.catalogProfile())
                    .backups().list(Optional.of(profile)).stream()
                            .map(PgDumpListing::of)
                            .toList();
        } catch (CatalogException e) {
            throw new ActivityException(FailureType.DATABASE, e.getMessage(), !e.permanent(), e);
        }
    }

    private static SourceBackup of(BackupRow r) {
        return new SourceBackup(
                r.backupId(),
                r.profile(),
                "pgdump",
                r.kind(),
                r.status().name(),
                r.startedAt(),
                r.finishedAt(),
                r.sizeBytes(),
                r.failureReason());
    }
}
