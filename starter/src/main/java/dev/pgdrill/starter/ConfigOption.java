package dev.pgdrill.starter;

import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that reads pgdrill.yaml. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $PGDRILL_CONFIG, then ./pgdrill.yaml).")
    Path file;

    /** Loads and validates the file; a problem surfaces as a ConfigException (exit 2). */
    public PgdrillConfig load() {
        ConfigLoader loader = ConfigLoader.fromEnvironment();
        return loader.load(loader.resolve(Optional.ofNullable(file)));
    }
}
