package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.workflows.verify.CheckResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The suite on a database in a restored physical cluster (a pgBackRest set): pgdrill did not make the
 * backup, so there is no manifest to compare with, exactly as for {@code pgdrill verify --file}. What is
 * checked is what the configuration expects (tables, minimum rows, freshness measured from the set's end,
 * assertions) and what the cluster itself proves: every constraint valid, foreign keys and sequences
 * sound, amcheck on heaps and B-trees.
 */
public final class ClusterChecks {
    private ClusterChecks() {}

    /**
     * @param takenAt the set's end: freshness is measured from it
     */
    public static List<CheckResult> run(
            PgdrillConfig config,
            DatabaseProfile cluster,
            String backupId,
            Instant takenAt,
            Path workDir,
            ProgressListener listener)
            throws SQLException, InterruptedException {
        Manifest none = Manifest.withoutContents(
                backupId,
                BackupStore.EXTERNAL,
                cluster.database(),
                BackupStore.EXTERNAL,
                "",
                takenAt,
                takenAt,
                "physical",
                List.of(),
                0,
                Optional.empty());
        List<CheckResult> checks = new ArrayList<>();
        try (Connection c = Connections.open(cluster)) {
            Verifier.Report report = new Verifier(config.verification())
                    .verify(
                            c,
                            none,
                            conn -> ArchiveGrants.Result.skipped("a physical copy keeps its grants"),
                            new Verifier.Parallel(
                                    () -> Connections.open(cluster),
                                    config.verification().jobs(),
                                    config.verification().amcheck()),
                            listener);
            checks.addAll(report.checks());
            report.amcheck().ifPresent(checks::add);
        }
        return checks;
    }
}
