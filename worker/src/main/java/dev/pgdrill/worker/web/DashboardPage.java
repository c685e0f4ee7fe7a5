package dev.pgdrill.worker.web;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.monitor.Human;
import java.time.Instant;

/**
 * The dashboard as one self-contained HTML page (inline CSS and SVG, no script, no external asset): the
 * runbook's sections, the Success Metrics table, the charts. Values carry their raw numbers in data attributes,
 * so a test can hold the page against /api/status.
 */
final class DashboardPage {
    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}"
            + "section{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}"
            + "h2{font-size:1.05em;text-transform:uppercase;letter-spacing:.05em;color:#444}"
            + "table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #eee}"
            + ".OK,.COMPLETED,.PASS{color:#1a7f37}.MISSED,.FAILED,.FAIL,.CRITICAL{color:#cf222e}"
            + ".WARNING,.NO_DATA,.NONE{color:#9a6700}.chart{margin:.5em 0}figcaption{font-weight:600}";

    private DashboardPage() {}

    static String render(Dashboard d) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"60\"><title>pgdrill: backup health</title><style>")
                .append(CSS)
                .append("</style></head><body>");
        b.append("<h1>Database backup health: ")
                .append(Html.escape(d.profile()))
                .append("</h1><p id=\"at\" data-at=\"")
                .append(d.at())
                .append("\">")
                .append(time(d.at()))
                .append("</p>");
        backups(b, d);
        drills(b, d);
        metrics(b, d);
        PageLists.alerts(b, d.alerts());
        PageLists.success(b, d.successMetrics());
        PageLists.findings(b, d.findings());
        SvgCharts.history(b, d);
        return b.append("</body></html>").toString();
    }

    private static void backups(StringBuilder b, Dashboard d) {
        Dashboard.Backup last = d.lastBackup();
        b.append("<section id=\"backups\"><h2>Backups</h2><p>Last backup: <span id=\"last-backup\" class=\"")
                .append(last.status())
                .append("\" data-backup-id=\"")
                .append(Html.escape(last.backupId()))
                .append("\" data-age-seconds=\"")
                .append(last.ageSeconds())
                .append("\" data-size-bytes=\"")
                .append(last.sizeBytes())
                .append("\">")
                .append(
                        last.backupId().isEmpty()
                                ? "none completed"
                                : time(last.startedAt()) + " (" + ago(last.ageSeconds()) + " ago), "
                                        + Human.bytes(last.sizeBytes()) + ", " + Html.escape(last.backupId()))
                .append("</span></p>");
        next(b, "next-backup", "Next backup", d.nextBackup());
        b.append("<table id=\"history\"><tr><th>Day</th><th>Status</th><th>Size</th><th>Time</th><th>Took</th>")
                .append("<th>Backup</th></tr>");
        for (Dashboard.Day day : d.history()) {
            boolean none = day.status().equals("NONE");
            b.append("<tr data-date=\"")
                    .append(day.date())
                    .append("\" data-size-bytes=\"")
                    .append(day.sizeBytes())
                    .append("\"><td>")
                    .append(day.date())
                    .append("</td><td class=\"status ")
                    .append(day.status())
                    .append("\">")
                    .append(day.status())
                    .append("</td><td>")
                    .append(day.status().equals("COMPLETED") ? Human.bytes(day.sizeBytes()) : "")
                    .append("</td><td>")
                    .append(none ? "" : time(day.startedAt()))
                    .append("</td><td>")
                    .append(none ? "" : ago(day.durationSeconds()))
                    .append("</td><td>")
                    .append(Html.escape(day.backupId()))
                    .append("</td></tr>");
        }
        b.append("</table><p>Average size: <span id=\"average-size\" data-bytes=\"")
                .append(d.averageSizeBytes())
                .append("\">")
                .append(Human.bytes(d.averageSizeBytes()))
                .append("</span>. Trend: <span id=\"trend\" data-percent=\"")
                .append(d.trend().percent())
                .append("\">")
                .append(d.trend().direction())
                .append(" (")
                .append(d.trend().percent())
                .append("%)</span></p></section>");
    }

    private static void drills(StringBuilder b, Dashboard d) {
        Dashboard.Drill t = d.lastDrill();
        b.append("<section id=\"drills\"><h2>Last restore test</h2><p>")
                .append("<span id=\"last-drill\" class=\"")
                .append(t.verdict())
                .append("\" data-drill-id=\"")
                .append(Html.escape(t.drillId()))
                .append("\" data-restore-seconds=\"")
                .append(t.restoreSeconds())
                .append("\">")
                .append(
                        t.drillId().isEmpty()
                                ? "none yet"
                                : time(t.startedAt()) + ": " + t.verdict() + ", restore " + ago(t.restoreSeconds())
                                        + " (" + Html.escape(t.drillId()) + ")")
                .append("</span>");
        if (!t.runUrl().isEmpty()) {
            b.append(" <a id=\"last-drill-run\" href=\"")
                    .append(Html.escape(t.runUrl()))
                    .append("\">Temporal UI</a>");
        }
        b.append("</p>");
        next(b, "next-drill", "Next test", d.nextDrill());
        b.append("</section>");
    }

    private static void metrics(StringBuilder b, Dashboard d) {
        b.append("<section id=\"critical-metrics\"><h2>Critical metrics</h2><table>");
        for (Dashboard.Metric m : d.criticalMetrics()) {
            b.append("<tr data-metric=\"")
                    .append(Html.escape(m.name()))
                    .append("\"><td>")
                    .append(Html.escape(m.name()))
                    .append("</td><td class=\"value\">")
                    .append(Html.escape(m.value()))
                    .append("</td><td>")
                    .append(Html.escape(m.detail()))
                    .append("</td></tr>");
        }
        b.append("</table><p>Data protected: <span id=\"data-protected\" data-bytes=\"")
                .append(d.dataProtectedBytes())
                .append("\">")
                .append(Human.bytes(d.dataProtectedBytes()))
                .append("</span></p>");
        objective(b, "rpo", "RPO", d.rpo(), "now");
        objective(b, "rto", "RTO", d.rto(), "measured");
        b.append("</section>");
    }

    private static void next(StringBuilder b, String id, String label, Dashboard.NextRun n) {
        b.append("<p>")
                .append(label)
                .append(": <span id=\"")
                .append(id)
                .append("\" data-at=\"")
                .append(n.at())
                .append("\">")
                .append(
                        n.source().equals("paused")
                                ? "paused (" + Html.escape(n.scheduleId()) + ")"
                                : time(n.at()) + " (in " + ago(n.inSeconds()) + ")")
                .append("</span></p>");
    }

    private static void objective(StringBuilder b, String id, String label, Dashboard.Objective o, String verb) {
        b.append("<p>")
                .append(label)
                .append(": <span id=\"")
                .append(id)
                .append("\" class=\"")
                .append(o.met() ? "OK" : "MISSED")
                .append("\" data-target-seconds=\"")
                .append(o.targetSeconds())
                .append("\" data-current-seconds=\"")
                .append(o.currentSeconds())
                .append("\">target ")
                .append(ago(o.targetSeconds()))
                .append(", ")
                .append(verb)
                .append(' ')
                .append(ago(o.currentSeconds()))
                .append("</span></p>");
    }

    private static String time(Instant t) {
        return Html.time(t);
    }

    private static String ago(long seconds) {
        return Html.duration(seconds);
    }
}
