package dev.pgdrill.starter;

import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that prints shares: {@code --json}, the configuration (from the root's inherited
 * {@code --config}, given before or after the subcommand), the catalog, and one way to print a result as
 * JSON or as text.
 */
final class CliContext {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    private PgdrillConfig config;

    /** Loads and validates the configuration once; a problem surfaces as a ConfigException (exit 2). */
    PgdrillConfig config() {
        if (config == null) {
            ConfigLoader loader = ConfigLoader.fromEnvironment();
            config = loader.load(loader.resolve(configFile()));
        }
        return config;
    }

    Catalog catalog() {
        return new Catalog(config().catalogProfile());
    }

    TemporalSession temporal() {
        return new TemporalSession(config());
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The result as JSON with {@code --json}, else as {@code text} prints it. */
    void emit(Object value, Consumer<PrintWriter> text) {
        PrintWriter out = out();
        if (json) {
            Cli.printJson(out, value);
        } else {
            text.accept(out);
        }
        out.flush();
    }

    private Optional<Path> configFile() {
        return spec.root().userObject() instanceof PgdrillCli root
                ? Optional.ofNullable(root.configFile)
                : Optional.empty();
    }
}
