package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.restore.SwitchServer.Db;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Puts a verified replacement in production's place by renames only, as a protocol whose every state is
 * written on the server (markers on both databases, and whether each takes connections), so that a retry
 * after a crash at any statement reads where the last attempt stopped and carries on, and {@link SwitchBack}
 * can undo it from any of them. Nothing is ever dropped. The statements, in order:
 *
 * <ol>
 *   <li>the replacement is claimed ({@code pgdrill:restored-by=<owner>}: no longer a droppable sandbox), closed,
 *       and its sessions ended;
 *   <li>production is marked ({@code pgdrill:switching-out-of=<db> by <owner>}, its own comment kept on the
 *       lines below), closed, and its sessions ended;
 *   <li>production is renamed to its pre-restore name (set aside), the replacement to production's name;
 *   <li>production (the replacement now) reopens, then the set-aside database (for its dump and for people).
 * </ol>
 *
 * <p>A failing statement (not a crash) goes back to the start, production open, before the error is raised,
 * unless the replacement already holds production's name: then it goes on to reopen it. {@link #commit}
 * ends a verified switch: the set-aside database becomes the kept pre-restore database and production gets
 * its own comment back; after it, {@link SwitchBack} refuses.
 */
public final class ProductionSwitch {
    private final DatabaseProfile server;
    private final SwitchServer.Listener listener;
    private final PoolerPause.Pauser pooler;

    /**
     * @param server   the production profile
     * @param listener told after every statement: the activity heartbeats there, tests inject failures
     */
    public ProductionSwitch(DatabaseProfile server, SwitchServer.Listener listener) {
        this(server, listener, PoolerPause.Pauser.none());
    }

    /** @param pooler holds the pooler in front of production in PAUSE during a switch or a switch back */
    ProductionSwitch(DatabaseProfile server, SwitchServer.Listener listener, PoolerPause.Pauser pooler) {
        this.server = server;
        this.listener = listener;
        this.pooler = pooler;
    }

    /** The markers one switch writes, all naming its owner. */
    record Markers(String production, String sandbox, String restored, String switchingOut, String preRestore) {
        static Markers of(String production, String owner) {
            return new Markers(
                    production,
                    OwnedDatabases.sandboxMarker(owner),
                    Kind.RESTORED.marker(owner),
                    OwnedDatabases.switchingOutMarker(production, owner),
                    OwnedDatabases.preRestoreMarker(production, owner));
        }
    }

    /**
     * Moves the switch forward from wherever it stands to {@link SwitchState#SWITCHED} (or reports
     * {@link SwitchState#COMMITTED} when it was committed already). Raises {@link OwnershipException} when the
     * replacement is missing or not this restore's and {@link SwitchStateException} when the server is in a
     * state this switch did not make, both with production left as it was and open.
     */
    public SwitchState switchTo(SwitchRequest r) throws SQLException, OwnershipException, SwitchStateException {
        String prod = server.database();
        Markers m = Markers.of(prod, r.owner());
        try (Connection c = Connections.open(server, "postgres");
                PoolerPause paused = pooler.pause()) {
            SwitchServer s = new SwitchServer(c, listener);
            if (s.read(r.preRestore()).startsWith(m.preRestore())) {
                return SwitchState.COMMITTED;
            }
            try {
                if (!replacementIn(s, r, m)) {
                    forward(s, r, m);
                }
                reopen(s, prod, r.preRestore());
                return SwitchState.SWITCHED;
            } catch (SQLException | OwnershipException | SwitchStateException e) {
                recover(s, r, e);
                throw e;
            }
        }
    }

    /**
     * Commits a verified switch: the set-aside database is marked the kept pre-restore database (droppable
     * by an operator, never by pgdrill on its own) and production gets its own comment back. Idempotent.
     */
    public SwitchState commit(SwitchRequest r) throws SQLException, SwitchStateException {
        String prod = server.database();
        Markers m = Markers.of(prod, r.owner());
        try (Connection c = Connections.open(server, "postgres")) {
            SwitchServer s = new SwitchServer(c, listener);
            Db aside = s.read(r.preRestore());
            if (!aside.startsWith(m.preRestore())) {
                if (!replacementIn(s, r, m)) {
                    throw new SwitchStateException("nothing to commit: " + s.describe(prod, r));
                }
                s.comment(
                        r.preRestore(),
                        OwnedDatabases.withOriginal(m.preRestore(), OwnedDatabases.original(aside.comment())));
                aside = s.read(r.preRestore());
            }
            if (s.read(prod).carries(m.restored())) {
                s.comment(prod, OwnedDatabases.original(aside.comment()));
            }
            reopen(s, prod, r.preRestore());
            return SwitchState.COMMITTED;
        }
    }

