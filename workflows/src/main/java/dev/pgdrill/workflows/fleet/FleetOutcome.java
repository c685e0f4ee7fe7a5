package dev.pgdrill.workflows.fleet;

/**
 * One database's run in a fleet, as {@code --all --wait} prints it.
 *
 * @param workflowId the child run's id (a run by hand of the same database and second has the same one)
 * @param status     COMPLETED or FAILED (backups), PASS or FAIL (drills), NOT_STARTED (its id was taken)
 * @param ok         whether this database passed: a completed backup (and its drill, if one ran) or a PASS
 * @param backupId   the backup made or drilled, when there is one
 * @param detail     sizes and timings, or what failed
 */
public record FleetOutcome(
        String profile,
        String workflowId,
        String status,
        boolean ok,
        String backupId,
        long durationMs,
        String detail) {}
