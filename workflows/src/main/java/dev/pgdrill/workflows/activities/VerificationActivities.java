package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The verification suite: findings are data, never exceptions. */
@ActivityInterface
public interface VerificationActivities {
    /**
     * Tables exist, record counts, content checksums, constraints (validated as recorded: NOT VALID in
     * production is a WARN; foreign keys by anti-join, sequences not behind their columns), one check per
     * kind of the manifest's schema fingerprint (views, functions, triggers, RLS, grants, partitions, …; a
     * SKIP for manifests without one), freshness, amcheck (heaps and B-trees), SQL assertions. Read-only apart from
     * installing amcheck in the restored database (the archive's grants are applied in a transaction that
     * is rolled back); idempotent. Raises only when the database cannot be reached ({@code DatabaseError}).
     */
    List<CheckResult> verifyDatabase(VerifyRequest request);

    /**
     * A copy of a database that passed {@link #verifyDatabase} moments before ({@code CREATE DATABASE …
     * TEMPLATE} copies its blocks, so its data is the verified data): checked to be that database, whole,
     * without reading every row again: every table of the manifest with exactly the manifest's row count, its
     * validated constraints, and owners, grants, row-level security and database settings equal to
     * {@code likeDatabase}'s. Read-only; idempotent. Raises only when the database cannot be reached.
     */
    List<CheckResult> verifyCopy(VerifyRequest request);

    /**
     * Production right after a switch, while applications write to it: the database under production's name
     * carries the switch's marker (it is the one verified on the side), every table and validated constraint
     * of the manifest is there, no table has fewer rows than the backup (counts may grow), and owners, grants,
     * row-level security and database settings equal those of the set-aside old production. Read-only;
     * idempotent. Raises only when production cannot be reached ({@code DatabaseError}).
     */
    List<CheckResult> verifyProduction(ProductionCheckRequest request);

    /** The configured app checks against the restored database; output captured, bounded. Idempotent. */
    List<CheckResult> runAppChecks(VerifyRequest request);
}
