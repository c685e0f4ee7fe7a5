package dev.pgdrill.workflows.fleet;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.DrillOfBackup;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Child workflows that take a while on the workflow clock (so the test server skips the time) and report when
 * they ran, on that clock, as {@code <start>-<end>} in their backup id: the fleet's concurrency, read from results.
 * A profile named {@code broken} fails its backup; one named {@code bad} fails its drill.
 */
final class FakeChildren {
    private FakeChildren() {}

    /** Database {@code dbN} takes N minutes, so children end in an order other than their start order. */
    static Duration work(String profile) {
        String digits = profile.replaceAll("\\D", "");
        return Duration.ofMinutes(digits.isEmpty() ? 1 : Long.parseLong(digits));
    }

    static final class Backup implements BackupWorkflow {
        private final List<BackupRequest> requests;

        Backup(List<BackupRequest> requests) {
            this.requests = requests;
        }

        @Override
        public BackupResult run(BackupRequest request) {
            requests.add(request);
            long start = Workflow.currentTimeMillis();
            Workflow.sleep(work(request.profile()));
            String ran = start + "-" + Workflow.currentTimeMillis();
            if (request.profile().equals("broken")) {
                BackupResult failed = new BackupResult(
                        ran,
                        request.profile(),
                        request.kind(),
                        BackupStatus.FAILED,
                        0,
                        0,
                        List.of(),
                        "pg_dump: connection refused",
                        List.of(),
                        List.of(),
                        DrillOfBackup.NONE);
                throw ApplicationFailure.newNonRetryableFailureWithCause(
                        "unable to back up 'broken'", FailureType.BACKUP_FAILED.type(), null, failed);
            }
            return new BackupResult(
                    ran,
                    request.profile(),
                    request.kind(),
                    BackupStatus.COMPLETED,
                    4096,
                    1,
                    List.of(),
                    "",
                    List.of(),
                    List.of(),
                    DrillOfBackup.NONE);
        }

        @Override
        public Progress progress() {
            return new Progress("", List.of());
        }
    }

    static final class Drill implements RestoreDrillWorkflow {
        @Override
        public DrillResult run(DrillRequest request) {
            long start = Workflow.currentTimeMillis();
            Workflow.sleep(work(request.sourceProfile()));
            boolean bad = request.sourceProfile().equals("bad");
            CheckResult check = bad
                    ? CheckResult.fail("row_counts", "109 rows", "108 rows", "")
                    : CheckResult.pass("row_counts", "109 rows", "109 rows", "");
            return new DrillResult(
                    Workflow.getInfo().getWorkflowId(),
                    start + "-" + Workflow.currentTimeMillis(),
                    bad ? Verdict.FAIL : Verdict.PASS,
                    1000,
                    Map.of(),
                    List.of(check),
                    "pgdrill_drill_0000",
                    "/repo/reports/x.md");
        }

        @Override
        public Progress progress() {
            return new Progress("", List.of());
        }
    }
}
