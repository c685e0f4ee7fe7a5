package dev.pgdrill.workflows.activities;

import java.time.Instant;
import java.util.Optional;

/**
 * One backup as its source lists it: a pg_dump backup in pgdrill's repository, a pgBackRest set, a
 * Supabase daily backup. Carries no credential and no path, so it may travel through workflow history.
 *
 * @param id         the source's own name for it (pgdrill's backup id, pgBackRest's label, Supabase's id)
 * @param source     the source kind: pgdump, pgbackrest or supabase
 * @param type       what kind of backup in the source's terms (logical, full, diff, incr, physical, pitr…)
 * @param status     the source's status in upper case (COMPLETED, FAILED, PENDING, REMOVED, ERROR…)
 * @param finishedAt when it completed; empty while it runs or when the source does not say
 * @param sizeBytes  its size as the source reports it, 0 when unknown
 * @param detail     anything else worth showing (a pgBackRest backup's prior label, a PITR window), or ""
 */
public record SourceBackup(
        String id,
        String profile,
        String source,
        String type,
        String status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        long sizeBytes,
        String detail) {}
