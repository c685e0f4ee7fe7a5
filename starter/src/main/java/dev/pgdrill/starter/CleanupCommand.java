package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Leftovers;
import dev.pgdrill.core.db.Leftovers.Leftover;
import dev.pgdrill.core.db.Leftovers.OwnerState;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.RunningWorkflows.StateUnknownException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill cleanup}: lists the databases pgdrill left on purpose (old production databases kept by
 * a restore, failed restores set aside) or by accident (a sandbox a crash left), and drops one only when
 * asked by name and confirmed. What a running workflow owns (a restore's staging database while it waits
 * for approval, a drill's database) is neither listed nor dropped: Temporal is asked first, and when it
 * cannot answer nothing is dropped.
 */
@Command(
        name = "cleanup",
        description = {
            "List databases pgdrill kept or left behind; drop one with --drop NAME (asks you to type the name;",
            "--yes skips that). Never lists or drops a configured database, production, or a database a running",
            "workflow owns; refuses to drop anything when Temporal cannot be asked (exit 3)."
        })
final class CleanupCommand implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(
            names = "--drop",
            paramLabel = "NAME",
            description = "Drop this listed database (on the server that has it).")
    String drop;

    @Option(names = "--yes", description = "With --drop: drop without asking for the name (for scripts).")
    boolean yes;

    /** The JSON answer of {@code cleanup --drop NAME --json}. */
    record Dropped(String database, String server, boolean dropped) {}

    @Override
    public Integer call() throws IOException {
        PgdrillConfig cfg = cli.config();
        try (TemporalSession temporal = cli.temporal()) {
            TemporalOwners owners = temporal.owners();
            if (drop != null) {
                return drop(cfg, owners);
            }
            return list(cfg, owners);
        }
    }

    private int drop(PgdrillConfig cfg, TemporalOwners owners) throws IOException {
        Leftover l;
        boolean dropped;
        try {
            l = Leftovers.named(cfg, drop, owners)
                    .orElseThrow(() -> new CliFailure(
                            ExitCodes.USAGE,
                            "'" + drop + "' is not a database pgdrill kept or left (pgdrill cleanup lists them)"));
            if (!yes) {
                confirm(l, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), cli.err());
            }
            dropped = Leftovers.drop(cfg, l, owners);
        } catch (OwnershipException e) {
            throw new CliFailure(ExitCodes.CHECK_FAILED, e.getMessage());
        } catch (StateUnknownException e) {
            throw new CliFailure(
                    ExitCodes.INFRASTRUCTURE,
                    "not dropping '" + drop + "': " + e.getMessage()
                            + "; without Temporal's answer pgdrill cannot prove no running workflow uses it"
                            + " (run pgdrill doctor)");
        }
        RestoreCommand.audit(cli, "cleanup.drop", l.database(), l.comment());
        cli.emit(
                new Dropped(l.database(), l.server(), dropped),
                out -> out.println((dropped ? "dropped " : "already gone: ") + l.database() + " on " + l.server()));
        return ExitCodes.OK;
    }

    /**
     * Asks the operator to type the database's name. No input at all (a script, a closed stdin) is a usage
     * error: whoever runs cleanup unattended says so with {@code --yes}. The prompt goes to stderr, so
     * {@code --json} output stays JSON.
     */
    static void confirm(Leftover l, BufferedReader in, PrintWriter prompt) throws IOException {
        prompt.print("This drops database '" + l.database() + "' on " + l.server() + " for good: " + l.kind() + ", "
                + Sizes.human(l.sizeBytes()) + ". Type its name to confirm: ");
        prompt.flush();
        String typed = in.readLine();
        if (typed == null) {
            prompt.println(); // the refusal gets a line of its own
            prompt.flush();
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "not dropping '" + l.database() + "': no confirmation on standard input;"
                            + " type the name at a terminal, or pass --yes to drop without asking");
        }
        if (!typed.strip().equals(l.database())) {
            throw new CliFailure(
                    ExitCodes.CHECK_FAILED,
                    "not dropping '" + l.database() + "': '" + typed.strip() + "' is not its name");
        }
    }

    private int list(PgdrillConfig cfg, TemporalOwners owners) {
        List<Leftover> found = Leftovers.find(cfg, owners);
        owners.whyUnknown().ifPresent(why -> cli.err()
                .println("pgdrill: warning: unable to ask Temporal at "
                        + cfg.temporal().address()
                        + " whether the owners are running (" + why + "): databases marked 'owner state"
                        + " unknown' may be in use, and cleanup --drop refuses them until it can ask"));
        cli.emit(found, out -> {
            if (found.isEmpty()) {
                out.println("nothing to clean up");
                return;
            }
            for (Leftover l : found) {
                out.printf(
                        "%-44s %-36s %-22s %10s%s%n",
                        l.database(),
                        l.kind(),
                        l.server(),
                        Sizes.human(l.sizeBytes()),
                        l.ownerState() == OwnerState.UNKNOWN ? "  owner state unknown" : "");
            }
            out.println("drop one with: pgdrill cleanup --drop NAME");
        });
        cli.err().flush();
        return ExitCodes.OK;
    }
}
