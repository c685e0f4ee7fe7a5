package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.preflight.DatabasePreflight;
import dev.pgdrill.core.preflight.DoctorCheck;
import dev.pgdrill.core.temporal.TemporalConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill doctor}: a preflight of everything pgdrill needs, one line per check. */
@Command(
        name = "doctor",
        description = {
            "Check Temporal, the database profiles, pg_dump/pg_restore, the repository and the catalog.",
            "Exit 0 when every check passes, 1 when one fails, 2 on a configuration error."
        })
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(names = "--migrate", description = "Apply catalog migrations and register missing search attributes.")
    boolean migrate;

    @Override
    public Integer call() throws Exception {
        PgdrillConfig cfg = cli.config();
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(DoctorCheck.ok(
                "config", cfg.source() + " is valid (" + cfg.databases().size() + " database profiles)"));
        try (TemporalConnection temporal = new TemporalConnection(cfg.temporal())) {
            checks.addAll(new TemporalPreflight(temporal).run(migrate));
        }
        checks.addAll(new DatabasePreflight(cfg).run(migrate));
        boolean ok = checks.stream().noneMatch(DoctorCheck::failed);
        cli.emit(new Report(ok, checks), out -> {
            for (DoctorCheck c : checks) {
                String status =
                        c.status().name().equals("OK") ? "ok" : c.status().name();
                out.printf(Locale.ROOT, "%-4s  %-30s %s%n", status, c.name(), c.detail());
                if (!c.hint().isEmpty()) {
                    out.printf(Locale.ROOT, "      %-30s hint: %s%n", "", c.hint());
                }
            }
            long failed = checks.stream().filter(DoctorCheck::failed).count();
            out.println(
                    ok
                            ? "all " + checks.size() + " checks passed"
                            : failed + " of " + checks.size() + " checks failed");
        });
        return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** The JSON contract of {@code doctor --json}. */
    record Report(boolean ok, List<DoctorCheck> checks) {}
}
