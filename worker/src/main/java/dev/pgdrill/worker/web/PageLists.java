package dev.pgdrill.worker.web;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.monitor.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The page's lists: alerts, the Success Metrics table, the findings. */
final class PageLists {
    private PageLists() {}

    static void alerts(StringBuilder b, Dashboard.Alerts a) {
        b.append("<section id=\"alerts\"><h2>Alerts (last 30 days)</h2><p>")
                .append("<span id=\"alerts-critical\" class=\"CRITICAL\">")
                .append(a.critical())
                .append("</span> critical, <span id=\"alerts-warning\" class=\"WARNING\">")
                .append(a.warning())
                .append("</span> warning, <span id=\"alerts-info\">")
                .append(a.info())
                .append("</span> informational; <span id=\"alerts-open\">")
                .append(a.open())
                .append("</span> open</p><ul>");
        for (Dashboard.AlertItem i : a.recent()) {
            b.append("<li class=\"")
                    .append(i.severity().toUpperCase(Locale.ROOT))
                    .append("\">")
                    .append(Html.escape(i.title()))
                    .append(" (")
                    .append(Html.time(i.openedAt()))
                    .append(Instant.EPOCH.equals(i.resolvedAt()) ? ", open" : ", resolved " + Html.time(i.resolvedAt()))
                    .append(")</li>");
        }
        b.append("</ul></section>");
    }

    static void success(StringBuilder b, List<Dashboard.SuccessMetric> metrics) {
        b.append("<section><h2>Success metrics</h2><table id=\"success-metrics\"><tr><th>Metric</th><th>Target</th>")
                .append("<th>Current</th><th>Status</th></tr>");
        for (Dashboard.SuccessMetric m : metrics) {
            b.append("<tr data-metric=\"")
                    .append(Html.escape(m.name()))
                    .append("\"><td>")
                    .append(Html.escape(m.name()))
                    .append("</td><td class=\"target\">")
                    .append(Html.escape(m.target()))
                    .append("</td><td class=\"current\">")
                    .append(Html.escape(m.current()))
                    .append("</td><td class=\"status ")
                    .append(m.status())
                    .append("\">")
                    .append(m.status())
                    .append("</td></tr>");
        }
        b.append("</table></section>");
    }

    static void findings(StringBuilder b, List<Finding> findings) {
        b.append("<section id=\"findings\"><h2>Findings now</h2>")
                .append(findings.isEmpty() ? "<p class=\"OK\">nothing found</p>" : "<ul>");
        for (Finding f : findings) {
            b.append("<li class=\"")
                    .append(f.severity().name())
                    .append("\">")
                    .append(f.severity().name())
                    .append(": ")
                    .append(Html.escape(f.title()))
                    .append(". ")
                    .append(Html.escape(f.message()))
                    .append(f.hint().isEmpty() ? "" : " <code>" + Html.escape(f.hint()) + "</code>")
                    .append("</li>");
        }
        b.append(findings.isEmpty() ? "" : "</ul>").append("</section>");
    }
}
