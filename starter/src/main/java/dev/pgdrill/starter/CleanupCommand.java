package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Leftovers;
import dev.pgdrill.core.db.Leftovers.Leftover;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill cleanup}: lists the databases pgdrill left on purpose (old production databases kept by
 * a restore, failed restores set aside) or by accident (a sandbox a crash left), and drops one only when
 * asked by name. A database switched into production is never listed.
 */
@Command(
        name = "cleanup",
        description = {"List databases pgdrill kept or left behind; drop one with --drop NAME."})
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(
            names = "--drop",
            paramLabel = "NAME",
            description = "Drop this listed database (on the server that has it).")
    String drop;

    /** The JSON answer of {@code cleanup --drop NAME --json}. */
    record Dropped(String database, String server, boolean dropped) {}

    @Override
    public Integer call() {
        PgdrillConfig cfg = cli.config();
        if (drop != null) {
            Leftover l = Leftovers.named(cfg, drop)
                    .orElseThrow(() -> new CliFailure(
                            ExitCodes.USAGE,
                            "'" + drop + "' is not a database pgdrill kept or left (pgdrill cleanup lists them)"));
            boolean dropped;
            try {
                dropped = Leftovers.drop(cfg, l);
            } catch (OwnershipException e) {
                throw new CliFailure(ExitCodes.CHECK_FAILED, e.getMessage());
            }
            RestoreCommand.audit(cli, "cleanup.drop", l.database(), l.comment());
            cli.emit(
                    new Dropped(l.database(), l.server(), dropped),
                    out -> out.println((dropped ? "dropped " : "already gone: ") + l.database() + " on " + l.server()));
            return ExitCodes.OK;
        }
        List<Leftover> found = Leftovers.find(cfg);
        cli.emit(found, out -> {
            if (found.isEmpty()) {
                out.println("nothing to clean up");
                return;
            }
            for (Leftover l : found) {
                out.printf("%-44s %-36s %-22s %10s%n", l.database(), l.kind(), l.server(), Sizes.human(l.sizeBytes()));
            }
            out.println("drop one with: pgdrill cleanup --drop NAME");
        });
        return ExitCodes.OK;
    }
}
