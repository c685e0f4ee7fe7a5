package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.monitor.AlertChange;
import dev.pgdrill.workflows.monitor.ChangeKind;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.Finding;
import dev.pgdrill.workflows.monitor.OpenAlert;
import dev.pgdrill.workflows.notify.Severity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The monitor's alerts and every delivery attempt. A change is made only while the alert is as the changing
 * run read it, so of two monitor runs at once one makes (and notifies) each change. Every method throws
 * {@link CatalogException}.
 */
public final class AlertStore {
    private static final String COLUMNS = "id, alert_key, check_name, subject, severity, title, message, since,"
            + " hint, opened_at, last_notified_at, reminders, resolved_at";

    private final Jdbc jdbc;

    AlertStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<OpenAlert> open() {
        return jdbc
                .query(
                        "read the open alerts",
                        "SELECT " + COLUMNS + " FROM alerts WHERE resolved_at IS NULL ORDER BY id",
                        AlertStore::row)
                .stream()
                .map(a -> new OpenAlert(a.alertId(), a.finding(), a.openedAt(), a.lastNotifiedAt(), a.reminders()))
                .toList();
    }

    /** Alerts open now or opened since {@code from}, newest first. */
    public List<AlertRow> since(Instant from) {
        return jdbc.query(
                "read the alerts since " + from,
                "SELECT " + COLUMNS + " FROM alerts WHERE resolved_at IS NULL OR opened_at >= ?"
                        + " ORDER BY opened_at DESC, id DESC",
                AlertStore::row,
                from);
    }

    /**
     * Makes the change if the alert is still as {@code r}'s run read it; returns the alert's id, or 0 when
     * another run made it first. A retry by the same run finds its change made and returns the id again.
     */
    public long apply(ChangeRequest r) {
        AlertChange c = r.change();
        String verb =
                "record alert " + c.finding().key() + " as " + c.kind().name().toLowerCase(Locale.ROOT);
        return jdbc.inTransaction(verb, conn -> {
            if (c.kind() == ChangeKind.OPENED) {
                return open(conn, c.finding(), r.run(), r.at());
            }
            int changed = c.kind() == ChangeKind.RESOLVED
                    ? Jdbc.update(
                            conn,
                            "UPDATE alerts SET resolved_at = ?, resolved_by = ?"
                                    + " WHERE id = ? AND resolved_at IS NULL AND last_notified_at = ?",
                            r.at(),
                            r.run(),
                            c.alertId(),
                            c.lastNotifiedAt())
                    : notified(conn, c, r);
            if (changed == 1) {
                return c.alertId();
            }
            String mine = c.kind() == ChangeKind.RESOLVED
                    ? "resolved_by = ? AND resolved_at = ?"
                    : "last_notified_by = ? AND last_notified_at = ?";
            return first(conn, "SELECT id FROM alerts WHERE id = ? AND " + mine, c.alertId(), r.run(), r.at());
        });
    }

    /** Inserts the open alert unless one is open under its key; an alert this run opened (a retry) is its. */
    private static long open(Connection conn, Finding f, String run, Instant at) throws SQLException {
        List<Long> inserted = Jdbc.query(
                conn,
                "INSERT INTO alerts (alert_key, check_name, subject, severity, title, message, hint, since,"
                        + " opened_at, opened_by, last_notified_at, last_notified_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (alert_key) WHERE resolved_at IS NULL DO NOTHING RETURNING id",
                rs -> rs.getLong(1),
                f.key(),
                f.check(),
                f.subject(),
                f.severity().name(),
                f.title(),
                f.message(),
                f.hint(),
                f.since(),
                at,
                run,
                at,
                run);
        if (!inserted.isEmpty()) {
            return inserted.get(0);
        }
        return first(
                conn,
                "SELECT id FROM alerts WHERE alert_key = ? AND resolved_at IS NULL AND opened_by = ?",
                f.key(),
                run);
    }

    /** A reminder or an escalation: the finding as notified now, since unchanged. */
    private static int notified(Connection conn, AlertChange c, ChangeRequest r) throws SQLException {
        Finding f = c.finding();
        return Jdbc.update(
                conn,
                "UPDATE alerts SET severity = ?, title = ?, message = ?, hint = ?, last_notified_at = ?,"
                        + " last_notified_by = ?, reminders = reminders + ?"
                        + " WHERE id = ? AND resolved_at IS NULL AND last_notified_at = ?",
                f.severity().name(),
                f.title(),
                f.message(),
                f.hint(),
                r.at(),
                r.run(),
                c.kind() == ChangeKind.REMINDED ? 1 : 0,
                c.alertId(),
                c.lastNotifiedAt());
    }

    private static long first(Connection conn, String sql, Object... params) throws SQLException {
        return Jdbc.query(conn, sql, rs -> rs.getLong(1), params).stream()
                .findFirst()
                .orElse(0L);
    }

    /** One delivery attempt, whatever its outcome. */
    public void recordDelivery(DeliveryRow d) {
        jdbc.update(
                "record a delivery to " + d.channel(),
                "INSERT INTO alert_deliveries (alert_id, notice_key, kind, channel, attempt, at, outcome, detail,"
                        + " workflow_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.alertId() == 0 ? null : d.alertId(),
                d.noticeKey(),
                d.kind(),
                d.channel(),
                d.attempt(),
                d.at(),
                d.outcome(),
                d.detail(),
                d.workflowId());
    }

    /** Delivery attempts since {@code from}, oldest first. */
    public List<DeliveryRow> deliveries(Instant from) {
        return jdbc.query(
                "read the deliveries since " + from,
                "SELECT coalesce(alert_id, 0), notice_key, kind, channel, attempt, at, outcome, detail, workflow_id"
                        + " FROM alert_deliveries WHERE at >= ? ORDER BY at, id",
                rs -> new DeliveryRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        Jdbc.instant(rs, 6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9)),
                from);
    }

    private static AlertRow row(ResultSet rs) throws SQLException {
        Finding f = new Finding(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Severity.valueOf(rs.getString(5)),
                rs.getString(6),
                rs.getString(7),
                Jdbc.instant(rs, 8),
                rs.getString(9));
        return new AlertRow(
                rs.getLong(1),
                f,
                Jdbc.instant(rs, 10),
                Jdbc.instant(rs, 11),
                rs.getInt(12),
                Jdbc.optionalInstant(rs, 13));
    }
}
