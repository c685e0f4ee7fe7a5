package dev.pgdrill.starter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.DrillRow;
import dev.pgdrill.core.config.PgdrillConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgdrill drills list|show}: the recorded drills. */
@Command(name = "drills", mixinStandardHelpOptions = true, description = "List and inspect recorded drills.",
        subcommands = {DrillsCommand.ListDrills.class, DrillsCommand.Show.class})
final class DrillsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Drills, newest first.")
    static final class ListDrills implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            List<DrillRow> rows;
            try {
                rows = new Catalog(cfg.catalogProfile()).drills().list();
            } catch (CatalogException e) {
                throw Cli.catalogFailure(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Cli.printJson(out, rows);
                return ExitCodes.OK;
            }
            if (rows.isEmpty()) {
                out.println("no drills yet (pgdrill drill run --wait runs one now)");
            }
            for (DrillRow d : rows) {
                out.printf("%-44s %-21s %-4s %-20s RTO %.1f s%n", d.drillId(), Cli.time(d.startedAt()), d.verdict(),
                        d.backupId().isEmpty() ? "(no backup)" : d.backupId(), d.restoreMs() / 1000.0);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One drill with every check.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID", description = "The drill id (its workflow id).")
        String drillId;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            DrillRow d;
            try {
                d = new Catalog(cfg.catalogProfile()).drills().find(drillId).orElseThrow(() -> new CliFailure(
                        ExitCodes.USAGE, "no drill '" + drillId + "' in the catalog (pgdrill drills list shows them)"));
            } catch (CatalogException e) {
                throw Cli.catalogFailure(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Cli.printJson(out, d);
                return ExitCodes.OK;
            }
            out.printf("drill %s: %s, backup %s of '%s' restored into '%s' on '%s'%n", d.drillId(), d.verdict(),
                    d.backupId().isEmpty() ? "(none)" : d.backupId(), d.sourceProfile(), d.database(), d.targetProfile());
            out.printf("  %s → %s, restore %.1f s (RTO)%n", Cli.time(d.startedAt()), Cli.time(d.finishedAt()), d.restoreMs() / 1000.0);
            for (JsonNode c : d.checks()) {
                String status = c.get("status").asText();
                out.printf("  %-4s %-36s %s%s%n", status.equals("PASS") ? "ok" : status, c.get("name").asText(),
                        c.get("actual").asText(), status.equals("PASS") || c.get("detail").asText().isEmpty() ? ""
                                : "  (" + c.get("detail").asText() + ")");
            }
            out.println("  report: " + d.reportPath());
            return ExitCodes.OK;
        }
    }
}
