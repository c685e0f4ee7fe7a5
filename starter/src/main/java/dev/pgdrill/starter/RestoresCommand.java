package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.IncidentRow;
import dev.pgdrill.workflows.emergency.Incident;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pgdrill restores list|show}: every emergency restore of every target, one record per run. The two
 * subcommands are methods: each is a query of the catalog and a way to print it.
 */
@Command(name = "restores", description = "List and inspect emergency restores (one incident record per run).")
final class RestoresCommand {

    @Command(name = "list", description = "Restores, newest incident first, with their outcome.")
    int list(
            @Mixin CliContext cli,
            @Option(names = "--target", paramLabel = "PROFILE", description = "Only this target's restores.")
                    String target) {
        List<Incident> rows = cli.catalog().incidents().list().stream()
                .map(IncidentRow::incident)
                .filter(i -> target == null || i.targetProfile().equals(target))
                .toList();
        cli.emit(rows, out -> {
            if (rows.isEmpty()) {
                out.println("no emergency restores recorded");
            }
            rows.forEach(i -> out.printf(
                    "%-52s %-12s %-22s %-20s %s%n",
                    i.restoreId(),
                    i.targetProfile(),
                    i.outcome(),
                    i.backupId().isEmpty() ? "-" : i.backupId(),
                    Cli.time(i.incidentTime())));
        });
        return ExitCodes.OK;
    }

    @Command(name = "show", description = "One restore: timeline, candidates tried, decisions, checks, report.")
    int show(
            @Mixin CliContext cli,
            @Parameters(paramLabel = "RESTORE_ID", description = "The restore id (pgdrill restores list shows them).")
                    String restoreId) {
        IncidentRow row = cli.catalog()
                .incidents()
                .find(restoreId)
                .orElseThrow(() -> new CliFailure(
                        ExitCodes.USAGE,
                        "no restore '" + restoreId + "' in the catalog (pgdrill restores list shows them)"));
        cli.emit(row, out -> print(out, row));
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, IncidentRow row) {
        Incident i = row.incident();
        out.printf("restore %s of '%s': %s%n", i.restoreId(), i.targetProfile(), i.outcome());
        out.println(
                "  requested by " + i.requestedBy() + ": " + i.reason() + " (incident at " + i.incidentTime() + ")");
        if (!i.backupId().isEmpty()) {
            out.println("  restored backup " + i.backupId() + " taken " + i.backupTime() + ", data-loss window "
                    + i.dataLossWindowMs() / 60_000 + " min");
        }
        if (!i.preRestoreBackupId().isEmpty() || !i.preRestoreDatabase().isEmpty()) {
            out.println("  old production: snapshot " + i.preRestoreBackupId() + ", kept as database "
                    + i.preRestoreDatabase());
        }
        i.attempts().forEach(a -> out.println("  staging " + a.backupId() + ": " + a.verdict() + " " + a.why()));
        i.decisions().forEach(d -> out.println("  " + d.at() + " " + d.who() + " " + d.action() + " " + d.detail()));
        i.timeline().forEach(e -> out.println("  " + e.at() + " [" + e.step() + "] " + e.detail()));
        out.println("  report: " + row.reportPath());
    }
}
