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
     * SKIP for manifests without one), freshness, pg_amcheck, SQL assertions. Read-only apart from
     * installing amcheck in the restored database (the archive's grants are applied in a transaction that
     * is rolled back); idempotent. Raises only when the database cannot be reached ({@code DatabaseError}).
     */
    List<CheckResult> verifyDatabase(VerifyRequest request);

    /** The configured app checks against the restored database; output captured, bounded. Idempotent. */
    List<CheckResult> runAppChecks(VerifyRequest request);
}
