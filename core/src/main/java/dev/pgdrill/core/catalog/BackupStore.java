package dev.pgdrill.core.catalog;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import dev.pgdrill.workflows.activities.BackupCandidate;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backups and what hangs off them: their files, the holds running restores and drills put on them, the
 * keep mark, and retention's prune log. Every method throws {@link CatalogException}.
 */
public final class BackupStore {
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** Ids per start second before giving up: far more than any schedule starts in one second. */
    private static final int MAX_IDS_PER_SECOND = 999;
    /** The kind of backup an emergency restore takes of production just before replacing it. */
    public static final String PRE_RESTORE = "pre-restore";
    /**
     * The kind, and the profile, of a backup pgdrill did not make, taken in for one ad-hoc verification: no
     * configured profile has that name, so it is never a drill or restore candidate nor any retention's.
     */
    public static final String EXTERNAL = "external";

    private static final String COLUMNS = BackupRow.COLUMNS;

    private final Jdbc jdbc;

    BackupStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of a backup started at {@code startedAt} when no other started in the same second. */
    public static String baseId(Instant startedAt) {
        return ID_FORMAT.format(startedAt);
    }

    /**
     * Inserts a RUNNING row under the first free id for {@code startedAt}'s second, or returns the id this
     * workflow reserved already (a retried activity).
     */
    public String reserve(String backupProfile, String kind, Instant startedAt, String workflowId) {
        return jdbc.withConnection("reserve a backup id for '" + backupProfile + "'", c -> {
            List<String> reserved = Jdbc.query(
                    c,
                    "SELECT backup_id FROM backups WHERE workflow_id = ? AND profile = ?",
                    rs -> rs.getString(1),
                    workflowId,
                    backupProfile);
            if (!reserved.isEmpty()) {
                return reserved.get(0);
            }
            String base = baseId(startedAt);
            for (int n = 1; n <= MAX_IDS_PER_SECOND; n++) {
                String id = n == 1 ? base : base + "-" + n;
                if (Jdbc.update(
                                c,
                                "INSERT INTO backups (backup_id, profile, kind, status, started_at, workflow_id)"
                                        + " VALUES (?, ?, ?, 'RUNNING', ?, ?) ON CONFLICT DO NOTHING",
                                id,
                                backupProfile,
                                kind,
                                startedAt,
                                workflowId)
                        == 1) {
                    return id;
                }
            }
            throw new SQLException("no free backup id for " + base);
        });
    }

    /** Stores the manifest and files and marks the backup COMPLETED, in one transaction. Idempotent. */
    public void complete(Manifest m) {
        jdbc.inTransaction("record backup " + m.backupId() + " as completed", c -> {
            int updated = Jdbc.update(
                    c,
                    // A pre-restore snapshot is the only copy of what production held before a restore: it is
                    // kept past retention until an operator releases it (backups keep --unset).
                    "UPDATE backups SET status = 'COMPLETED', finished_at = ?, size_bytes = ?,"
                            + " encrypted = ?, manifest = ?::jsonb, failure_reason = '',"
                            + " keep = keep OR kind = '" + PRE_RESTORE + "'"
                            + " WHERE backup_id = ? AND status IN ('RUNNING', 'COMPLETED')",
                    m.finishedAt(),
                    m.sizeBytes(),
                    m.encryption().enabled(),
                    Jdbc.toJson(m),
                    m.backupId());
            if (updated != 1) {
                throw new SQLException("backup " + m.backupId() + " is not RUNNING in the catalog");
            }
            Jdbc.update(c, "DELETE FROM backup_files WHERE backup_id = ?", m.backupId());
            List<Object[]> files = new ArrayList<>();
            for (Manifest.FileEntry f : m.files()) {
                files.add(new Object[] {m.backupId(), f.path(), f.sizeBytes(), f.sha256()});
            }
            Jdbc.batch(c, "INSERT INTO backup_files (backup_id, path, size_bytes, sha256) VALUES (?, ?, ?, ?)", files);
            return null;
        });
    }

    /** RUNNING → FAILED with the reason; a COMPLETED backup stays COMPLETED. */
    public void fail(String backupId, String reason) {
        jdbc.update(
                "record backup " + backupId + " as failed",
                "UPDATE backups SET status = 'FAILED',"
                        + " finished_at = now(), failure_reason = ? WHERE backup_id = ? AND status = 'RUNNING'",
                reason,
                backupId);
    }