    /**
     * Undoes a switch that was not committed, from whatever state it stands in ({@link SwitchBack}); returns
     * {@link SwitchState#SWITCHED_BACK}, or {@link SwitchState#PREPARED} when the replacement never held
     * production's name. A failing statement leaves production open when it exists under its name; the
     * retry carries on. Raises {@link SwitchStateException} after a commit or in a state it did not make.
     */
    public SwitchState switchBack(SwitchRequest r) throws SQLException, SwitchStateException {
        String prod = server.database();
        try (Connection c = Connections.open(server, "postgres");
                PoolerPause paused = pooler.pause()) {
            SwitchServer s = new SwitchServer(c, listener);
            try {
                return SwitchBack.back(s, prod, r);
            } catch (SQLException e) {
                try {
                    Markers m = Markers.of(prod, r.owner());
                    Db production = s.read(prod);
                    if (!production.allowsConnections()
                            && (production.carries(m.restored()) || production.startsWith(m.switchingOut()))) {
                        s.allowConnections(prod, true);
                    }
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        }
    }

    /** Whether the replacement holds production's name while production's own database is set aside. */
    static boolean replacementIn(SwitchServer s, SwitchRequest r, Markers m) throws SQLException {
        return s.read(m.production()).carries(m.restored())
                && s.read(r.preRestore()).startsWith(m.switchingOut());
    }

    private void forward(SwitchServer s, SwitchRequest r, Markers m)
            throws SQLException, OwnershipException, SwitchStateException {
        String prod = m.production();
        Db side = s.read(r.side());
        Db production = s.read(prod);
        boolean setAside = !production.exists() && s.read(r.preRestore()).startsWith(m.switchingOut());
        if (!side.carries(m.restored())) {
            if (!side.carries(m.sandbox())) {
                throw new OwnershipException("the replacement database '" + r.side() + "' is "
                        + (side.exists()
                                ? "not this restore's (" + OwnedDatabases.describe(side.comment()) + ")"
                                : "missing")
                        + ": production left as it was");
            }
            s.comment(r.side(), m.restored());
        }
        if (side.allowsConnections()) {
            s.allowConnections(r.side(), false);
        }
        s.terminate(r.side());
        if (!setAside) {
            if (!production.exists()) {
                throw new SwitchStateException("production database '" + prod + "' does not exist and is not set aside"
                        + " by this restore: " + s.describe(prod, r));
            }
            if (!production.startsWith(m.switchingOut())) {
                if (Kind.of(production.comment())
                        .filter(k -> k == Kind.SWITCHING_OUT)
                        .isPresent()) {
                    throw new SwitchStateException("production database '" + prod + "' is being switched by another"
                            + " restore (" + OwnedDatabases.markerLine(production.comment()) + "): see the runbook");
                }
                // Production's own comment rides along on the marker's next lines; a stale pgdrill marker is not its
                // own.
                String own = Kind.of(production.comment()).isPresent() ? "" : production.comment();
                s.comment(prod, OwnedDatabases.withOriginal(m.switchingOut(), own));
            }
            if (production.allowsConnections()) {
                s.allowConnections(prod, false);
            }
            s.terminate(prod);
            s.rename(prod, r.preRestore());
        }
        s.rename(r.side(), prod);
    }

    /** Production takes connections, and so does the set-aside database (its dump and people read it). */
    private static void reopen(SwitchServer s, String prod, String preRestore) throws SQLException {
        if (!s.read(prod).allowsConnections()) {
            s.allowConnections(prod, true);
        }
        Db aside = s.read(preRestore);
        if (aside.exists() && !aside.allowsConnections()) {
            s.allowConnections(preRestore, true);
        }
    }

    /**
     * After a failed statement: production open again before the error goes up. With the replacement in
     * production's name that means going on (reopening it); before, going back to where the switch started.
     * A failure here is added to the first one: the activity's retry (or the workflow's switch back) reads
     * the server again.
     */
    private void recover(SwitchServer s, SwitchRequest r, Exception cause) {
        try {
            if (replacementIn(s, r, Markers.of(server.database(), r.owner()))) {
                reopen(s, server.database(), r.preRestore());
            } else {
                SwitchBack.back(s, server.database(), r);
            }
        } catch (SQLException | SwitchStateException e) {
            cause.addSuppressed(e);
        }
    }
}
