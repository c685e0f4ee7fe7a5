package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Notifier;
import dev.pgdrill.workflows.notify.Severity;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/** A failed drill, told through the alert channels with every check that failed it. */
final class DrillNotices {
    private DrillNotices() {}

    static void failed(DrillRequest request, String drillId, String backupId, List<CheckResult> checks, Instant at) {
        AlertRouting routing = request.settings().alerts();
        if (routing.noChannels()) {
            return;
        }
        List<String> failed = checks.stream()
                .filter(CheckResult::failsVerdict)
                .map(c -> c.name() + ": expected " + c.expected() + ", got " + c.actual()
                        + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"))
                .toList();
        new Notifier(routing)
                .send(new Notification(
                        "drill:" + drillId,
                        "drill_failed",
                        Severity.CRITICAL,
                        "Restore drill of '" + request.sourceProfile() + "' FAILED",
                        "drill " + drillId + (backupId.isEmpty() ? "" : " of backup " + backupId) + " failed "
                                + failed.size() + " check(s): the backup may not restore as it should",
                        at,
                        "pgdrill drills show " + drillId,
                        failed,
                        routing.runUrl(Workflow.getInfo().getWorkflowId()),
                        routing.dashboardUrl(),
                        0));
    }
}
