package dev.pgdrill.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads and validates pgdrill.yaml once, at start. Every problem is reported with its field path; unknown
 * keys are errors (a misspelt key silently ignored is how a backup ends up going nowhere).
 */
public final class ConfigLoader {
    public static final String ENV_VAR = "PGDRILL_CONFIG";
    public static final String DEFAULT_FILE = "pgdrill.yaml";

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
    private static final List<String> SSLMODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

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
            throw new ConfigException(file.toString(), List.of("file not found (give --config FILE or set "
                    + ENV_VAR + "; config/pgdrill.example.yaml documents every key)"));
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
        YamlFields.Obj top = fields.root(root,
                "temporal", "catalog", "databases", "repository", "backup", "drill", "approval", "restore", "verification", "appChecks", "tools");
        PgdrillConfig config = build(top, fields, Path.of(source), baseDir);
        if (!fields.problems().isEmpty()) {
            throw new ConfigException(source, fields.problems());
        }
        return config;
    }

    private PgdrillConfig build(YamlFields.Obj top, YamlFields f, Path source, Path baseDir) {
        PgdrillConfig.Temporal temporal = temporal(top, f);
        Map<String, DatabaseProfile> databases = databases(top, f, baseDir);

        YamlFields.Obj catalogObj = required(top, f, "catalog", "the profile whose server holds the pgdrill schema",
                "database");
        String catalogDb = catalogObj.required("database", "name of the database profile holding the pgdrill schema");
        checkProfile(f, catalogObj.at("database"), catalogDb, databases, null);

        YamlFields.Obj repoObj = required(top, f, "repository", "where backups are stored", "path", "encryptionKey");
        String repoPath = repoObj.required("path", "the backup repository directory");
        PgdrillConfig.Repository repository = new PgdrillConfig.Repository(
                baseDir.resolve(repoPath).normalize(), repoObj.secret("encryptionKey"));

        YamlFields.Obj backupObj = required(top, f, "backup", "what to back up and when",
                "database", "schedule", "retentionDays", "jobs");
        String backupDb = backupObj.required("database", "name of the database profile to back up");
        checkProfile(f, backupObj.at("database"), backupDb, databases, null);
        PgdrillConfig.Backup backup = new PgdrillConfig.Backup(backupDb,
                cron(f, backupObj, "schedule", "0 3 * * *"),
                backupObj.integer("retentionDays", 7, 1, 3650),
                backupObj.integer("jobs", 2, 1, 64));

        PgdrillConfig.Drill drill = drill(top, f, databases);
        PgdrillConfig.Approval approval = approval(top, f);
        Optional<Path> pgBin = top.object("tools", "pgBinDir").flatMap(t -> t.path("pgBinDir"))
                .map(p -> baseDir.resolve(p).normalize());
        return new PgdrillConfig(source, temporal, new PgdrillConfig.Catalog(catalogDb), databases,
                repository, backup, drill, approval, restore(top, f, databases), verification(top, f), appChecks(top, f),
                new PgdrillConfig.Tools(pgBin));
    }

    private static PgdrillConfig.Temporal temporal(YamlFields.Obj top, YamlFields f) {
        Optional<YamlFields.Obj> t = top.object("temporal", "address", "namespace", "taskQueue");
        String address = t.map(o -> o.string("address", "127.0.0.1:7233")).orElse("127.0.0.1:7233");
        if (!HOST_PORT.matcher(address).matches()) {
            f.problem("temporal.address", "expected host:port such as 127.0.0.1:7233, got \"" + address + "\"");
        }
        return new PgdrillConfig.Temporal(address,
                t.map(o -> o.string("namespace", "default")).orElse("default"),
                t.map(o -> o.string("taskQueue", "pgdrill")).orElse("pgdrill"));
    }

    private static Map<String, DatabaseProfile> databases(YamlFields.Obj top, YamlFields f, Path baseDir) {
        Map<String, DatabaseProfile> out = new LinkedHashMap<>();
        if (!top.has("databases")) {
            f.problem("databases", "required: at least one named connection profile");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : top.entries("databases").entrySet()) {
            String name = e.getKey();
            YamlFields.Obj d = f.mapping("databases." + name, e.getValue(),
                    "role", "host", "port", "database", "user", "password", "passwordFile", "sslmode");
            if (!PROFILE_NAME.matcher(name).matches()) {
                f.problem("databases." + name,
                        "profile names start with a letter and use letters, digits, _ and - (at most 63)");
            }
            Role role = role(f, d);
            String host = d.required("host", "the server's host name or address");
            int port = d.integer("port", 5432, 1, 65535);
            String database = d.required("database", "the database name on that server");
            String user = d.required("user", "the role to connect as");
            Optional<Secret> password = d.secret("password");
            Optional<Path> passwordFile = d.path("passwordFile").map(p -> baseDir.resolve(p).normalize());
            if (password.isPresent() && passwordFile.isPresent()) {
                f.problem(d.at("passwordFile"), "give either password or passwordFile, not both");
            }
            String sslmode = d.string("sslmode", "prefer");
            if (!SSLMODES.contains(sslmode)) {
                f.problem(d.at("sslmode"), "expected one of " + String.join(", ", SSLMODES) + ", got \"" + sslmode + "\"");
            }
            out.put(name, new DatabaseProfile(name, role, host, port, database, user, password, passwordFile, sslmode));
        }
        if (out.isEmpty()) {
            f.problem("databases", "required: at least one named connection profile");
        }
        return out;
    }

    private static Role role(YamlFields f, YamlFields.Obj d) {
        String text = d.required("role", "one of production, staging, sandbox, catalog");
        try {
            return text.isEmpty() ? Role.SANDBOX : Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.problem(d.at("role"), "expected one of production, staging, sandbox, catalog, got \"" + text + "\"");
            return Role.SANDBOX;
        }
    }

    private static PgdrillConfig.Drill drill(YamlFields.Obj top, YamlFields f, Map<String, DatabaseProfile> dbs) {
        Optional<YamlFields.Obj> d = top.object("drill", "target", "schedule", "windowDays");
        String target = d.flatMap(o -> o.optString("target")).orElseGet(() -> dbs.values().stream()
                .filter(p -> p.role() == Role.SANDBOX).map(DatabaseProfile::name).findFirst().orElse(""));
        if (target.isEmpty()) {
            f.problem("drill.target", "required: a database profile with role sandbox to run drills on");
        } else {
            checkProfile(f, "drill.target", target, dbs, Role.PRODUCTION);
        }
        String schedule = d.map(o -> cron(f, o, "schedule", "0 4 1 * *")).orElse("0 4 1 * *");
        int window = d.map(o -> o.integer("windowDays", 7, 1, 3650)).orElse(7);
        return new PgdrillConfig.Drill(target, schedule, window);
    }

    private static PgdrillConfig.Restore restore(YamlFields.Obj top, YamlFields f, Map<String, DatabaseProfile> dbs) {
        Optional<YamlFields.Obj> r = top.object("restore", "staging", "maxAttempts", "reminderEvery");
        String staging = r.flatMap(o -> o.optString("staging")).orElseGet(() -> dbs.values().stream()
                .filter(p -> p.role() == Role.STAGING).map(DatabaseProfile::name).findFirst().orElse(""));
        if (r.flatMap(o -> o.optString("staging")).isPresent()) {
            checkProfile(f, "restore.staging", staging, dbs, Role.PRODUCTION);
        }
        return new PgdrillConfig.Restore(staging, r.map(o -> o.integer("maxAttempts", 3, 1, 50)).orElse(3),
                r.map(o -> o.duration("reminderEvery", Duration.ofMinutes(30))).orElse(Duration.ofMinutes(30)));
    }

    private static PgdrillConfig.Approval approval(YamlFields.Obj top, YamlFields f) {
        Optional<YamlFields.Obj> a = top.object("approval", "phrase", "approvers", "distinctFromRequester", "timeout");
        String phrase = a.map(o -> o.string("phrase", "RESTORE PRODUCTION")).orElse("RESTORE PRODUCTION");
        List<String> approvers = a.map(o -> o.stringList("approvers")).orElse(List.of());
        if (approvers.isEmpty()) {
            f.problem("approval.approvers", "required: the people allowed to approve a production restore, e.g. [alice, bob]");
        }
        return new PgdrillConfig.Approval(phrase, approvers,
                a.map(o -> o.bool("distinctFromRequester", true)).orElse(true),
                a.map(o -> o.duration("timeout", Duration.ofHours(4))).orElse(Duration.ofHours(4)));
    }

    private static PgdrillConfig.Verification verification(YamlFields.Obj top, YamlFields f) {
        Optional<YamlFields.Obj> v = top.object("verification", "tables", "minRows", "freshness", "assertions", "amcheck");
        List<String> tables = v.map(o -> o.stringList("tables")).orElse(List.of()).stream()
                .map(ConfigLoader::qualify).toList();
        Map<String, Long> minRows = new LinkedHashMap<>();
        v.ifPresent(o -> o.entries("minRows").forEach((table, n) -> {
            if (n.canConvertToLong() && n.asLong() >= 0) {
                minRows.put(qualify(table), n.asLong());
            } else {
                f.problem(o.at("minRows") + "." + table, "expected a whole number of rows >= 0, got " + n);
            }
        }));
        List<PgdrillConfig.Freshness> freshness = new java.util.ArrayList<>();
        List<PgdrillConfig.Assertion> assertions = new java.util.ArrayList<>();
        v.ifPresent(o -> {
            List<JsonNode> items = o.list("freshness");
            for (int i = 0; i < items.size(); i++) {
                YamlFields.Obj item = f.mapping(o.at("freshness") + "[" + i + "]", items.get(i), "table", "column", "maxAge");
                String[] t = qualify(item.required("table", "the table, as schema.table or table (schema public)")).split("\\.", 2);
                String column = item.required("column", "a timestamp or date column whose newest value shows freshness");
                freshness.add(new PgdrillConfig.Freshness(t[0], t.length > 1 ? t[1] : "", column,
                        item.duration("maxAge", Duration.ofHours(48))));
            }
            List<JsonNode> sqls = o.list("assertions");
            for (int i = 0; i < sqls.size(); i++) {
                YamlFields.Obj item = f.mapping(o.at("assertions") + "[" + i + "]", sqls.get(i), "name", "sql");
                assertions.add(new PgdrillConfig.Assertion(item.required("name", "a short name for the report"),
                        item.required("sql", "a query returning one boolean, true when healthy")));
            }
        });
        return new PgdrillConfig.Verification(tables, minRows, freshness, assertions,
                v.map(o -> o.bool("amcheck", true)).orElse(true));
    }

    private static List<PgdrillConfig.AppCheck> appChecks(YamlFields.Obj top, YamlFields f) {
        List<PgdrillConfig.AppCheck> out = new java.util.ArrayList<>();
        List<JsonNode> items = top.list("appChecks");
        for (int i = 0; i < items.size(); i++) {
            String path = "appChecks[" + i + "]";
            YamlFields.Obj item = f.mapping(path, items.get(i), "name", "command", "url", "timeout");
            String name = item.required("name", "a short name for the report");
            List<String> command = item.stringList("command");
            String url = item.string("url", "");
            if (command.isEmpty() == url.isEmpty()) {
                f.problem(path, "give exactly one of command: [program, args...] or url: http://...");
            }
            if (!url.isEmpty() && !url.matches("https?://.+")) {
                f.problem(item.at("url"), "expected an http:// or https:// URL, got \"" + url + "\"");
            }
            out.add(new PgdrillConfig.AppCheck(name, command, url, item.duration("timeout", Duration.ofMinutes(5))));
        }
        return out;
    }

    /** {@code projects} → {@code public.projects}. */
    private static String qualify(String table) {
        return table.contains(".") ? table : "public." + table;
    }

    private static YamlFields.Obj required(YamlFields.Obj top, YamlFields f, String key, String what, String... keys) {
        if (!top.has(key)) {
            f.problem(key, "required section: " + what);
        }
        // An absent section reads as empty, so the fields inside it are still reported one by one.
        return top.object(key, keys).orElseGet(() -> f.mapping(key, JsonNodeFactory.instance.objectNode()));
    }

    /** A reference to a profile must name one that exists, and must not point at {@code forbidden}'s role. */
    private static void checkProfile(YamlFields f, String path, String name, Map<String, DatabaseProfile> dbs,
            Role forbidden) {
        if (name.isEmpty()) {
            return;
        }
        DatabaseProfile p = dbs.get(name);
        if (p == null) {
            f.problem(path, "no database profile named '" + name + "' (configured: " + String.join(", ", dbs.keySet()) + ")");
        } else if (p.role() == forbidden) {
            f.problem(path, "profile '" + name + "' has role " + p.role().key() + ", which pgdrill never uses for this");
        }
    }

    /** A 5-field cron in UTC; Temporal would only reject a bad one at {@code schedules apply}, far from here. */
    private static String cron(YamlFields f, YamlFields.Obj o, String key, String fallback) {
        String text = o.string(key, fallback).trim();
        if (text.split("\\s+").length != 5) {
            f.problem(o.at(key), "expected a cron expression of 5 fields (minute hour day month weekday, UTC)"
                    + " such as \"0 3 * * *\", got \"" + text + "\"");
            return text;
        }
        try {
            return CronSchedule.parse(text).expression();
        } catch (IllegalArgumentException e) {
            f.problem(o.at(key), "invalid cron \"" + text + "\": " + e.getMessage());
            return text;
        }
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
            throw new ConfigException(source, List.of(where + "not valid YAML: " + msg
                    + " (quote values that contain ${...} inside { } mappings)"));
        }
    }
}
