package dev.pgdrill.starter;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.monitor.Human;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The dashboard as the runbook draws it, in a terminal. */
final class StatusText {
    private StatusText() {}

    static void print(PrintWriter out, Dashboard d) {
        out.println("DATABASE BACKUP HEALTH DASHBOARD: '" + d.profile() + "', " + Cli.time(d.at()));
        out.println();
        Dashboard.Backup b = d.lastBackup();
        out.println(
                b.backupId().isEmpty()
                        ? "Last backup: ❌ none completed"
                        : "Last backup: " + (d.rpo().met() ? "✅ " : "⚠️ ") + Cli.time(b.startedAt()) + " ("
                                + Cli.relative(b.startedAt(), d.at()) + "), " + Human.bytes(b.sizeBytes()) + ", took "
                                + Human.duration(Duration.ofSeconds(b.durationSeconds())) + "  [" + b.backupId() + "]");
        out.println("Next backup: " + next(d.nextBackup(), d.at()));
        out.println();
        out.println("7-DAY BACKUP HISTORY");
        for (Dashboard.Day day : d.history()) {
            out.println("  " + day.date() + "  "
                    + switch (day.status()) {
                        case "COMPLETED" ->
                            String.format(
                                    Locale.ROOT,
                                    "✅ %-10s %s  %-6s %s",
                                    Human.bytes(day.sizeBytes()),
                                    Cli.time(day.startedAt()).substring(11),
                                    Human.duration(Duration.ofSeconds(day.durationSeconds())),
                                    day.backupId());
                        case "FAILED" ->
                            "❌ FAILED     " + Cli.time(day.startedAt()).substring(11) + "         " + day.backupId();
                        default -> "—  no backup";
                    });
        }
        out.println("  Average size: " + Human.bytes(d.averageSizeBytes()));
        out.printf(
                Locale.ROOT,
                "  Trend: %s %s (%+.1f%% over the week)%n",
                d.trend().direction().equals("growing")
                        ? "📈"
                        : d.trend().direction().equals("shrinking") ? "📉" : "➡️",
                d.trend().direction(),
                d.trend().percent());
        out.println();
        out.println("LAST RESTORE TEST");
        Dashboard.Drill t = d.lastDrill();
        out.println(
                t.drillId().isEmpty()
                        ? "  none yet"
                        : "  " + Cli.time(t.startedAt()) + "  " + (t.verdict().equals("PASS") ? "✅ PASS" : "❌ FAIL")
                                + "  restore " + Human.duration(Duration.ofSeconds(t.restoreSeconds())) + "  ["
                                + t.drillId()
                                + "]" + (t.runUrl().isEmpty() ? "" : "  " + t.runUrl()));
        out.println("  Next test: " + next(d.nextDrill(), d.at()));
        out.println();
        out.println(
                "CRITICAL METRICS" + (d.criticalMetrics().isEmpty() ? "" : " (as the newest passing drill read them)"));
        d.criticalMetrics()
                .forEach(m -> out.println(
                        "  " + m.name() + ": " + m.value() + (m.detail().isEmpty() ? "" : " (" + m.detail() + ")")));
        out.println("  Data protected: " + Human.bytes(d.dataProtectedBytes()));
        out.println("  RPO: target " + secs(d.rpo().targetSeconds()) + ", now "
                + secs(d.rpo().currentSeconds()) + (d.rpo().met() ? " ✅" : " ❌"));
        out.println("  RTO: target " + secs(d.rto().targetSeconds()) + ", measured "
                + (t.drillId().isEmpty() ? "never" : secs(d.rto().currentSeconds()))
                + (d.rto().met() ? " ✅" : " ❌"));
        out.println();
        out.println("ALERTS (last 30 days)");
        Dashboard.Alerts a = d.alerts();
        out.println(a.critical() == 0 ? "  ✅ No critical alerts" : "  🔴 " + a.critical() + " critical");
        out.println("  ⚠️  " + a.warning() + " warning, ℹ️  " + a.info() + " informational, " + a.open() + " open");
        a.recent()
                .forEach(i -> out.println("    " + i.severity().toUpperCase(Locale.ROOT) + "  " + i.title() + "  ("
                        + Cli.time(i.openedAt()) + (Instant.EPOCH.equals(i.resolvedAt()) ? ", open)" : ", resolved)")));
        out.println();
        printMetrics(out, d.successMetrics());
        if (!d.findings().isEmpty()) {
            out.println();
            out.println("FINDINGS NOW");
            CheckCommand.printFindings(out, d.findings());
        }
    }

    private static void printMetrics(PrintWriter out, List<Dashboard.SuccessMetric> metrics) {
        out.println("SUCCESS METRICS");
        out.printf("  %-26s %-9s %-42s %s%n", "Metric", "Target", "Current", "Status");
        for (Dashboard.SuccessMetric m : metrics) {
            String status =
                    switch (m.status()) {
                        case "OK" -> "✅";
                        case "MISSED" -> "❌";
                        default -> "⏳";
                    };
            out.printf("  %-26s %-9s %-42s %s%n", m.name(), m.target(), m.current(), status);
        }
    }

    private static String next(Dashboard.NextRun n, Instant now) {
        return switch (n.source()) {
            case "paused" -> "⏸ schedule " + n.scheduleId() + " is paused";
            case "cron" ->
                "🕐 " + Cli.time(n.at()) + " (" + Cli.relative(n.at(), now) + ", by the configured cron:"
                        + " the schedule is not in Temporal or Temporal did not answer)";
            default -> "🕐 " + Cli.time(n.at()) + " (" + Cli.relative(n.at(), now) + ")";
        };
    }

    private static String secs(long seconds) {
        return Human.duration(Duration.ofSeconds(seconds));
    }
}