    /** Newest first; {@code profileFilter} empty for all profiles. */
    public List<BackupRow> list(Optional<String> profileFilter) {
        String order = " ORDER BY started_at DESC, backup_id DESC";
        if (profileFilter.isPresent()) {
            return jdbc.query(
                    "list backups of '" + profileFilter.get() + "'",
                    "SELECT " + COLUMNS + " FROM backups WHERE profile = ?" + order,
                    BackupRow::read,
                    profileFilter.get());
        }
        return jdbc.query("list backups", "SELECT " + COLUMNS + " FROM backups" + order, BackupRow::read);
    }

    public Optional<BackupRow> find(String backupId) {
        return jdbc.queryFirst(
                "read backup " + backupId,
                "SELECT " + COLUMNS + " FROM backups WHERE backup_id = ?",
                BackupRow::read,
                backupId);
    }

    /** The manifest of a COMPLETED backup (only completion stores one). */
    public Optional<Manifest> manifest(String backupId) {
        return jdbc.queryFirst(
                "read the manifest of " + backupId,
                "SELECT manifest::text FROM backups WHERE backup_id = ? AND manifest IS NOT NULL",
                rs -> Jdbc.fromJson(rs.getString(1), Manifest.class, "manifest of " + backupId),
                backupId);
    }

    /** Marks or unmarks a backup as kept past retention; returns false when there is no such backup. */
    public boolean setKeep(String backupId, boolean keep, String actor) {
        return jdbc.withConnection("mark backup " + backupId, c -> {
            boolean found = Jdbc.update(c, "UPDATE backups SET keep = ? WHERE backup_id = ?", keep, backupId) == 1;
            if (found) {
                AuditStore.append(c, actor, keep ? "backup.keep" : "backup.unkeep", backupId, "{}");
            }
            return found;
        });
    }

    /** Backup id → who holds it (running restores and drills). */
    public Map<String, List<String>> holds(String backupProfile) {
        return jdbc
                .query(
                        "read the holds on backups of '" + backupProfile + "'",
                        "SELECT h.backup_id, h.holder"
                                + " FROM backup_holds h JOIN backups b USING (backup_id) WHERE b.profile = ?",
                        rs -> Map.entry(rs.getString(1), rs.getString(2)),
                        backupProfile)
                .stream()
                .collect(groupingBy(Map.Entry::getKey, mapping(Map.Entry::getValue, toList())));
    }

    /** Keeps retention away from a backup until {@link #release}; holding twice is one hold. */
    public void hold(String backupId, String holder) {
        jdbc.update(
                "hold backup " + backupId,
                "INSERT INTO backup_holds (backup_id, holder) VALUES (?, ?) ON CONFLICT DO NOTHING",
                backupId,
                holder);
    }

    public void release(String backupId, String holder) {
        jdbc.update(
                "release backup " + backupId,
                "DELETE FROM backup_holds WHERE backup_id = ? AND holder = ?",
                backupId,
                holder);
    }

    /** Marks a removed backup PRUNED and logs why, in one transaction. Idempotent. */
    public void recordPruned(String backupProfile, String backupId, String reason, String requestedBy) {
        jdbc.inTransaction("record backup " + backupId + " as pruned", c -> {
            // Only the change to PRUNED is logged, so a retried prune does not log the removal twice.
            if (Jdbc.update(
                            c,
                            "UPDATE backups SET status = 'PRUNED' WHERE backup_id = ? AND status <> 'PRUNED'",
                            backupId)
                    == 1) {
                Jdbc.update(
                        c,
                        "INSERT INTO prune_log (profile, backup_id, action, reason, requested_by)"
                                + " VALUES (?, ?, 'REMOVED', ?, ?)",
                        backupProfile,
                        backupId,
                        reason,
                        requestedBy);
            }
            return null;
        });
    }

    /** The prune log of one profile, newest first. */
    public List<PruneLogEntry> pruneLog(String backupProfile) {
        return jdbc.query(
                "read the prune log of '" + backupProfile + "'",
                "SELECT at, backup_id, action, reason,"
                        + " requested_by FROM prune_log WHERE profile = ? ORDER BY id DESC",
                rs -> new PruneLogEntry(
                        Jdbc.instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                backupProfile);
    }

    /** COMPLETED backups of a profile started in [from, to), newest first. */
    public List<BackupCandidate> candidates(String backupProfile, Instant from, Instant to, boolean regularOnly) {
        return jdbc.query(
                "list backups of '" + backupProfile + "'",
                "SELECT backup_id, profile, started_at"
                        + " FROM backups WHERE profile = ? AND status = 'COMPLETED' AND started_at >= ? AND started_at < ?"
                        + " AND (NOT ? OR kind <> '" + PRE_RESTORE + "') ORDER BY started_at DESC, backup_id DESC",
                rs -> new BackupCandidate(rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3)),
                backupProfile,
                from,
                to,
                regularOnly);
    }
}
