package dev.pgdrill.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.workflows.backup.BackupStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the catalog (schema {@code pgdrill}); the record of backups the CLI and dashboard read. */
public final class CatalogStore {
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String COLUMNS = "backup_id, profile, kind, source, status, started_at, finished_at,"
            + " size_bytes, encrypted, keep, failure_reason, coalesce(jsonb_array_length(manifest->'tables'), 0)";

    private final DatabaseProfile profile;

    public CatalogStore(DatabaseProfile catalogProfile) {
        this.profile = catalogProfile;
    }

    private Connection open() throws SQLException {
        Connection c = Connections.open(profile);
        try (var st = c.createStatement()) {
            st.execute("SET search_path = pgdrill");
        }
        return c;
    }

    public static String baseId(Instant startedAt) {
        return ID_FORMAT.format(startedAt);
    }

    /**
     * Inserts a RUNNING row under the first free id for {@code startedAt}'s second, or returns the id this
     * workflow reserved already (a retried activity).
     */
    public String reserveBackup(String backupProfile, String kind, Instant startedAt, String workflowId) throws SQLException {
        try (Connection c = open()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT backup_id FROM backups WHERE workflow_id = ? AND profile = ?")) {
                ps.setString(1, workflowId);
                ps.setString(2, backupProfile);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            String base = baseId(startedAt);
            for (int n = 1; n < 1000; n++) {
                String id = n == 1 ? base : base + "-" + n;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO backups (backup_id, profile, kind, status,"
                        + " started_at, workflow_id) VALUES (?, ?, ?, 'RUNNING', ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, id);
                    ps.setString(2, backupProfile);
                    ps.setString(3, kind);
                    ps.setTimestamp(4, Timestamp.from(startedAt));
                    ps.setString(5, workflowId);
                    if (ps.executeUpdate() == 1) {
                        return id;
                    }
                }
            }
            throw new SQLException("no free backup id for " + base);
        }
    }

