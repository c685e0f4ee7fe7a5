package dev.pgdrill.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Backups and drills written straight into a migrated catalog, at chosen times, sizes and outcomes: the
 * history the monitor and the dashboard are tested on (a month of backups takes a month to make otherwise).
 */
public final class CatalogSeed {
    private final PostgresCluster pg;
    private final String database;

    public CatalogSeed(PostgresCluster pg, String database) {
        this.pg = pg;
        this.database = database;
    }

    /** A scheduled backup of {@code profile}; a FAILED one has no size and a reason. */
    public CatalogSeed backup(String id, String profile, String status, Instant startedAt, Duration took, long size) {
        update(
                "INSERT INTO pgdrill.backups (backup_id, profile, kind, status, started_at, finished_at, size_bytes,"
                        + " failure_reason, workflow_id) VALUES (?, ?, 'scheduled', ?, ?, ?, ?, ?, ?)",
                id,
                profile,
                status,
                Timestamp.from(startedAt),
                Timestamp.from(startedAt.plus(took)),
                size,
                status.equals("FAILED") ? "pg_dump: could not connect" : "",
                "backup-" + profile + "-" + id);
        return this;
    }

    /**
     * A drill of one of {@code profile}'s backups; its checks: the failed ones, or one that passed, plus one
     * {@code metric:<name>} check per {@code metrics} entry ({@code name=value} or {@code name=value|detail}).
     */
    public CatalogSeed drill(
            String id,
            String profile,
            String backupId,
            String verdict,
            Instant startedAt,
            long restoreMs,
            List<String> failed,
            List<String> metrics) {
        StringBuilder checks = new StringBuilder("[");
        for (String f : failed) {
            checks.append(check(f, "FAIL", "", "", true)).append(',');
        }
        if (failed.isEmpty()) {
            checks.append(check("row_counts", "PASS", "109 rows", "", true)).append(',');
        }
        for (String m : metrics) {
            String[] kv = m.split("=", 2);
            String[] vd = kv[1].split("\\|", 2);
            checks.append(check("metric:" + kv[0], "PASS", vd[0], vd.length > 1 ? vd[1] : "", false))
                    .append(',');
        }
        checks.setLength(checks.length() - 1);
        checks.append(']');
        update(
                "INSERT INTO pgdrill.drills (drill_id, backup_id, source_profile, target_profile, database_name,"
                        + " verdict, started_at, finished_at, restore_ms, durations, checks, report_path, requested_by)"
                        + " VALUES (?, ?, ?, 'sandbox', 'pgdrill_drill_seed', ?, ?, ?, ?, '{}'::jsonb, ?::jsonb,"
                        + " 'reports/drill.md', 'seed')",
                id,
                backupId,
                profile,
                verdict,
                Timestamp.from(startedAt),
                Timestamp.from(startedAt.plusMillis(restoreMs + 30_000)),
                restoreMs,
                checks.toString());
        return this;
    }

    private static String check(String name, String status, String actual, String detail, boolean critical) {
        return "{\"name\":\"" + name + "\",\"status\":\"" + status + "\",\"expected\":\"\",\"actual\":\"" + actual
                + "\",\"detail\":\"" + detail + "\",\"critical\":" + critical + "}";
    }

    private void update(String sql, Object... params) {
        try (Connection c = pg.connect(database);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("unable to seed the catalog: " + e.getMessage(), e);
        }
    }
}
