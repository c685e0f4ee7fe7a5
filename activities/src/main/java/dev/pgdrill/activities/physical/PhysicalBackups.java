package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestSource;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.PhysicalBackupRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code pgdrill backup run} of a pgBackRest profile: {@code pgbackrest backup}, and the new set in the
 * catalog, so the monitor's freshness and size checks and the dashboard see it like any backup. The catalog
 * entry carries no files (they are pgBackRest's); its manifest's format names the set.
 */
final class PhysicalBackups {
    private static final Duration BACKUP_TIMEOUT = Duration.ofHours(12);

    private final PgdrillConfig config;
    private final PgBackRestSource source;

    PhysicalBackups(PgdrillConfig config, PgBackRestSource source) {
        this.config = config;
        this.source = source;
    }

    SourceBackup backup(PhysicalBackupRequest r, ProgressListener listener) throws ActivityException, IOException {
        String profile = r.backup().profile();
        Set<String> before = source.list(profile).stream().map(SourceBackup::id).collect(Collectors.toSet());
        ServerPrograms.Result out =
                source.command(profile).run("backup", List.of("--type=" + r.type()), BACKUP_TIMEOUT, listener);
        if (!out.ok()) {
            throw new ActivityException(
                    FailureType.BACKUP_FAILED,
                    "pgbackrest backup --type=" + r.type() + " of '" + profile + "' exited " + out.exit() + ": "
                            + out.why(),
                    out.exit() == -1,
                    null);
        }
        SourceBackup set = source.list(profile).stream()
                .filter(s -> !before.contains(s.id()))
                .findFirst()
                .orElseThrow(() -> ActivityException.permanent(
                        FailureType.BACKUP_FAILED,
                        "pgbackrest backup of '" + profile + "' ended without a new set in pgbackrest info"));
        Manifest m = Manifest.withoutContents(
                r.backup().backupId(),
                profile,
                config.profile(profile).database(),
                r.kind(),
                "",
                set.startedAt(),
                set.finishedAt().orElse(set.startedAt()),
                "pgbackrest:" + set.id(),
                List.of(),
                set.sizeBytes(),
                Optional.empty());
        new Catalog(config.catalogProfile()).backups().complete(m);
        return set;
    }
}
