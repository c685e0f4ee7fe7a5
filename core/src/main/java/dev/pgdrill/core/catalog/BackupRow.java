package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.backup.BackupStatus;
import java.time.Instant;
import java.util.Optional;

/** A backup as the catalog records it (without the manifest). */
public record BackupRow(
        String backupId,
        String profile,
        String kind,
        String source,
        BackupStatus status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        long sizeBytes,
        boolean encrypted,
        boolean keep,
        String failureReason,
        int tableCount) {}
