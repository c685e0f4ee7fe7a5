package dev.pgdrill.starter;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.core.dashboard.DashboardBuilder;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill status}: the runbook's backup health dashboard and Success Metrics, from the catalog. */
@Command(
        name = "status",
        description = {
            "The backup health dashboard: last and next backup, the 7-day history, the last restore test and the",
            "next, critical metrics, RPO and RTO, alerts of the last 30 days, and the Success Metrics table."
        })
final class StatusCommand implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(
            names = "--database",
            paramLabel = "PROFILE",
            description = "Which backed-up database (default: the first of backup.databases).")
    String database;

    @Override
    public Integer call() {
        String profile = database == null ? cli.config().backup().database() : database;
        if (!cli.config().backup().databases().contains(profile)) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "'" + profile + "' is not backed up (backup.databases: "
                            + String.join(", ", cli.config().backup().databases()) + ")");
        }
        Dashboard d = new DashboardBuilder(cli.config(), cli.catalog())
                .build(HealthReading.read(cli, Instant.now()), profile);
        cli.emit(d, out -> StatusText.print(out, d));
        return ExitCodes.OK;
    }
}
