package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.emergency.Incident;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Emergency restores: one incident record per run. Every method throws {@link CatalogException}. */
public final class IncidentStore {
    private static final String SELECT = "SELECT record::text, report_path, recorded_at, restore_id FROM incidents";

    private final Jdbc jdbc;

    IncidentStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces an incident record; the columns are read from the record's own JSON. */
    private static final String UPSERT = "INSERT INTO incidents (restore_id, workflow_id, target_profile, outcome,"
            + " backup_id, incident_time, data_loss_ms, record, report_path)"
            + " SELECT r->>'restoreId', r->>'workflowId', r->>'targetProfile', r->>'outcome', r->>'backupId',"
            + " (r->>'incidentTime')::timestamptz, (r->>'dataLossWindowMs')::bigint, r, ? FROM (SELECT ?::jsonb AS r) AS given"
            + " ON CONFLICT (restore_id) DO UPDATE SET outcome = EXCLUDED.outcome, backup_id = EXCLUDED.backup_id,"
            + " data_loss_ms = EXCLUDED.data_loss_ms, record = EXCLUDED.record, report_path = EXCLUDED.report_path,"
            + " recorded_at = now()";

    /** A retried activity writes the same incident again. */
    public void record(Incident i, String reportPath) {
        jdbc.withConnection(
                "record incident " + i.workflowId(), c -> Jdbc.update(c, UPSERT, reportPath, Jdbc.toJson(i)));
    }

    /** Every restore of every target, newest first (by incident time). */
    public List<IncidentRow> list() {
        return jdbc.query(
                "list restores", SELECT + " ORDER BY incident_time DESC, recorded_at DESC", IncidentStore::row);
    }

    /** One run by its restore id (or, for records from before restore ids, its workflow id). */
    public Optional<IncidentRow> find(String restoreId) {
        return jdbc.queryFirst(
                "read restore " + restoreId, SELECT + " WHERE restore_id = ?", IncidentStore::row, restoreId);
    }

    private static IncidentRow row(ResultSet rs) throws SQLException {
        return new IncidentRow(
                Jdbc.fromJson(rs.getString(1), Incident.class, "incident " + rs.getString(4)),
                rs.getString(2),
                Jdbc.instant(rs, 3));
    }
}
