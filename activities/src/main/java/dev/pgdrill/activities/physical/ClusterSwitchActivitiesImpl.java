package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.ClusterSwitchActivities;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

public final class ClusterSwitchActivitiesImpl implements ClusterSwitchActivities {
    private final PgdrillConfig config;
    private final SideClusters sides;

    public ClusterSwitchActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.sides = new SideClusters(config);
    }

    /** One step of the switch, run with heartbeats (after each step, and from a timer while pg_ctl runs). */
    @FunctionalInterface
    private interface Work<T> {
        T run(Heartbeats beats) throws ActivityException, IOException, SQLException, InterruptedException;
    }

    @Override
    public ClusterOutcome prepareSideCluster(SideClusterRequest r) {
        return run(r, "prepare side cluster", beats -> sides.prepare(r, beats.listener()));
    }

    @Override
    public List<CheckResult> verifySideCluster(SideClusterRequest r) {
        return run(r, "verify side cluster", beats -> sides.verifySide(r, beats.listener()));
    }

    @Override
    public void discardSideCluster(SideClusterRequest r) {
        run(r, "remove side cluster", beats -> {
            sides.discard(r, beats.listener());
            return null;
        });
    }

    @Override
    public SwitchState switchCluster(SideClusterRequest r) {
        return run(
                r, "switch", beats -> sides.switchForward(r, steady(beats.listener()), step -> beats.progress(step)));
    }

    @Override
    public List<CheckResult> verifySwitchedCluster(SideClusterRequest r) {
        return run(r, "verify production", beats -> sides.verifyProduction(r, beats.listener()));
    }

    @Override
    public SwitchState commitClusterSwitch(SideClusterRequest r) {
        return run(r, "commit", beats -> sides.commit(r, steady(beats.listener()), step -> beats.progress(step)));
    }

    @Override
    public SwitchState switchClusterBack(SideClusterRequest r) {
        return run(
                r, "switch back", beats -> sides.switchBack(r, steady(beats.listener()), step -> beats.progress(step)));
    }

    /**
     * A listener whose heartbeat can never fail the pg_ctl it reports on: a heartbeat that throws (worker shutting
     * down, the attempt timed out) would have the program and its children killed, production's postmaster among
     * them while it starts. Between steps the switch still heartbeats (and stops) as usual; a step, once begun,
     * finishes.
     */
    private static ProgressListener steady(ProgressListener beats) {
        return (phase, done, total) -> {
            try {
                beats.progress(phase, done, total);
            } catch (RuntimeException e) {
                // the step goes on; the next one's heartbeat tells the attempt's fate
            }
        };
    }

    private <T> T run(SideClusterRequest r, String what, Work<T> work) {
        Failures.profile(config, r.profile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), what)) {
            return work.run(beats);
        } catch (ActivityException e) {
            throw Failures.of(e);
        } catch (ClusterSwitch.StateException e) {
            throw FailureType.SWITCH_STATE.permanent(
                    "unable to " + what + " of '" + r.profile() + "': " + e.getMessage());
        } catch (IOException e) {
            throw FailureType.TOOL.transientFailure(
                    "unable to " + what + " of '" + r.profile() + "': " + e.getMessage());
        } catch (SQLException e) {
            throw FailureType.DATABASE.transientFailure(
                    "unable to " + what + " of '" + r.profile() + "': " + e.getMessage());
        } catch (InterruptedException e) {
            throw Failures.interrupted(what);
        } catch (IllegalArgumentException e) {
            throw FailureType.CONFIGURATION.permanent("unable to " + what + ": " + e.getMessage());
        }
    }
}
