package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The cluster-level replacement of a pgBackRest profile's production cluster (README, "Emergency restores of a
 * pgBackRest profile"): a side cluster restored to the incident time next to production's data directory, then
 * a data directory swap. Every state is written in the side cluster's state file and readable from the host
 * ({@code pgdrill-switch.json}, the data directories, their {@code postmaster.pid}), so each method reads where
 * the switch stands and moves on from there: all are idempotent. The profile needs {@code source.dataDirectory}
 * ({@code ConfigurationError} otherwise); the worker runs on production's host.
 */
@ActivityInterface
public interface ClusterSwitchActivities {
    /**
     * Restores the set with {@code --type=time --target=<incident>} into {@code <data dir>.pgdrill-<side>/data}
     * and starts it on a free loopback port, heartbeating; production is only read (its start options and
     * timeline). An earlier attempt's side cluster of the same name is removed first. A failed restore or start
     * comes back as a FAIL check, the side left for {@link #discardSideCluster}. Raises {@code ConfigurationError}
     * when production's data directory is not usable for a switch (missing, never started, tablespaces).
     */
    ClusterOutcome prepareSideCluster(SideClusterRequest request);

    /** The drill's verification suite on the side cluster, as production's user. Read-only, idempotent. */
    List<CheckResult> verifySideCluster(SideClusterRequest request);

    /**
     * Stops the side cluster and removes its folder, only if its state file names it and its data never took
     * production's place. Idempotent. Raises {@code SwitchStateError} while a switch is under way.
     */
    void discardSideCluster(SideClusterRequest request);

    /**
     * The swap: side stopped, production stopped ({@code pg_ctl stop -m fast}), production's data directory
     * renamed {@code .pre_restore_<stamp>}, the side's moved to production's path, started with production's own
     * options, waited for until it accepts connections. Heartbeats after each step; a retry continues from the
     * host's state. Returns SWITCHED. Raises {@code SwitchStateError} for a state it did not make.
     */
    SwitchState switchCluster(SideClusterRequest request);

    /**
     * Production through its profile: {@code production_marker} (the restored data directory serves production's
     * port, its timeline above the old one, recovery ended) and the verification suite. Read-only, idempotent.
     */
    List<CheckResult> verifySwitchedCluster(SideClusterRequest request);

    /** The commit point passed: state committed, the side's folder removed. The old data directory stays. */
    SwitchState commitClusterSwitch(SideClusterRequest request);

    /**
     * The way back, from wherever the switch stands: a restored data directory in production's place stopped and
     * kept as {@code .failed_restore_<stamp>}, the old one renamed back and started with its own options. Returns
     * SWITCHED_BACK (or PREPARED when the switch never changed production). Raises {@code SwitchStateError}
     * after a commit: a committed switch is never undone.
     */
    SwitchState switchClusterBack(SideClusterRequest request);
}
