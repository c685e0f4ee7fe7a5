package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.UnknownProfileException;
import dev.pgdrill.core.db.DatabaseException;
import dev.pgdrill.core.temporal.JulBridge;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code pgdrill} command line: operators start workflows, approve, list and check from here. */
@Command(
        name = "pgdrill",
        // Inherited: every subcommand gets --help and --version.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = PgdrillCli.Version.class,
        description = "Backup drills and restores for PostgreSQL, run as Temporal workflows.",
        subcommands = {
            DoctorCommand.class,
            BackupCommand.class,
            BackupsCommand.class,
            DrillCommand.class,
            DrillsCommand.class,
            RestoreCommand.class,
            RestoresCommand.class,
            ApproverCommand.class,
            CleanupCommand.class,
            SchedulesCommand.class,
            MonitorCommand.class,
            AlertsCommand.class,
            CheckCommand.class,
            StatusCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PgdrillCli {
    /** Inherited: {@code pgdrill --config F backups list} and {@code pgdrill backups list --config F} alike. */
    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Configuration file (default: $PGDRILL_CONFIG, then ./pgdrill.yaml).")
    Path configFile;

    public static void main(String[] args) {
        JulBridge.install();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with pgdrill's error handling; tests give it their own out and err. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PgdrillCli());
        cli.setExecutionExceptionHandler(PgdrillCli::handle);
        return cli;
    }

    /** Known failures print one line; anything else prints its message and exits 3, stack only on request. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException ce) {
            err.println("pgdrill: " + ce.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof UnknownProfileException u) {
            err.println("pgdrill: " + u.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof CliFailure f) {
            err.println("pgdrill: " + f.getMessage());
            return f.exitCode();
        }
        if (e instanceof DatabaseException || e instanceof CatalogException) {
            err.println("pgdrill: " + e.getMessage());
            return ExitCodes.INFRASTRUCTURE;
        }
        err.println("pgdrill: unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        if (System.getenv("PGDRILL_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set PGDRILL_DEBUG=1 for the stack trace)");
        }
        return ExitCodes.INFRASTRUCTURE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PgdrillCli.class.getPackage().getImplementationVersion();
            return new String[] {"pgdrill " + (v == null ? "dev" : v)};
        }
    }
}
