package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.activities.DrillRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Restore drills: verdict, checks and measured restore time. Every method throws {@link CatalogException}. */
public final class DrillStore {
    private static final String SELECT = "SELECT drill_id, backup_id, source_profile, target_profile, database_name,"
            + " verdict, started_at, finished_at, restore_ms, durations::text, checks::text, report_path, requested_by"
            + " FROM drills";

    private final Jdbc jdbc;

    DrillStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts or replaces a drill's record (a retried activity writes the same drill again). The columns are
     * read from the record's own JSON, so the row and the stored record cannot disagree.
     */
    private static final String UPSERT = "INSERT INTO drills (drill_id, backup_id, source_profile, target_profile,"
            + " database_name, verdict, started_at, finished_at, restore_ms, durations, checks, report_path, requested_by)"
            + " SELECT r->>'drillId', r->>'backupId', r->>'sourceProfile', r->>'targetProfile', r->>'database',"
            + " r->>'verdict', (r->>'startedAt')::timestamptz, (r->>'finishedAt')::timestamptz, (r->>'restoreMs')::bigint,"
            + " r->'durationsMs', r->'checks', ?, r->>'requestedBy' FROM (SELECT ?::jsonb AS r) AS given"
            + " ON CONFLICT (drill_id) DO UPDATE SET backup_id = EXCLUDED.backup_id, verdict = EXCLUDED.verdict,"
            + " finished_at = EXCLUDED.finished_at, restore_ms = EXCLUDED.restore_ms, durations = EXCLUDED.durations,"
            + " checks = EXCLUDED.checks, report_path = EXCLUDED.report_path, database_name = EXCLUDED.database_name";

    public void record(DrillRecord r, String reportPath) {
        jdbc.withConnection("record drill " + r.drillId(), c -> Jdbc.update(c, UPSERT, reportPath, Jdbc.toJson(r)));
    }

    /** Drills newest first. */
    public List<DrillRow> list() {
        return jdbc.query("list drills", SELECT + " ORDER BY started_at DESC", DrillStore::row);
    }

    public Optional<DrillRow> find(String drillId) {
        return jdbc.queryFirst("read drill " + drillId, SELECT + " WHERE drill_id = ?", DrillStore::row, drillId);
    }

    private static DrillRow row(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        return new DrillRow(
                id,
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Jdbc.instant(rs, 7),
                Jdbc.instant(rs, 8),
                rs.getLong(9),
                Jdbc.tree(rs.getString(10), "durations of drill " + id),
                Jdbc.tree(rs.getString(11), "checks of drill " + id),
                rs.getString(12),
                rs.getString(13));
    }
}
