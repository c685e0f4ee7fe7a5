package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.ClusterSwitchActivities;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The emergency fakes plus a pgBackRest stanza's sets and the cluster switch; every call recorded. */
public class FakeClusterActivities extends FakeEmergencyActivities implements ClusterSwitchActivities {
    final List<SourceBackup> sets = new ArrayList<>();
    /** Labels whose side cluster fails verification. */
    final Set<String> badSets = ConcurrentHashMap.newKeySet();

    volatile boolean clusterSwitchFails;
    volatile boolean clusterVerifyFails;

    void set(String label, Instant finished) {
        sets.add(new SourceBackup(
                label,
                "production",
                "pgbackrest",
                "full",
                "COMPLETED",
                finished.minusSeconds(60),
                Optional.of(finished),
                1,
                ""));
    }

    @Override
    public List<SourceBackup> listPhysicalSets(String profile) {
        calls.add("list " + profile);
        return List.copyOf(sets);
    }

    @Override
    public List<CheckResult> verifyPhysicalSet(PhysicalRestoreRequest r) {
        calls.add("verify repository " + r.label() + " to " + r.targetTime());
        return List.of(CheckResult.pass("pgbackrest_verify", "ok", "ok", ""));
    }

    @Override
    public ClusterOutcome prepareSideCluster(SideClusterRequest r) {
        calls.add("prepare " + r.label() + " to " + r.targetTime());
        return new ClusterOutcome(5, List.of(CheckResult.pass("restore", "exit 0", "exit 0", "")));
    }

    @Override
    public List<CheckResult> verifySideCluster(SideClusterRequest r) {
        calls.add("verify side " + r.label());
        return badSets.contains(r.label())
                ? List.of(CheckResult.fail("constraints", "valid", "invalid", "fk broken"))
                : List.of(CheckResult.pass("constraints", "valid", "valid", ""));
    }

    @Override
    public void discardSideCluster(SideClusterRequest r) {
        calls.add("discard");
    }

    @Override
    public SwitchState switchCluster(SideClusterRequest r) {
        calls.add("switch cluster " + r.label());
        if (clusterSwitchFails) {
            throw ApplicationFailure.newNonRetryableFailure("pg_ctl start exited 1", "ToolError");
        }
        return SwitchState.SWITCHED;
    }

    @Override
    public List<CheckResult> verifySwitchedCluster(SideClusterRequest r) {
        calls.add("verify production");
        return clusterVerifyFails
                ? List.of(CheckResult.fail("production_marker", "restored", "not restored", ""))
                : List.of(CheckResult.pass("production_marker", "restored", "restored", ""));
    }

    @Override
    public SwitchState commitClusterSwitch(SideClusterRequest r) {
        calls.add("commit cluster");
        return SwitchState.COMMITTED;
    }

    @Override
    public SwitchState switchClusterBack(SideClusterRequest r) {
        calls.add("switch cluster back");
        return SwitchState.SWITCHED_BACK;
    }
}
