package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.FileTrees;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.workflows.activities.SwitchState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The data directory swap of an emergency restore of a pgBackRest profile, and its way back. Each method reads
 * where the switch stands from the host (the state file, which data directory carries the restored mark, which
 * paths exist, which server runs) and moves on from there, so a retry after a crash at any step continues, and
 * never acts on a state it did not make. Production's old data directory is only ever renamed, never removed.
 */
final class ClusterSwitch {
    /** Told after every step that changed the host: the worker heartbeats there; tests inject failures there. */
    @FunctionalInterface
    interface Step {
        void after(String step) throws IOException;
    }

    /** A state the switch did not make, or one it must not move from: never retried, an operator reads it. */
    static final class StateException extends IOException {
        private static final long serialVersionUID = 1L;

        StateException(String message) {
            super(message);
        }
    }

    private final SideCluster side;
    private final ProgressListener listener;
    private final Step step;

    ClusterSwitch(SideCluster side, ProgressListener listener, Step step) {
        this.side = side;
        this.listener = listener;
        this.step = step;
    }

    /** side stopped → production stopped → P renamed pre_restore → side's data moved to P → P started. */
    SwitchState forward() throws IOException {
        SideCluster.State st = state();
        Path p = side.production();
        switch (st.phase()) {
            case "committed":
                return SwitchState.COMMITTED;
            case "back":
                throw new StateException("side cluster " + side.folder() + " was switched back already");
            case "prepared":
                side.write(st.to("switching"));
                step.after("state switching");
                break;
            default:
                break;
        }
        if (SideCluster.exists(p) && side.restored(p)) {
            if (!SideCluster.running(p)) {
                side.startProduction(st.productionOptions(), listener);
                step.after("start production");
            }
            return SwitchState.SWITCHED;
        }
        if (SideCluster.exists(p)) {
            // Before production is stopped: the replacement must be there and be this run's restored cluster, or
            // stopping production would only be an outage before the way back.
            if (!SideCluster.exists(side.data()) || !side.restored(side.data())) {
                throw new StateException("the side cluster's data directory " + side.data()
                        + " is missing or not this run's restored cluster; production was not stopped");
            }
            if (SideCluster.exists(side.preRestore())) {
                throw new StateException(side.preRestore() + " exists already, and " + p
                        + " is not the restored data directory: an operator must look");
            }
            if (SideCluster.exists(side.data()) && SideCluster.running(side.data())) {
                side.stop(side.data(), listener);
                step.after("stop side");
            }
            if (SideCluster.running(p)) {
                side.stop(p, listener);
                step.after("stop production");
            }
            SideCluster.move(p, side.preRestore());
            step.after("rename production");
        } else if (!SideCluster.exists(side.preRestore())) {
            throw new StateException("neither " + p + " nor " + side.preRestore() + " exists: an operator must look");
        }
        if (!SideCluster.exists(side.data())) {
            throw new StateException("the side cluster's data directory " + side.data() + " is missing");
        }
        if (SideCluster.running(side.data())) {
            side.stop(side.data(), listener);
            step.after("stop side");
        }
        side.markUnarchived(side.data(), listener);
        ArchivingHold.hold(side.data());
        SideCluster.move(side.data(), p);
        step.after("move side");
        side.startProduction(st.productionOptions(), listener);
        step.after("start production");
        return SwitchState.SWITCHED;
    }

    /**
     * A restored P stopped and renamed failed_restore, pre_restore renamed back to P, P started with its own
     * options. SWITCHED_BACK when the restored data directory had taken P's place, PREPARED when it never did.
     */
    SwitchState back() throws IOException {
        SideCluster.State st = state();
        if (st.phase().equals("committed")) {
            throw new StateException("the switch of " + side.folder() + " is committed: pgdrill never undoes it");
        }
        Path p = side.production();
        boolean replaced = false;
        if (SideCluster.exists(p) && side.restored(p)) {
            if (SideCluster.running(p)) {
                side.stop(p, listener);
                step.after("stop restored");
            }
            SideCluster.move(p, side.failedRestore());
            step.after("set aside restored");
            replaced = true;
        } else if (SideCluster.exists(side.failedRestore())) {
            replaced = true;
        }
        if (!SideCluster.exists(p)) {
            if (!SideCluster.exists(side.preRestore())) {
                throw new StateException(
                        "neither " + p + " nor " + side.preRestore() + " exists: an operator must look");
            }
            SideCluster.move(side.preRestore(), p);
            step.after("rename production back");
        }
        if (!SideCluster.running(p)) {
            side.startProduction(st.productionOptions(), listener);
            step.after("start production");
        }
        side.write(st.to("back"));
        return replaced ? SwitchState.SWITCHED_BACK : SwitchState.PREPARED;
    }

    /** State committed, the restored mark removed from P, the side's folder (now without data) removed. */
    SwitchState commit() throws IOException {
        Path p = side.production();
        Optional<SideCluster.State> st = side.state();
        if (st.isEmpty()) {
            if (!SideCluster.exists(side.folder()) && SideCluster.exists(side.preRestore())) {
                return SwitchState.COMMITTED; // an earlier attempt finished
            }
            throw new StateException("no switch state in " + side.folder());
        }
        if (!st.get().phase().equals("committed")) {
            if (!st.get().phase().equals("switching") || !side.restored(p)) {
                throw new StateException(p + " is not the restored data directory (state "
                        + st.get().phase() + "): nothing to commit");
            }
            side.write(st.get().to("committed"));
            step.after("state committed");
        }
        // Reloaded on every attempt: a retry after the file changed but before the reload must still reload.
        ArchivingHold.release(p);
        side.reload(p, listener);
        step.after("archiving resumed");
        Files.deleteIfExists(p.resolve(SideCluster.RESTORED));
        if (SideCluster.exists(side.data())) {
            throw new StateException(side.data() + " still exists after a committed switch: an operator must look");
        }
        FileTrees.deleteTree(side.folder());
        step.after("remove side folder");
        return SwitchState.COMMITTED;
    }

    /** The side cluster stopped and removed, unless a switch is under way (then the state file is needed). */
    void discard() throws IOException {
        if (!SideCluster.exists(side.folder())) {
            return;
        }
        Optional<EphemeralCluster> c = side.cluster();
        if (c.isEmpty()) {
            throw new StateException(
                    side.folder() + " does not carry pgdrill's marker for " + side.clusterName() + ": not removed");
        }
        Optional<SideCluster.State> st = side.state();
        if (st.isPresent() && st.get().phase().equals("switching")) {
            throw new StateException("a switch with " + side.folder() + " is under way: switch back first");
        }
        c.get().remove();
    }

    private SideCluster.State state() throws IOException {
        return side.state()
                .orElseThrow(() -> new StateException("no side cluster state in " + side.folder()
                        + ": nothing was prepared there, or it was removed"));
    }
}
