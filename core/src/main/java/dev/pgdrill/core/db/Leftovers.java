package dev.pgdrill.core.db;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pgdrill cleanup} shows and drops: databases pgdrill kept on purpose (old production, failed
 * restores) or left by accident (a sandbox a crash left), on every configured server. A configured
 * database and a database switched into production are never listed, so never dropped.
 */
public final class Leftovers {
    /** One database pgdrill kept or left. */
    public record Leftover(
            String database, String kind, String server, String profile, String comment, long sizeBytes) {}

    private Leftovers() {}

    public static List<Leftover> find(PgdrillConfig cfg) {
        List<Leftover> found = new ArrayList<>();
        for (Map.Entry<String, DatabaseProfile> s : servers(cfg).entrySet()) {
            try (Connection c = Connections.open(s.getValue(), "postgres")) {
                for (OwnedDatabases.Marked m : OwnedDatabases.list(c)) {
                    if (m.kind().droppable() && !configured(cfg, s.getKey(), m.database())) {
                        found.add(new Leftover(
                                m.database(),
                                m.kind().label(),
                                s.getKey(),
                                s.getValue().name(),
                                m.comment(),
                                m.sizeBytes()));
                    }
                }
            } catch (SQLException e) {
                throw new DatabaseException("list databases on " + s.getKey(), e);
            }
        }
        return found;
    }

    /** The listed database of that name, or empty when pgdrill did not keep or leave one. */
    public static Optional<Leftover> named(PgdrillConfig cfg, String name) {
        return find(cfg).stream().filter(l -> l.database().equals(name)).findFirst();
    }

    /**
     * Drops a listed database through the ownership-checked path: refused when its marker changed since
     * it was listed. Returns false when it no longer exists.
     */
    public static boolean drop(PgdrillConfig cfg, Leftover l) throws OwnershipException {
        try (Connection c = Connections.open(cfg.profile(l.profile()), "postgres")) {
            return OwnedDatabases.drop(c, l.database(), l.comment());
        } catch (SQLException e) {
            throw new DatabaseException("drop database '" + l.database() + "' on " + l.server(), e);
        }
    }

    /** One profile per server (host:port); the catalog's server holds no sandboxes of ours. */
    private static Map<String, DatabaseProfile> servers(PgdrillConfig cfg) {
        Map<String, DatabaseProfile> servers = new LinkedHashMap<>();
        cfg.databases().values().stream()
                .filter(p -> p.role() != Role.CATALOG)
                .forEach(p -> servers.putIfAbsent(server(p), p));
        return servers;
    }

    private static boolean configured(PgdrillConfig cfg, String server, String database) {
        return cfg.databases().values().stream()
                .anyMatch(p -> p.database().equals(database) && server(p).equals(server));
    }

    private static String server(DatabaseProfile p) {
        return p.host() + ":" + p.port();
    }
}
