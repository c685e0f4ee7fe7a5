package dev.pgdrill.core.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The audit trail: who did what to which object, and why. Every method throws {@link CatalogException}. */
public final class AuditStore {
    private final Jdbc jdbc;

    AuditStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one line to the audit trail. */
    public void append(String actor, String action, String subject, String detail) {
        jdbc.withConnection("write the audit trail", c -> {
            append(c, actor, action, subject, Jdbc.toJson(Map.of("detail", detail)));
            return null;
        });
    }

    /** The audit trail of one subject (a backup id, a workflow id, a database), oldest first. */
    public List<AuditRecord> trail(String subject) {
        return jdbc.query(
                "read the audit trail of " + subject,
                "SELECT at, actor, action, subject,"
                        + " coalesce(detail->>'detail', '') FROM audit_log WHERE subject = ? ORDER BY id",
                rs -> new AuditRecord(
                        Jdbc.instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                subject);
    }

    /** On the caller's connection, so a change and its audit line share its transaction when there is one. */
    static void append(Connection c, String actor, String action, String subject, String detailJson)
            throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO audit_log (actor, action, subject, detail) VALUES (?, ?, ?, ?::jsonb)",
                actor,
                action,
                subject,
                detailJson);
    }
}
