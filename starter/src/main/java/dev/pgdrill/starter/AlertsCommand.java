package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.AlertsTestRequest;
import dev.pgdrill.workflows.notify.AlertsTestWorkflow;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill alerts test}: a test notice through every configured channel, sent by the worker (which holds
 * the channels' secrets) exactly as alerts are.
 */
@Command(name = "alerts", description = "Alert channels.")
final class AlertsCommand {

    @Command(
            name = "test",
            description = {
                "Send a test notice through every configured channel (whatever its minSeverity), with the",
                "retries alerts get, and report each result. Exit 0 when every channel delivered, 1 otherwise."
            })
    int test(
            @Mixin CliContext cli,
            @Option(
                            names = "--requested-by",
                            paramLabel = "NAME",
                            defaultValue = "${sys:user.name:-operator}",
                            description = "Who asks (default: $USER).")
                    String requestedBy) {
        PgdrillConfig cfg = cli.config();
        AlertRouting routing = WorkflowSettings.alerts(cfg);
        if (routing.noChannels()) {
            throw new CliFailure(
                    ExitCodes.USAGE, "no alert channel is configured (alerts.slack, alerts.email, alerts.webhook)");
        }
        String workflowId = WorkflowIds.alertsTest(Instant.now());
        List<DeliveryOutcome> outcomes;
        try (TemporalSession temporal = cli.temporal()) {
            AlertsTestWorkflow wf = temporal.newRun(
                    AlertsTestWorkflow.class,
                    workflowId,
                    cfg.backup().database(),
                    "Alert channels test (requested by " + requestedBy + ")",
                    "");
            temporal.start(
                    "start the alerts test",
                    () -> WorkflowClient.start(wf::run, new AlertsTestRequest(requestedBy, routing)),
                    "an alerts test is already running as " + workflowId);
            outcomes = List.of(temporal.result("alerts test", wf, DeliveryOutcome[].class));
        }
        cli.emit(
                outcomes,
                out -> outcomes.forEach(o -> out.printf(
                        "%-7s %s  %s%n", o.channel().key(), o.delivered() ? "ok    " : "FAILED", o.detail())));
        return outcomes.stream().allMatch(DeliveryOutcome::delivered) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
