package dev.pgdrill.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.workflows.monitor.BackupFact;
import dev.pgdrill.workflows.monitor.DrillFact;
import dev.pgdrill.workflows.monitor.ProfileFacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the monitor and the dashboard read about backups and drills: per profile, the recent backups, the
 * newest completed one, the first one, the drills. Regular backups only (pre-restore snapshots are copies of a
 * damaged production, not the daily backup). Every method throws {@link CatalogException}.
 */
public final class HealthStore {
    private static final String REGULAR = " AND kind <> '" + BackupStore.PRE_RESTORE + "'";
    private static final String BACKUP = "SELECT backup_id, status, kind, started_at, finished_at, size_bytes,"
            + " failure_reason FROM backups WHERE profile = ?" + REGULAR;
    private static final String DRILL =
            "SELECT drill_id, backup_id, verdict, started_at, restore_ms, checks::text FROM drills WHERE source_profile = ?";

    private final Jdbc jdbc;

    HealthStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The monitor's facts about one profile; {@code from}: how far back the recent backups go. */
    public ProfileFacts profileFacts(String profile, Instant from) {
        return jdbc.withConnection("read the health of '" + profile + "'", c -> {
            List<BackupFact> recent = Jdbc.query(
                    c,
                    BACKUP + " AND started_at >= ? ORDER BY started_at DESC, backup_id DESC",
                    HealthStore::backup,
                    profile,
                    from);
            BackupFact newest = Jdbc.query(
                            c,
                            BACKUP + " AND status = 'COMPLETED' ORDER BY started_at DESC, backup_id DESC LIMIT 1",
                            HealthStore::backup,
                            profile)
                    .stream()
                    .findFirst()
                    .orElse(BackupFact.NONE);
            Instant first = Jdbc.query(
                            c,
                            "SELECT min(started_at) FROM backups WHERE profile = ?" + REGULAR,
                            rs -> Jdbc.optionalInstant(rs, 1),
                            profile)
                    .get(0)
                    .orElse(Instant.EPOCH);
            DrillFact drill =
                    Jdbc.query(c, DRILL + " ORDER BY started_at DESC LIMIT 1", HealthStore::drill, profile).stream()
                            .findFirst()
                            .orElse(DrillFact.NONE);
            return new ProfileFacts(profile, recent, newest, first, drill);
        });
    }

    /** A profile's regular backups started since {@code from}, newest first. */
    public List<BackupFact> backups(String profile, Instant from) {
        return jdbc.query(
                "read the backups of '" + profile + "'",
                BACKUP + " AND started_at >= ? ORDER BY started_at DESC, backup_id DESC",
                HealthStore::backup,
                profile,
                from);
    }

    /** A profile's drills started since {@code from}, newest first. */
    public List<DrillFact> drills(String profile, Instant from) {
        return jdbc.query(
                "read the drills of '" + profile + "'",
                DRILL + " AND started_at >= ? ORDER BY started_at DESC",
                HealthStore::drill,
                profile,
                from);
    }

    /**
     * The critical metrics of the newest drill of {@code profile} that passed: its {@code metric:<name>} checks
     * (name, value, detail), read from the database it restored and verified. Empty before such a drill.
     */
    public List<MetricValue> metrics(String profile) {
        return jdbc.query(
                "read the critical metrics of '" + profile + "'",
                "SELECT d.drill_id, d.started_at, substr(c->>'name', 8), coalesce(c->>'actual', ''),"
                        + " coalesce(c->>'detail', '') FROM (SELECT drill_id, started_at, checks FROM drills"
                        + " WHERE source_profile = ? AND verdict = 'PASS' ORDER BY started_at DESC LIMIT 1) d,"
                        + " jsonb_array_elements(d.checks) c WHERE c->>'name' LIKE 'metric:%' AND c->>'status' = 'PASS'",
                rs -> new MetricValue(
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(1), Jdbc.instant(rs, 2)),
                profile);
    }

    /** One critical metric as the newest passing drill read it. */
    public record MetricValue(String name, String value, String detail, String drillId, Instant at) {}

    private static BackupFact backup(ResultSet rs) throws SQLException {
        return new BackupFact(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Jdbc.instant(rs, 4),
                Jdbc.optionalInstant(rs, 5).orElse(Instant.EPOCH),
                rs.getLong(6),
                rs.getString(7));
    }

    private static DrillFact drill(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        List<String> failed = new ArrayList<>();
        for (JsonNode check : Jdbc.tree(rs.getString(6), "checks of drill " + id)) {
            boolean critical = Optional.ofNullable(check.get("critical"))
                    .map(JsonNode::asBoolean)
                    .orElse(true);
            if (critical && "FAIL".equals(check.path("status").asText())) {
                failed.add(check.path("name").asText());
            }
        }
        return new DrillFact(id, rs.getString(2), rs.getString(3), Jdbc.instant(rs, 4), rs.getLong(5), failed);
    }
}
