package dev.pgdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkflowIdsTest {
    private static final String RESTORE = WorkflowIds.emergencyRestore("production");

    @Test
    void aChildsLineageEndsWithTheRunThatStartedIt() {
        assertThat(WorkflowIds.lineage(WorkflowIds.staging(RESTORE, 2)))
                .containsExactly(RESTORE + "-staging-2", RESTORE);
        assertThat(WorkflowIds.lineage(WorkflowIds.sideRestore(RESTORE))).containsExactly(RESTORE + "-side", RESTORE);
        assertThat(WorkflowIds.lineage(WorkflowIds.snapshot(RESTORE))).containsExactly(RESTORE + "-snapshot", RESTORE);
        String drill = WorkflowIds.drill("production", Instant.parse("2026-01-17T04:00:00Z"));
        assertThat(WorkflowIds.lineage(WorkflowIds.drillRestore(drill))).containsExactly(drill + "-restore", drill);
    }

    @Test
    void aTopLevelOrForeignIdIsItsOwnLineage() {
        assertThat(WorkflowIds.lineage(RESTORE)).containsExactly(RESTORE);
        assertThat(WorkflowIds.lineage("emergency-restore-side")).containsExactly("emergency-restore-side");
        assertThat(WorkflowIds.lineage("drill-restore")).containsExactly("drill-restore");
        assertThat(WorkflowIds.lineage("someone-else-side")).containsExactly("someone-else-side");
    }

    @Test
    void aRestoreRunsChildrenBelongToTheRunAndTheRunToTheTargetsWorkflow() {
        String run = WorkflowIds.restoreRun("production", Instant.parse("2026-01-17T09:30:00Z"), "0a1b2c");
        assertThat(run).isEqualTo("emergency-restore-production@20260117T093000Z-0a1b2c");
        assertThat(WorkflowIds.lineage(WorkflowIds.sideRestore(run))).containsExactly(run + "-side", run, RESTORE);
        assertThat(WorkflowIds.lineage(WorkflowIds.staging(run, 3))).containsExactly(run + "-staging-3", run, RESTORE);
        assertThat(WorkflowIds.lineage(run)).containsExactly(run, RESTORE);
    }

    @Test
    void aFleetsChildrenAreNamedByDatabaseAndTheFleetsStartSoEachStartsOnce() {
        Instant at = Instant.parse("2026-01-17T03:00:00Z");
        assertThat(WorkflowIds.fleet("backup", at)).isEqualTo("fleet-backup-20260117T030000Z");
        assertThat(WorkflowIds.fleetChild("backup", "shop", at)).isEqualTo("backup-shop-20260117T030000Z");
        assertThat(WorkflowIds.fleetChild("drill", "shop", at)).isEqualTo("drill-shop-20260117T030000Z");
        assertThat(WorkflowIds.fleetSchedule("drill")).isEqualTo("pgdrill-fleet-drill");
        assertThat(WorkflowIds.isPgdrillSchedule(WorkflowIds.fleetSchedule("backup")))
                .isTrue();
        String after = WorkflowIds.drillAfterBackup("shop");
        assertThat(after).isEqualTo("drill-shop-after-backup");
        assertThat(WorkflowIds.lineage(WorkflowIds.drillRestore(after))).containsExactly(after + "-restore", after);
        assertThat(WorkflowIds.drillOfBackup("shop", "20260117T030000Z")).isEqualTo("drill-shop-20260117T030000Z");
    }
}
