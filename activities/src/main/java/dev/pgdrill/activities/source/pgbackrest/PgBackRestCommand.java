package dev.pgdrill.activities.source.pgbackrest;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.activities.ServerPrograms.Result;
import dev.pgdrill.core.config.SourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code pgbackrest} command against a profile's stanza: {@code --config}, {@code --stanza} and
 * {@code --repo} from {@code databases.<name>.source}, console logging pinned so its output can be read,
 * and an environment of the inherited allow-list plus pgBackRest's own {@code PGBACKREST_*} variables (where
 * operators keep a repository's cipher passphrase or object-store keys), nothing else of the worker's.
 */
public final class PgBackRestCommand {
    /** The commands that copy or read a set's files, in as many processes as process-max allows. */
    private static final Set<String> PARALLEL = Set.of("restore", "verify");
    /** Where pgBackRest reads its configuration when none is given. */
    private static final Path DEFAULT_CONFIG = Path.of("/etc/pgbackrest/pgbackrest.conf");

    private static final Pattern SETS_PROCESS_MAX = Pattern.compile("(?m)^\\s*process-max\\s*=");

    private final SourceConfig.PgBackRest source;
    private final String program;

    public PgBackRestCommand(SourceConfig.PgBackRest source) {
        this(source, "pgbackrest");
    }

    PgBackRestCommand(SourceConfig.PgBackRest source, String program) {
        this.source = source;
        this.program = program;
    }

    public SourceConfig.PgBackRest source() {
        return source;
    }

    /** The command line, without the run-as prefix: {@code pgbackrest --config=… --stanza=… --repo=N cmd opts}. */
    public List<String> argv(String command, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of(program));
        source.configFile().ifPresent(f -> cmd.add("--config=" + f));
        cmd.add("--stanza=" + source.stanza());
        if (options.stream().noneMatch(o -> o.startsWith("--log-level-stderr="))) {
            cmd.add("--log-level-stderr=error");
        }
        if (options.stream().noneMatch(o -> o.startsWith("--log-level-console="))) {
            cmd.add("--log-level-console=off"); // stdout is the command's output (JSON, verify's text) alone
        }
        cmd.add("--log-timestamp=n");
        cmd.addAll(options);
        cmd.add(command);
        return cmd;
    }

    /**
     * Runs it (as the server's OS user when the worker is root), telling {@code listener} every few seconds
     * that it still runs, so the activity heartbeats; killed with its children after {@code timeout}.
     */
    public Result run(String command, List<String> options, Duration timeout, ProgressListener listener)
            throws IOException {
        List<String> all = new ArrayList<>(options);
        if (PARALLEL.contains(command) && options.stream().noneMatch(o -> o.startsWith("--process-max="))) {
            processMax().ifPresent(n -> all.add("--process-max=" + n));
        }
        List<String> argv = new ArrayList<>(argv(command, all));
        if (!"stanza-create".equals(command)) {
            argv.add(argv.size() - 1, "--repo=" + source.repo());
        }
        return ServerPrograms.run(argv, environment(), "", timeout, listener);
    }

    /**
     * The process count for a restore or a verify: the profile's {@code processMax}; else none given when
     * pgbackrest.conf sets {@code process-max} itself (the operator's choice stands); else the worker's cores.
     * pgBackRest's default is one process, which leaves all but one core idle while an emergency restore's
     * files are copied (at 1.5 GB on two cores: 5.5 s with one, 2.9 s with two).
     */
    Optional<Integer> processMax() {
        if (source.processMax().isPresent()) {
            return source.processMax();
        }
        Path conf = source.configFile().orElse(DEFAULT_CONFIG);
        try {
            if (Files.isReadable(conf)
                    && SETS_PROCESS_MAX.matcher(Files.readString(conf)).find()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // unreadable here: pgBackRest reports it when it runs
        }
        return Optional.of(Runtime.getRuntime().availableProcessors());
    }

    /** pgBackRest's own option variables (repository keys and passphrases), passed on; nothing else. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("PGBACKREST_")) {
                env.put(k, v);
            }
        });
        return env;
    }
}
