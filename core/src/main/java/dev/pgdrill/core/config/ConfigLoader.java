package dev.pgdrill.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgdrill.core.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads and validates pgdrill.yaml once, at start. Every problem is reported with its field path; unknown
 * keys are errors (a misspelt key silently ignored is how a backup ends up going nowhere).
 */
public final class ConfigLoader {
    public static final String ENV_VAR = "PGDRILL_CONFIG";
    public static final String DEFAULT_FILE = "pgdrill.yaml";

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    /** {@code --config}, else {@code PGDRILL_CONFIG}, else {@code ./pgdrill.yaml}. */
    public Path resolve(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        String fromEnv = env.apply(ENV_VAR);
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of(DEFAULT_FILE);
    }

    public PgdrillConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    file.toString(),
                    List.of("file not found (give --config FILE or set " + ENV_VAR
                            + "; config/pgdrill.example.yaml documents every key)"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("unable to read: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /** Parses YAML text; relative paths in it are taken from {@code baseDir} (the config file's folder). */
    public PgdrillConfig parse(String yaml, String source, Path baseDir) {
        JsonNode root = readTree(yaml, source);
        YamlFields fields = new YamlFields(env);
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new ConfigException(source, List.of("the file is empty"));
        }
        if (!root.isObject()) {
            throw new ConfigException(source, List.of("expected a mapping of sections at the top level"));
        }
        YamlObject top = fields.root(
                root,
                "temporal",
                "catalog",
                "databases",
                "repository",
                "backup",
                "drill",
                "approval",
                "restore",
                "verification",
                "appChecks",
                "tools",
                "monitor",
                "alerts",
                "dashboard",
                "fleet");
        PgdrillConfig config = build(top, fields, Path.of(source), baseDir);
        if (!fields.problems().isEmpty()) {
            throw new ConfigException(source, fields.problems());
        }
        return config;
    }

    private PgdrillConfig build(YamlObject top, YamlFields f, Path source, Path baseDir) {
        PgdrillConfig.Temporal temporal = TemporalSection.temporal(top, f, env, baseDir);
        Map<String, Pooler> poolers = new LinkedHashMap<>();
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        Map<String, DatabaseProfile> databases = DatabasesSection.databases(top, f, baseDir, poolers, sources);

        YamlObject catalogObj =
                required(top, f, "catalog", "the profile whose server holds the pgdrill schema", "database");
        String catalogDb = catalogObj.required("database", "name of the database profile holding the pgdrill schema");
        RunSections.checkProfile(f, catalogObj.at("database"), catalogDb, databases, null);

        YamlObject repoObj = required(
                top,
                f,
                "repository",
                "where backups are stored",
                "path",
                "encryptionKey",
                "workDir",
                "compression",
                "compressionLevel");
        String repoPath = repoObj.required("path", "the backup repository directory");
        // A local folder by default: plaintext never needs to cross a shared filesystem.
        Path workDir = repoObj.path("workDir")
                .map(p -> baseDir.resolve(p).normalize())
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "pgdrill-work"));
        PgdrillConfig.Repository repository = new PgdrillConfig.Repository(
                baseDir.resolve(repoPath).normalize(),
                repoObj.secret("encryptionKey"),
                workDir,
                compression(repoObj, f));

        YamlObject backupObj = required(
                top,
                f,
                "backup",
                "what to back up and when",
                "database",
                "databases",
                "schedule",
                "retentionDays",
                "jobs");
        PgdrillConfig.Backup backup = FleetSection.backup(backupObj, f, databases);

        PgdrillConfig.Drill drill = RunSections.drill(top, f, databases, backup.databases());
        PgdrillConfig.Approval approval = RunSections.approval(top, f);
        Optional<Path> pgBin = top.object("tools", "pgBinDir")
                .flatMap(t -> t.path("pgBinDir"))
                .map(p -> baseDir.resolve(p).normalize());
        return new PgdrillConfig(
                source,
                temporal,
                new PgdrillConfig.Catalog(catalogDb),
                databases,
                repository,
                backup,
                drill,
                approval,
                RunSections.restore(top, f, databases),
                ChecksSection.verification(top, f, databases),
                ChecksSection.appChecks(top, f),
                new PgdrillConfig.Tools(pgBin),
                MonitorSection.monitor(top, f),
                AlertsSection.alerts(top, f),
                MonitorSection.dashboard(top, f),
                Map.copyOf(poolers),
                Map.copyOf(sources),
                FleetSection.fleet(top));
    }

    private static Compression compression(YamlObject repo, YamlFields f) {
        String algorithm = repo.string("compression", Compression.ZSTD);
        return switch (algorithm) {
            case Compression.ZSTD -> new Compression(algorithm, repo.integer("compressionLevel", 3, 1, 19));
            case Compression.GZIP -> new Compression(algorithm, repo.integer("compressionLevel", 6, 1, 9));
            case Compression.NONE -> {
                if (repo.has("compressionLevel")) {
                    f.problem(repo.at("compressionLevel"), "not used with compression: none (remove it)");
                }
                yield new Compression(algorithm, 0);
            }
            default -> {
                f.problem(repo.at("compression"), "expected zstd, gzip or none, got '" + algorithm + "'");
                yield Compression.DEFAULT;
            }
        };
    }

    private static YamlObject required(YamlObject top, YamlFields f, String key, String what, String... keys) {
        if (!top.has(key)) {
            f.problem(key, "required section: " + what);
        }
        // An absent section reads as empty, so the fields inside it are still reported one by one.
        return top.object(key, keys).orElseGet(() -> f.mapping(key, JsonNodeFactory.instance.objectNode()));
    }

    private static JsonNode readTree(String yaml, String source) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            return mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            String msg = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw new ConfigException(
                    source,
                    List.of(where + "not valid YAML: " + msg
                            + " (quote values that contain ${...} inside { } mappings)"));
        }
    }
}
