package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.backup.BackupStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        int tableCount) {
    /** What a query selects from {@code backups} to read one with {@link #read}. */
    static final String COLUMNS = "backup_id, profile, kind, source, status, started_at, finished_at,"
            + " size_bytes, encrypted, keep, failure_reason, coalesce(jsonb_array_length(manifest->'tables'), 0)";

    static BackupRow read(ResultSet rs) throws SQLException {
        return new BackupRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                BackupStatus.valueOf(rs.getString(5)),
                Jdbc.instant(rs, 6),
                Jdbc.optionalInstant(rs, 7),
                rs.getLong(8),
                rs.getBoolean(9),
                rs.getBoolean(10),
                rs.getString(11),
                rs.getInt(12));
    }
}
