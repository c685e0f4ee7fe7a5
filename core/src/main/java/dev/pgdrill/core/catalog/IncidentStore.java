package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.emergency.Incident;
import java.util.Optional;

/** Emergency restores: one incident record per run. Every method throws {@link CatalogException}. */
public final class IncidentStore {
    private final Jdbc jdbc;

    IncidentStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces an incident record; the columns are read from the record's own JSON. */
    private static final String UPSERT = "INSERT INTO incidents (workflow_id, target_profile, outcome, backup_id,"
            + " incident_time, data_loss_ms, record, report_path)"
            + " SELECT r->>'workflowId', r->>'targetProfile', r->>'outcome', r->>'backupId',"
            + " (r->>'incidentTime')::timestamptz, (r->>'dataLossWindowMs')::bigint, r, ? FROM (SELECT ?::jsonb AS r) AS given"
            + " ON CONFLICT (workflow_id) DO UPDATE SET outcome = EXCLUDED.outcome, backup_id = EXCLUDED.backup_id,"
            + " data_loss_ms = EXCLUDED.data_loss_ms, record = EXCLUDED.record, report_path = EXCLUDED.report_path,"
            + " recorded_at = now()";

    /** A retried activity writes the same incident again. */
    public void record(Incident i, String reportPath) {
        jdbc.withConnection(
                "record incident " + i.workflowId(), c -> Jdbc.update(c, UPSERT, reportPath, Jdbc.toJson(i)));
    }

    public Optional<IncidentRow> find(String workflowId) {
        return jdbc.queryFirst(
                "read incident " + workflowId,
                "SELECT record::text, report_path, recorded_at" + " FROM incidents WHERE workflow_id = ?",
                rs -> new IncidentRow(
                        Jdbc.fromJson(rs.getString(1), Incident.class, "incident " + workflowId),
                        rs.getString(2),
                        Jdbc.instant(rs, 3)),
                workflowId);
    }
}