    /** Stores the manifest and files and marks the backup COMPLETED, in one transaction. Idempotent. */
    public void completeBackup(Manifest m) throws SQLException {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE backups SET status = 'COMPLETED', finished_at = ?,"
                    + " size_bytes = ?, encrypted = ?, manifest = ?::jsonb, failure_reason = ''"
                    + " WHERE backup_id = ? AND status IN ('RUNNING', 'COMPLETED')")) {
                ps.setTimestamp(1, Timestamp.from(m.finishedAt()));
                ps.setLong(2, m.sizeBytes());
                ps.setBoolean(3, m.encryption().enabled());
                ps.setString(4, json(m));
                ps.setString(5, m.backupId());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("backup " + m.backupId() + " is not RUNNING in the catalog");
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM backup_files WHERE backup_id = ?");
                    PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO backup_files (backup_id, path, size_bytes, sha256) VALUES (?, ?, ?, ?)")) {
                del.setString(1, m.backupId());
                del.executeUpdate();
                for (Manifest.FileEntry f : m.files()) {
                    ins.setString(1, m.backupId());
                    ins.setString(2, f.path());
                    ins.setLong(3, f.sizeBytes());
                    ins.setString(4, f.sha256());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
    }

    /** RUNNING → FAILED with the reason; a COMPLETED backup stays COMPLETED. */
    public void failBackup(String backupId, String reason) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("UPDATE backups SET status = 'FAILED',"
                + " finished_at = now(), failure_reason = ? WHERE backup_id = ? AND status = 'RUNNING'")) {
            ps.setString(1, reason);
            ps.setString(2, backupId);
            ps.executeUpdate();
        }
    }

    /** Newest first; {@code profileFilter} empty for all profiles. */
    public List<BackupRow> listBackups(Optional<String> profileFilter) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM backups" + (profileFilter.isPresent() ? " WHERE profile = ?" : "")
                + " ORDER BY started_at DESC, backup_id DESC";
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (profileFilter.isPresent()) {
                ps.setString(1, profileFilter.get());
            }
            List<BackupRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public Optional<BackupRow> findBackup(String backupId) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM backups WHERE backup_id = ?")) {
            ps.setString(1, backupId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Manifest> manifest(String backupId) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "SELECT manifest::text FROM backups WHERE backup_id = ? AND manifest IS NOT NULL")) {
            ps.setString(1, backupId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(Json.MAPPER.readValue(rs.getString(1), Manifest.class));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable manifest of " + backupId + " in the catalog: " + e.getOriginalMessage(), e);
        }
    }

    /** Marks or unmarks a backup as kept past retention; returns false when there is no such backup. */
    public boolean setKeep(String backupId, boolean keep, String actor) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "UPDATE backups SET keep = ? WHERE backup_id = ?")) {
            ps.setBoolean(1, keep);
            ps.setString(2, backupId);
            boolean found = ps.executeUpdate() == 1;
            if (found) {
                audit(c, actor, keep ? "backup.keep" : "backup.unkeep", backupId, "{}");
            }
            return found;
        }
    }

    /** Backup id → who holds it (running restores and drills). */
    public Map<String, List<String>> holds(String backupProfile) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT h.backup_id, h.holder"
                + " FROM backup_holds h JOIN backups b USING (backup_id) WHERE b.profile = ?")) {
            ps.setString(1, backupProfile);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    public void hold(String backupId, String holder) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO backup_holds (backup_id, holder) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, backupId);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    public void release(String backupId, String holder) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM backup_holds WHERE backup_id = ? AND holder = ?")) {
            ps.setString(1, backupId);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    /** Marks a removed backup PRUNED and logs why, in one transaction. Idempotent. */
    public void recordPruned(String backupProfile, String backupId, String reason, String requestedBy) throws SQLException {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE backups SET status = 'PRUNED' WHERE backup_id = ? AND status <> 'PRUNED'")) {
                up.setString(1, backupId);
                if (up.executeUpdate() == 1) {
                    logPrune(c, backupProfile, backupId, "REMOVED", reason, requestedBy);
                }
            }
            c.commit();
        }
    }

    /** The prune log, newest first, for one profile. */
    public List<String[]> pruneLog(String backupProfile) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT backup_id, action, reason"
                + " FROM prune_log WHERE profile = ? ORDER BY id DESC")) {
            ps.setString(1, backupProfile);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return out;
    }

    /** COMPLETED backups of a profile started in [from, to), newest first. */
    public List<dev.pgdrill.workflows.activities.BackupCandidate> candidates(String backupProfile, Instant from, Instant to)
            throws SQLException {
        List<dev.pgdrill.workflows.activities.BackupCandidate> out = new ArrayList<>();
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT backup_id, profile, started_at"
                + " FROM backups WHERE profile = ? AND status = 'COMPLETED' AND started_at >= ? AND started_at < ?"
                + " ORDER BY started_at DESC, backup_id DESC")) {
            ps.setString(1, backupProfile);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new dev.pgdrill.workflows.activities.BackupCandidate(rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    /** Inserts or replaces a drill's record. */
    public void recordDrill(dev.pgdrill.workflows.activities.DrillRecord r, String reportPath) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("INSERT INTO drills (drill_id, backup_id,"
                + " source_profile, target_profile, database_name, verdict, started_at, finished_at, restore_ms, durations,"
                + " checks, report_path, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)"
                + " ON CONFLICT (drill_id) DO UPDATE SET backup_id = EXCLUDED.backup_id, verdict = EXCLUDED.verdict,"
                + " finished_at = EXCLUDED.finished_at, restore_ms = EXCLUDED.restore_ms, durations = EXCLUDED.durations,"
                + " checks = EXCLUDED.checks, report_path = EXCLUDED.report_path, database_name = EXCLUDED.database_name")) {
            ps.setString(1, r.drillId());
            ps.setString(2, r.backupId());
            ps.setString(3, r.sourceProfile());
            ps.setString(4, r.targetProfile());
            ps.setString(5, r.database());
            ps.setString(6, r.verdict().name());
            ps.setTimestamp(7, Timestamp.from(r.startedAt()));
            ps.setTimestamp(8, Timestamp.from(r.finishedAt()));
            ps.setLong(9, r.restoreMs());
            ps.setString(10, jsonOf(r.durationsMs()));
            ps.setString(11, jsonOf(r.checks()));
            ps.setString(12, reportPath);
            ps.setString(13, r.requestedBy());
            ps.executeUpdate();
        }
    }

    /** Drills newest first, as stored (the JSON of their DrillRecord plus the report path). */
    public List<DrillRow> listDrills() throws SQLException {
        return drills("", null);
    }

    public Optional<DrillRow> findDrill(String drillId) throws SQLException {
        return drills(" WHERE drill_id = ?", drillId).stream().findFirst();
    }

    private List<DrillRow> drills(String where, String arg) throws SQLException {
        List<DrillRow> out = new ArrayList<>();
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT drill_id, backup_id, source_profile,"
                + " target_profile, database_name, verdict, started_at, finished_at, restore_ms, durations::text, checks::text,"
                + " report_path, requested_by FROM drills" + where + " ORDER BY started_at DESC")) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DrillRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getLong(9),
                            Json.MAPPER.readTree(rs.getString(10)), Json.MAPPER.readTree(rs.getString(11)),
                            rs.getString(12), rs.getString(13)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable drill record: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    /** A drill as stored; durations and checks as JSON trees (their shape is DrillRecord's). */
    public record DrillRow(String drillId, String backupId, String sourceProfile, String targetProfile, String database,
            String verdict, Instant startedAt, Instant finishedAt, long restoreMs,
            com.fasterxml.jackson.databind.JsonNode durations, com.fasterxml.jackson.databind.JsonNode checks,
            String reportPath, String requestedBy) {}

    private static String jsonOf(Object o) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new SQLException("unable to serialize: " + e.getOriginalMessage(), e);
        }
    }

    private static void logPrune(Connection c, String p, String id, String action, String reason, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prune_log (profile, backup_id, action, reason,"
                + " requested_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, p);
            ps.setString(2, id);
            ps.setString(3, action);
            ps.setString(4, reason);
            ps.setString(5, by);
            ps.executeUpdate();
        }
    }

    /** Appends one line to the audit trail. */
    public void audit(String actor, String action, String subject, String detail) throws SQLException {
        try (Connection c = open()) {
            audit(c, actor, action, subject, jsonOf(java.util.Map.of("detail", detail)));
        }
    }

    /** The audit trail of one subject (a backup id, a workflow id), oldest first. */
    public List<String[]> auditTrail(String subject) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT at::text, actor, action,"
                + " detail->>'detail' FROM audit_log WHERE subject = ? ORDER BY id")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return out;
    }

    /** Inserts or replaces an incident record. */
    public void recordIncident(dev.pgdrill.workflows.emergency.Incident i, String reportPath) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (workflow_id,"
                + " target_profile, outcome, backup_id, incident_time, data_loss_ms, record, report_path)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (workflow_id) DO UPDATE SET outcome = EXCLUDED.outcome,"
                + " backup_id = EXCLUDED.backup_id, data_loss_ms = EXCLUDED.data_loss_ms, record = EXCLUDED.record,"
                + " report_path = EXCLUDED.report_path, recorded_at = now()")) {
            ps.setString(1, i.workflowId());
            ps.setString(2, i.targetProfile());
            ps.setString(3, i.outcome().name());
            ps.setString(4, i.backupId());
            ps.setTimestamp(5, Timestamp.from(i.incidentTime()));
            ps.setLong(6, i.dataLossWindowMs());
            ps.setString(7, jsonOf(i));
            ps.setString(8, reportPath);
            ps.executeUpdate();
        }
    }

    private static void audit(Connection c, String actor, String action, String subject, String detailJson)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (actor, action, subject, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, subject);
            ps.setString(4, detailJson);
            ps.executeUpdate();
        }
    }

    private static BackupRow row(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(7);
        return new BackupRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                BackupStatus.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant), rs.getLong(8), rs.getBoolean(9),
                rs.getBoolean(10), rs.getString(11), rs.getInt(12));
    }

    private static String json(Manifest m) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new SQLException("unable to serialize manifest of " + m.backupId(), e);
        }
    }
}
