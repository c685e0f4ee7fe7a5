package dev.pgdrill.core.db;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.RunningWorkflows.StateUnknownException;
import dev.pgdrill.workflows.WorkflowIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pgdrill cleanup} shows and drops: databases pgdrill kept on purpose (old production, failed
 * restores) or left by accident (a sandbox a crash left), on every configured server. Never listed, so
 * never dropped: a configured database, a database switched into production, and a database whose owner
 * (the workflow its marker names) or the run that started that owner is still running. A running
 * emergency restore's staging database and its old production database while it verifies the new one are
 * its way back; a running drill's database is its work in progress.
 */
public final class Leftovers {
    /** What Temporal said about a listed database's owner. */
    public enum OwnerState {
        /** Neither the owner nor the run that started it is running (or Temporal never heard of them). */
        ENDED,
        /** Temporal could not be asked: the database may be in use, and is not dropped until it can be. */
        UNKNOWN
    }

    /** One database pgdrill kept or left; {@code owner} is the workflow id its marker names ("" if none). */
    public record Leftover(
            String database,
            String kind,
            String server,
            String profile,
            String comment,
            long sizeBytes,
            String owner,
            OwnerState ownerState) {
        Leftover withState(OwnerState state) {
            return new Leftover(database, kind, server, profile, comment, sizeBytes, owner, state);
        }
    }

    private Leftovers() {}

    /**
     * Every database pgdrill kept or left that no running workflow owns. A database whose owner's state
     * Temporal could not tell is listed as {@link OwnerState#UNKNOWN}: shown, but {@link #drop} refuses it.
     */
    public static List<Leftover> find(PgdrillConfig cfg, RunningWorkflows workflows) {
        List<Leftover> found = new ArrayList<>();
        for (Leftover l : candidates(cfg)) {
            try {
                if (runningOwner(l, workflows).isEmpty()) {
                    found.add(l);
                }
            } catch (StateUnknownException e) {
                found.add(l.withState(OwnerState.UNKNOWN));
            }
        }
        return found;
    }

    /**
     * The database of that name when pgdrill kept or left it, or empty when pgdrill did not (a configured
     * database, production, someone else's, or none at all).
     *
     * @throws OwnershipException   when a running workflow owns it (the message names the workflow)
     * @throws StateUnknownException when Temporal cannot say whether its owner is running
     */
    public static Optional<Leftover> named(PgdrillConfig cfg, String name, RunningWorkflows workflows)
            throws OwnershipException, StateUnknownException {
        Optional<Leftover> named =
                candidates(cfg).stream().filter(l -> l.database().equals(name)).findFirst();
        if (named.isPresent()) {
            requireNoRunningOwner(named.get(), workflows);
        }
        return named;
    }

    /**
     * Drops a listed database through the ownership-checked path. Its owner is asked about again first (an
     * operator may have taken minutes to confirm), and {@link OwnedDatabases#drop} re-reads the marker
     * right before the drop: refused when a workflow owning it is running or the marker changed since it
     * was listed. Returns false when it no longer exists.
     */
    public static boolean drop(PgdrillConfig cfg, Leftover l, RunningWorkflows workflows)
            throws OwnershipException, StateUnknownException {
        requireNoRunningOwner(l, workflows);
        try (Connection c = Connections.open(cfg.profile(l.profile()), "postgres")) {
            return OwnedDatabases.drop(c, l.database(), l.comment());
        } catch (SQLException e) {
            throw new DatabaseException("drop database '" + l.database() + "' on " + l.server(), e);
        }
    }

    private static void requireNoRunningOwner(Leftover l, RunningWorkflows workflows)
            throws OwnershipException, StateUnknownException {
        Optional<String> running = runningOwner(l, workflows);
        if (running.isPresent()) {
            throw new OwnershipException("refusing to drop database '" + l.database() + "' on " + l.server()
                    + ": workflow '" + running.get() + "' is running and owns it (marker '" + l.comment()
                    + "'): not dropped while that run lasts");
        }
    }

    /** The running workflow that owns the database: its owner, or the run that started its owner. */
    private static Optional<String> runningOwner(Leftover l, RunningWorkflows workflows) throws StateUnknownException {
        if (l.owner().isEmpty()) {
            return Optional.empty(); // pgdrill always names an owner: no workflow of ours can be using it
        }
        for (String id : WorkflowIds.lineage(l.owner())) {
            if (workflows.running(id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * The databases pgdrill may drop on every configured server, except configured ones, by marker only:
     * their owners are not asked yet (ENDED until {@link #runningOwner} says otherwise).
     */
    private static List<Leftover> candidates(PgdrillConfig cfg) {
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
                                m.sizeBytes(),
                                Kind.ownerOf(m.comment()).orElse(""),
                                OwnerState.ENDED));
                    }
                }
            } catch (SQLException e) {
                throw new DatabaseException("list databases on " + s.getKey(), e);
            }
        }
        return found;
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
