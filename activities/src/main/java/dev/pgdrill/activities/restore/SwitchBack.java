package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.restore.ProductionSwitch.Markers;
import dev.pgdrill.activities.restore.SwitchServer.Db;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import java.sql.SQLException;

/**
 * Undoes a {@link ProductionSwitch} that was not committed, from whatever state the server shows, each part
 * done only if the server says it is still to do (so a retry after a crash at any statement carries on):
 *
 * <ol>
 *   <li>the replacement, if it holds production's name, is closed, its sessions ended, and renamed to the
 *       failed-restore name (kept, marked {@code pgdrill:failed-restore-by=<owner>}, reopened for people);
 *   <li>production's own database, if set aside, is closed, its sessions ended, and renamed back;
 *   <li>production reopens and gets its own comment back (kept on its marker's lines below);
 *   <li>a replacement that was claimed but never moved in is a prepared side database again.
 * </ol>
 */
final class SwitchBack {
    private SwitchBack() {}

    static SwitchState back(SwitchServer s, String prod, SwitchRequest r) throws SQLException, SwitchStateException {
        Markers m = Markers.of(prod, r.owner());
        String failedMarker = Kind.FAILED_RESTORE.marker(r.owner());
        if (s.read(r.preRestore()).startsWith(m.preRestore())) {
            throw new SwitchStateException("the switch of '" + prod + "' was committed (production was verified):"
                    + " pgdrill does not switch it back; " + s.describe(prod, r));
        }
        Db production = s.read(prod);
        if (production.carries(m.restored())) {
            if (!s.read(r.preRestore()).startsWith(m.switchingOut())) {
                throw new SwitchStateException("'" + prod + "' is this restore's replacement but production's own"
                        + " database is not set aside as '" + r.preRestore() + "': left as it is; "
                        + s.describe(prod, r));
            }
            if (production.allowsConnections()) {
                s.allowConnections(prod, false);
            }
            s.terminate(prod);
            s.rename(prod, r.failedRestore());
        }
        Db failed = s.read(r.failedRestore());
        if (failed.carries(m.restored())) {
            s.comment(r.failedRestore(), failedMarker);
            failed = s.read(r.failedRestore());
        }
        if (failed.carries(failedMarker) && !failed.allowsConnections()) {
            s.allowConnections(r.failedRestore(), true);
        }
        Db aside = s.read(r.preRestore());
        if (!s.read(prod).exists() && aside.startsWith(m.switchingOut())) {
            if (aside.allowsConnections()) {
                s.allowConnections(r.preRestore(), false);
            }
            s.terminate(r.preRestore());
            s.rename(r.preRestore(), prod);
        }
        production = s.read(prod);
        if (production.startsWith(m.switchingOut())) {
            if (!production.allowsConnections()) {
                s.allowConnections(prod, true);
            }
            s.comment(prod, OwnedDatabases.original(production.comment()));
        }
        Db side = s.read(r.side());
        if (side.carries(m.restored())) {
            s.comment(r.side(), m.sandbox());
            side = s.read(r.side());
        }
        if (side.carries(m.sandbox()) && !side.allowsConnections()) {
            s.allowConnections(r.side(), true);
        }
        if (!s.read(prod).exists()) {
            throw new SwitchStateException("production database '" + prod + "' does not exist and is not set aside"
                    + " by this restore: " + s.describe(prod, r));
        }
        return failed.carries(failedMarker) ? SwitchState.SWITCHED_BACK : SwitchState.PREPARED;
    }
}
