package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.ConfigException;
import dev.pgdrill.core.config.UnknownProfileException;
import dev.pgdrill.core.db.DatabaseException;
import dev.pgdrill.core.temporal.JulBridge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        description = "Backup drills and restores for PostgreSQL, run as Temporal workflows.")
public final class PgdrillCli {
    /** Every top-level command, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(
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
            CommandLine.HelpCommand.class);

    /** Commands that read the whole tree: they get every command whatever the line says. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

    /** Inherited: {@code pgdrill --config F backups list} and {@code pgdrill backups list --config F} alike. */
    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Configuration file (default: $PGDRILL_CONFIG, then ./pgdrill.yaml).")
    Path configFile;

    public static void main(String[] args) {
        JulBridge.install();
        if ("cds".equals(System.getProperty("pgdrill.training"))) {
            ClassDataTraining.run(); // bin/pgdrill's class-data archive: load classes, run nothing real
            System.exit(0);
        }
        int rc = run(args);
        System.exit(rc);
    }

    /** Runs one command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The whole command tree with pgdrill's error handling; tests give it their own out and err. */
    static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The tree for one command line: the root and only the command it names. picocli reads the annotations of every
     * command in a tree when it builds it, a fifth of a second for all of them at each start; a line that names
     * no command, or names one that reads the whole tree, gets the whole tree (so its help and errors are unchanged).
     */
    static CommandLine commandLine(String... args) {
        if (List.of(args).equals(List.of("--version")) || List.of(args).equals(List.of("-V"))) {
            return commandLine(List.of()); // the version alone needs no command
        }
        String name = commandName(args);
        return commandLine(COMMANDS.stream()
                .filter(c -> name.equals(c.getAnnotation(Command.class).name()))
                .findFirst()
                .filter(c -> !WHOLE_TREE.contains(name))
                .<List<Class<?>>>map(List::of)
                .orElse(COMMANDS));
    }

    /** The first word of the line that is not the root's --config or its value; empty after any other option. */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (args[i].startsWith("-")) {
                if (!args[i].startsWith("--config=")) {
                    return "";
                }
            } else {
                return args[i];
            }
        }
        return "";
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new PgdrillCli());
        commands.forEach(cli::addSubcommand);
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
