package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.monitor.Finding;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.MonitorRules;
import dev.pgdrill.workflows.notify.Severity;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill check}: the monitor's findings now, from the catalog, the schedules and the repository, for
 * cron and monitoring systems that want an exit code. Reads only: opens, reminds and resolves nothing.
 */
@Command(
        name = "check",
        description = {
            "The backup monitor's findings now, without waiting for its schedule (read-only: no alert changes).",
            "Exit 0 when nothing is warning or worse, 1 otherwise; with --nagios: 0 OK, 1 WARNING, 2 CRITICAL,",
            "3 UNKNOWN (the catalog could not be read), and one status line first."
        })
final class CheckCommand implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(names = "--nagios", description = "Nagios plugin output and exit codes (like barman check --nagios).")
    boolean nagios;

    /** The JSON contract of {@code pgdrill check --json}. */
    record Checked(String status, Instant at, boolean schedulesKnown, List<Finding> findings) {}

    @Override
    public Integer call() {
        PgdrillConfig cfg = cli.config();
        MonitorFacts facts;
        try {
            facts = HealthReading.read(cli, Instant.now());
        } catch (RuntimeException e) {
            if (!nagios) {
                throw e;
            }
            cli.out().println("PGDRILL UNKNOWN - " + e.getMessage());
            cli.out().flush();
            return ExitCodes.INFRASTRUCTURE; // Nagios UNKNOWN
        }
        List<Finding> findings = MonitorRules.evaluate(facts, WorkflowSettings.monitor(cfg));
        Severity worst = findings.isEmpty() ? null : findings.get(0).severity();
        String status = worst == null || worst == Severity.INFO ? "OK" : worst.name();
        Checked checked = new Checked(status, facts.at(), facts.schedulesKnown(), findings);
        cli.emit(checked, out -> {
            if (nagios) {
                out.println("PGDRILL " + status + " - " + headline(findings));
            } else {
                out.println(findings.isEmpty() ? "ok: nothing found" : findings.size() + " finding(s), worst " + worst);
            }
            printFindings(out, findings);
            HealthReading.unknownNote(facts, cfg).forEach(n -> out.println("  note: " + n));
        });
        if (nagios) {
            return switch (status) {
                case "CRITICAL" -> 2;
                case "WARNING" -> 1;
                default -> 0;
            };
        }
        return status.equals("OK") ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static String headline(List<Finding> findings) {
        List<Finding> serious = findings.stream()
                .filter(f -> f.severity().atLeast(Severity.WARNING))
                .toList();
        return serious.isEmpty()
                ? "backups, drills, schedules and repository healthy"
                : String.join("; ", serious.stream().map(Finding::title).toList());
    }

    /** One line per finding, worst first, with its hint. */
    static void printFindings(PrintWriter out, List<Finding> findings) {
        for (Finding f : findings) {
            out.printf("  %-8s %s: %s%n", f.severity().name(), f.title(), f.message());
            if (!f.hint().isEmpty()) {
                out.println("           → " + f.hint());
            }
        }
    }
}
