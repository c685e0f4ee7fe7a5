package dev.pgdrill.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code databases:} section: named connection profiles, each checked field by field. */
final class DatabasesSection {
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final List<String> SSLMODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private DatabasesSection() {}

    /**
     * @param poolers filled with each production profile's {@code pooler}, when it has one
     * @param sources filled with each production profile's {@code source}, when it has one
     */
    static Map<String, DatabaseProfile> databases(
            YamlObject top,
            YamlFields f,
            Path baseDir,
            Map<String, Pooler> poolers,
            Map<String, SourceConfig> sources) {
        Map<String, DatabaseProfile> out = new LinkedHashMap<>();
        if (!top.has("databases")) {
            f.problem("databases", "required: at least one named connection profile");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : top.entries("databases").entrySet()) {
            String name = e.getKey();
            YamlObject d = f.mapping(
                    "databases." + name,
                    e.getValue(),
                    "role",
                    "host",
                    "port",
                    "database",
                    "user",
                    "password",
                    "passwordFile",
                    "sslmode",
                    "pooler",
                    "source");
            if (!PROFILE_NAME.matcher(name).matches()) {
                f.problem(
                        "databases." + name,
                        "profile names start with a letter and use letters, digits, _ and - (at most 63)");
            }
            Role role = role(f, d);
            String host = d.required("host", "the server's host name or address");
            int port = d.integer("port", 5432, 1, 65535);
            String database = d.required("database", "the database name on that server");
            String user = d.required("user", "the role to connect as");
            Optional<Secret> password = d.secret("password");
            Optional<Path> passwordFile =
                    d.path("passwordFile").map(p -> baseDir.resolve(p).normalize());
            if (password.isPresent() && passwordFile.isPresent()) {
                f.problem(d.at("passwordFile"), "give either password or passwordFile, not both");
            }
            String sslmode = d.string("sslmode", "prefer");
            if (!SSLMODES.contains(sslmode)) {
                f.problem(
                        d.at("sslmode"),
                        "expected one of " + String.join(", ", SSLMODES) + ", got \"" + sslmode + "\"");
            }
            SourcesSection.source(f, d, role, baseDir).ifPresent(s -> sources.put(name, s));
            out.put(name, new DatabaseProfile(name, role, host, port, database, user, password, passwordFile, sslmode));
            d.object("pooler", "host", "port", "user", "password", "database").ifPresent(o -> {
                if (role != Role.PRODUCTION) {
                    f.problem(d.at("pooler"), "only a production profile has a pooler (the switch pauses it)");
                }
                poolers.put(
                        name,
                        new Pooler(
                                o.required("host", "the pooler's host"),
                                o.integer("port", 6432, 1, 65535),
                                o.required("user", "a user of the pooler's admin console (admin_users)"),
                                o.secret("password"),
                                o.string("database", database)));
            });
        }
        if (out.isEmpty()) {
            f.problem("databases", "required: at least one named connection profile");
        }
        return out;
    }

    private static Role role(YamlFields f, YamlObject d) {
        String text = d.required("role", "one of production, staging, sandbox, catalog");
        try {
            return text.isEmpty() ? Role.SANDBOX : Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            f.problem(d.at("role"), "expected one of production, staging, sandbox, catalog, got \"" + text + "\"");
            return Role.SANDBOX;
        }
    }
}
