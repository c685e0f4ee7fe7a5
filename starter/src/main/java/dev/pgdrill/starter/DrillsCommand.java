package dev.pgdrill.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.catalog.DrillRow;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pgdrill drills list|show}: the recorded drills. */
@Command(
        name = "drills",
        description = "List and inspect recorded drills.",
        subcommands = {DrillsCommand.ListDrills.class, DrillsCommand.Show.class})
final class DrillsCommand {

    @Command(name = "list", description = "Drills, newest first.")
    static final class ListDrills implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Override
        public Integer call() {
            List<DrillRow> rows = cli.catalog().drills().list();
            cli.emit(rows, out -> {
                if (rows.isEmpty()) {
                    out.println("no drills yet (pgdrill drill run --wait runs one now)");
                }
                for (DrillRow d : rows) {
                    out.printf(
                            "%-44s %-21s %-4s %-20s RTO %.1f s%n",
                            d.drillId(),
                            Cli.time(d.startedAt()),
                            d.verdict(),
                            d.backupId().isEmpty() ? "(no backup)" : d.backupId(),
                            d.restoreMs() / 1000.0);
                }
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "One drill with every check.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(paramLabel = "ID", description = "The drill id (its workflow id).")
        String drillId;

        @Override
        public Integer call() {
            DrillRow d = cli.catalog()
                    .drills()
                    .find(drillId)
                    .orElseThrow(() -> new CliFailure(
                            ExitCodes.USAGE,
                            "no drill '" + drillId + "' in the catalog (pgdrill drills list shows them)"));
            cli.emit(d, out -> {
                out.printf(
                        "drill %s: %s, backup %s of '%s' restored into '%s' on '%s'%n",
                        d.drillId(),
                        d.verdict(),
                        d.backupId().isEmpty() ? "(none)" : d.backupId(),
                        d.sourceProfile(),
                        d.database(),
                        d.targetProfile());
                out.printf(
                        "  %s → %s, restore %.1f s (RTO)%n",
                        Cli.time(d.startedAt()), Cli.time(d.finishedAt()), d.restoreMs() / 1000.0);
                for (JsonNode c : d.checks()) {
                    String status = c.get("status").asText();
                    out.printf(
                            "  %-4s %-36s %s%s%n",
                            status.equals("PASS") ? "ok" : status,
                            c.get("name").asText(),
                            c.get("actual").asText(),
                            status.equals("PASS") || c.get("detail").asText().isEmpty()
                                    ? ""
                                    : "  (" + c.get("detail").asText() + ")");
                }
                out.println("  report: " + d.reportPath());
            });
            return ExitCodes.OK;
        }
    }
}
