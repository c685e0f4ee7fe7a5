package dev.pgdrill.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A profile's {@code source:} mapping, checked against the keys its {@code kind} takes. */
final class SourcesSection {
    static final List<String> KINDS = List.of("pgdump", "pgbackrest", "supabase");
    private static final Pattern PROJECT_REF = Pattern.compile("[a-z]{20}");
    private static final List<String> PGBACKREST_KEYS =
            List.of("stanza", "configFile", "repo", "backupType", "dataDirectory", "processMax");
    private static final List<String> SUPABASE_KEYS = List.of("projectRef", "accessToken", "apiUrl");
    /** Every kind's own keys: one that belongs to another kind is a mistake named as such. */
    private static final List<String> KIND_KEYS =
            Stream.concat(PGBACKREST_KEYS.stream(), SUPABASE_KEYS.stream()).toList();

    private static final Pattern STANZA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private SourcesSection() {}

    /** The profile's source, or empty when it has none (then it is pg_dump) or it is wrong (a problem is filed). */
    static Optional<SourceConfig> source(YamlFields f, YamlObject profile, Role role, Path baseDir) {
        List<String> allowed = new ArrayList<>(List.of("kind"));
        allowed.addAll(KIND_KEYS);
        Optional<YamlObject> s = profile.object("source", allowed.toArray(String[]::new));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        YamlObject o = s.get();
        if (role != Role.PRODUCTION) {
            f.problem(profile.at("source"), "only a production profile has a backup source");
            return Optional.empty();
        }
        String kind = o.string("kind", "pgdump");
        return switch (kind) {
            case "pgdump" -> only(f, o, kind, List.of()).map(x -> new SourceConfig.PgDump());
            case "pgbackrest" -> only(f, o, kind, PGBACKREST_KEYS).flatMap(x -> pgBackRest(f, o, baseDir));
            case "supabase" -> only(f, o, kind, SUPABASE_KEYS).flatMap(x -> supabase(f, o));
            default -> {
                f.problem(o.at("kind"), "expected one of " + String.join(", ", KINDS) + ", got \"" + kind + "\"");
                yield Optional.empty();
            }
        };
    }

    private static Optional<SourceConfig> pgBackRest(YamlFields f, YamlObject o, Path baseDir) {
        String stanza = o.required("stanza", "the pgBackRest stanza that holds this database's backups");
        if (!stanza.isEmpty() && !STANZA.matcher(stanza).matches()) {
            f.problem(o.at("stanza"), "expected a stanza name (letters, digits, _ . -), got \"" + stanza + "\"");
        }
        String type = o.string("backupType", "full");
        if (!SourceConfig.PgBackRest.TYPES.contains(type)) {
            f.problem(o.at("backupType"), "expected one of full, diff, incr, got \"" + type + "\"");
        }
        Optional<Path> data = o.path("dataDirectory");
        if (data.isPresent()
                && (!data.get().isAbsolute() || !data.get().normalize().equals(data.get()))) {
            f.problem(
                    o.at("dataDirectory"),
                    "expected production's data directory as an absolute path (such as /var/lib/postgresql/16/main),"
                            + " got \"" + data.get() + "\"");
        }
        return Optional.of(new SourceConfig.PgBackRest(
                stanza,
                o.path("configFile").map(p -> baseDir.resolve(p).normalize()),
                o.integer("repo", 1, 1, 256),
                type,
                data,
                o.has("processMax") ? Optional.of(o.integer("processMax", 1, 1, 999)) : Optional.empty()));
    }

    private static Optional<SourceConfig> supabase(YamlFields f, YamlObject o) {
        String ref = o.required("projectRef", "the Supabase project's reference (20 lowercase letters)");
        if (!ref.isEmpty() && !PROJECT_REF.matcher(ref).matches()) {
            f.problem(o.at("projectRef"), "a project reference is 20 lowercase letters, got \"" + ref + "\"");
        }
        Optional<Secret> token = o.secret("accessToken");
        if (token.isEmpty() && !o.has("accessToken")) {
            f.problem(o.at("accessToken"), "required: a Management API access token, as ${SUPABASE_ACCESS_TOKEN}");
        }
        URI api = o.optString("apiUrl").map(u -> uri(f, o, u)).orElse(SourceConfig.Supabase.PUBLIC_API);
        return token.map(t -> new SourceConfig.Supabase(ref, t, api));
    }

    private static URI uri(YamlFields f, YamlObject o, String text) {
        try {
            URI u = new URI(text.strip());
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below, with the key
        }
        f.problem(o.at("apiUrl"), "expected an http(s) URL such as https://api.supabase.com, got \"" + text + "\"");
        return SourceConfig.Supabase.PUBLIC_API;
    }

    /** Files a problem for each key that belongs to another kind; empty when there was one. */
    private static Optional<String> only(YamlFields f, YamlObject o, String kind, List<String> keys) {
        boolean ok = true;
        for (String k : KIND_KEYS) {
            if (!keys.contains(k) && o.has(k)) {
                f.problem(o.at(k), "not a key of a " + kind + " source");
                ok = false;
            }
        }
        return ok ? Optional.of(kind) : Optional.empty();
    }
}
