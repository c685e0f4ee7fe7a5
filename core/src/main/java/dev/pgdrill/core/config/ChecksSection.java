package dev.pgdrill.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** The {@code verification:} and {@code appChecks:} sections: what a restored database must also satisfy. */
final class ChecksSection {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** What every command check gets from pgdrill: DATABASE_URL and the libpq variables of Connections.libpqEnv. */
    private static final Set<String> SET_BY_PGDRILL = Set.of(
            "DATABASE_URL",
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGPASSWORD",
            "PGPASSFILE",
            "PGSSLMODE",
            "PGAPPNAME",
            "PGCONNECT_TIMEOUT");

    private ChecksSection() {}

    static PgdrillConfig.Verification verification(
            YamlObject top, YamlFields f, Map<String, DatabaseProfile> databases) {
        Optional<YamlObject> v = top.object(
                "verification", "tables", "minRows", "freshness", "assertions", "amcheck", "externalSources", "jobs");
        List<String> tables = v.map(o -> o.stringList("tables")).orElse(List.of()).stream()
                .map(ChecksSection::qualify)
                .toList();
        Map<String, Long> minRows = new LinkedHashMap<>();
        v.ifPresent(o -> o.entries("minRows").forEach((table, n) -> {
            if (n.canConvertToLong() && n.asLong() >= 0) {
                minRows.put(qualify(table), n.asLong());
            } else {
                f.problem(o.at("minRows") + "." + table, "expected a whole number of rows >= 0, got " + n);
            }
        }));
        List<PgdrillConfig.Freshness> freshness = new ArrayList<>();
        List<PgdrillConfig.Assertion> assertions = new ArrayList<>();
        v.ifPresent(o -> {
            List<JsonNode> items = o.list("freshness");
            for (int i = 0; i < items.size(); i++) {
                YamlObject item =
                        f.mapping(o.at("freshness") + "[" + i + "]", items.get(i), "table", "column", "maxAge");
                String[] t = qualify(item.required("table", "the table, as schema.table or table (schema public)"))
                        .split("\\.", 2);
                String column =
                        item.required("column", "a timestamp or date column whose newest value shows freshness");
                freshness.add(new PgdrillConfig.Freshness(
                        t[0], t.length > 1 ? t[1] : "", column, item.duration("maxAge", Duration.ofHours(48))));
            }
            assertions.addAll(namedSql(
                    o,
                    f,
                    "assertions",
                    "a short name for the report",
                    "a query returning one boolean, true when healthy",
                    PgdrillConfig.Assertion::new));
        });
        List<String> externalSources =
                v.map(o -> o.stringList("externalSources")).orElse(List.of());
        for (int i = 0; i < externalSources.size(); i++) {
            String at = v.get().at("externalSources") + "[" + i + "]";
            RunSections.checkProfile(f, at, externalSources.get(i), databases, null);
        }
        return new PgdrillConfig.Verification(
                tables,
                minRows,
                freshness,
                assertions,
                v.map(o -> o.bool("amcheck", true)).orElse(true),
                externalSources,
                v.map(o -> o.integer("jobs", PgdrillConfig.Verification.defaultJobs(), 1, 64))
                        .orElse(PgdrillConfig.Verification.defaultJobs()));
    }

    static List<PgdrillConfig.AppCheck> appChecks(YamlObject top, YamlFields f) {
        List<PgdrillConfig.AppCheck> out = new ArrayList<>();
        List<JsonNode> items = top.list("appChecks");
        for (int i = 0; i < items.size(); i++) {
            String path = "appChecks[" + i + "]";
            YamlObject item =
                    f.mapping(path, items.get(i), "name", "command", "url", "timeout", "env", "user", "password");
            String name = item.required("name", "a short name for the report");
            List<String> command = item.stringList("command");
            String url = item.string("url", "");
            if (command.isEmpty() == url.isEmpty()) {
                f.problem(path, "give exactly one of command: [program, args...] or url: http://...");
            }
            if (!url.isEmpty() && !url.matches("https?://.+")) {
                f.problem(item.at("url"), "expected an http:// or https:// URL, got \"" + url + "\"");
            }
            List<String> env = envNames(item, f);
            if (!url.isEmpty() && !env.isEmpty()) {
                f.problem(item.at("env"), "only a command check gets environment variables; an HTTP check runs none");
            }
            String user = item.string("user", "");
            Optional<Secret> password = item.secret("password");
            if (!url.isEmpty() && !user.isEmpty()) {
                f.problem(item.at("user"), "only a command check connects to the database; an HTTP check has no user");
            }
            if (user.isEmpty() && password.isPresent()) {
                f.problem(item.at("password"), "a password belongs with user: the role the command connects as");
            }
            out.add(new PgdrillConfig.AppCheck(
                    name, command, url, item.duration("timeout", Duration.ofMinutes(5)), env, user, password));
        }
        return out;
    }

    /**
     * The worker's variables an app check declares it needs ({@code env: [NAME, ...]}): the only ones of
     * the worker's environment, besides PATH and the locale, that reach its command.
     */
    private static List<String> envNames(YamlObject item, YamlFields f) {
        List<String> names = item.stringList("env");
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String at = item.at("env") + "[" + i + "]";
            if (!ENV_NAME.matcher(n).matches()) {
                f.problem(
                        at,
                        "expected an environment variable name (letters, digits, _; not starting with a digit),"
                                + " got \"" + n + "\"");
            } else if (SET_BY_PGDRILL.contains(n)) {
                f.problem(at, n + " is set by pgdrill for the restored database; it cannot come from the worker");
            } else if (names.indexOf(n) < i) {
                f.problem(at, n + " is listed twice");
            }
        }
        return names;
    }

    /** A list of {@code {name, sql}} mappings ({@code verification.assertions}, {@code dashboard.metrics}). */
    static <T> List<T> namedSql(
            YamlObject o,
            YamlFields f,
            String key,
            String nameHint,
            String sqlHint,
            BiFunction<String, String, T> make) {
        List<T> out = new ArrayList<>();
        List<JsonNode> items = o.list(key);
        for (int i = 0; i < items.size(); i++) {
            YamlObject item = f.mapping(o.at(key) + "[" + i + "]", items.get(i), "name", "sql");
            out.add(make.apply(item.required("name", nameHint), item.required("sql", sqlHint)));
        }
        return out;
    }

    /** {@code projects} → {@code public.projects}. */
    private static String qualify(String table) {
        return table.contains(".") ? table : "public." + table;
    }
}
