package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.UnknownProfileException;
import dev.pgdrill.core.db.DatabaseException;
import dev.pgdrill.core.temporal.JulBridge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            VerifyCommand.class,
            RestoreCommand.class,
            RestoresCommand.class,
            ApproverCommand.class,
            CompletionCommand.class,
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
        Examples.attach(cli);
        return cli;
    }

    /**
     * Known failures print one line and their exit code; anything else prints its message and exits 3, stack
     * only on request. With {@code --json}, the error is also printed as JSON on stdout ({@code error},
     * {@code field} for a configuration problem, {@code exitCode}), so a script reading JSON never gets text.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCode(e);
        err.println("pgdrill: "
                + (code == ExitCodes.INFRASTRUCTURE && !known(e)
                        ? "unexpected error: " + e.getClass().getSimpleName() + ": "
                        : "")
                + e.getMessage());
        if (!known(e)) {
            if (System.getenv("PGDRILL_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set PGDRILL_DEBUG=1 for the stack trace)");
            }
        }
        if (wantsJson(parsed)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("error", e instanceof ConfigException ce ? String.join("; ", ce.problems()) : e.getMessage());
            if (e instanceof ConfigException ce && !ce.problems().isEmpty()) {
                Matcher m = FIELD.matcher(ce.problems().get(0));
                if (m.lookingAt()) {
                    json.put("field", m.group(1)); // the first problem's field path, e.g. databases.prod.port
                }
            }
            json.put("exitCode", code);
            Cli.printJson(cmd.getOut(), json);
        }
        return code;
    }

    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\[\\]-]*): ");

    private static boolean known(Exception e) {
        return e instanceof ConfigException
                || e instanceof UnknownProfileException
                || e instanceof CliFailure
                || e instanceof DatabaseException
                || e instanceof CatalogException;
    }

    private static int exitCode(Exception e) {
        if (e instanceof ConfigException || e instanceof UnknownProfileException) {
            return ExitCodes.USAGE;
        }
        return e instanceof CliFailure f ? f.exitCode() : ExitCodes.INFRASTRUCTURE;
    }

    /** Whether the command that failed was asked for JSON. */
    private static boolean wantsJson(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.hasMatchedOption("--json");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PgdrillCli.class.getPackage().getImplementationVersion();
            return new String[] {"pgdrill " + (v == null ? "dev" : v)};
        }
    }
}
