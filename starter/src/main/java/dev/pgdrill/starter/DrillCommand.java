package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pgdrill drill run}: a restore drill now, outside the monthly schedule. */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Run a restore drill now.",
        subcommands = DrillCommand.Run.class)
final class DrillCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Restore a backup (random from the last drill.windowDays, or --backup / --latest) into an",
                    "isolated database on drill.target, verify it, record the result, drop the database.",
                    "With --wait: exit 0 on PASS, 1 on FAIL."})
    static final class Run implements Callable<Integer> {
        private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

        @Mixin
        ConfigOption config;

        @ArgGroup(exclusive = true)
        Choice choice = new Choice();

        static final class Choice {
            @Option(names = "--backup", paramLabel = "ID", description = "Drill this backup.")
            String backupId = "";
            @Option(names = "--latest", description = "Drill the newest backup in the window.")
            boolean latest;
        }

        @Option(names = "--wait", description = "Wait for the verdict and print the report.")
        boolean await;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
        String requestedBy = System.getProperty("user.name", "operator");

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            String profile = cfg.backup().database();
            String drillId = WorkflowIds.drill(profile, Instant.now());
            PrintWriter out = spec.commandLine().getOut();
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                RestoreDrillWorkflow wf = temporal.client().newWorkflowStub(RestoreDrillWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(cfg.temporal().taskQueue()).setWorkflowId(drillId)
                                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                        .set(PgdrillSearchAttributes.DATABASE, profile).build())
                                .setStaticSummary("Restore drill of '" + profile + "' into '" + cfg.drill().target()
                                        + "' (requested by " + requestedBy + ")")
                                .build());
                DrillRequest request = new DrillRequest(profile, choice.backupId, choice.latest, requestedBy,
                        WorkflowSettings.drill(cfg));
                try {
                    temporal.call("start the drill", () -> WorkflowClient.start(wf::run, request));
                } catch (WorkflowExecutionAlreadyStarted e) {
                    throw new CliFailure(ExitCodes.CHECK_FAILED, "a drill is already running as " + drillId);
                }
                if (!await) {
                    if (json) {
                        Cli.printJson(out, Map.of("drillId", drillId));
                    } else {
                        out.println("started " + drillId + " (follow it in the Temporal UI, or rerun with --wait)");
                    }
                    return ExitCodes.OK;
                }
                DrillResult r;
                try (LiveProgress progress = json ? null : new LiveProgress(temporal.client(),
                        cfg.temporal().namespace(), WorkflowIds.drillRestore(drillId), spec.commandLine().getErr())) {
                    r = temporal.call("wait for the drill", () -> WorkflowStub.fromTyped(wf).getResult(DrillResult.class));
                } catch (WorkflowFailedException e) {
                    throw new CliFailure(ExitCodes.INFRASTRUCTURE, "the drill workflow failed: "
                            + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
                }
                print(out, r);
                return r.verdict() == Verdict.PASS ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }

        private void print(PrintWriter out, DrillResult r) {
            if (json) {
                Cli.printJson(out, r);
                return;
            }
            out.printf("drill %s: %s%s, restore %.1f s (RTO)%n", r.drillId(), r.verdict(),
                    r.backupId().isEmpty() ? "" : " for backup " + r.backupId(), r.restoreMs() / 1000.0);
            printChecks(out, r.checks());
            out.println("report: " + r.reportPath());
            out.flush();
        }
    }

    static void printChecks(PrintWriter out, java.util.List<CheckResult> checks) {
        for (CheckResult c : checks) {
            String status = c.status() == CheckStatus.PASS ? "ok" : c.status().name();
            out.printf("  %-4s %-36s %s%s%n", status, c.name(), c.actual(),
                    c.status() == CheckStatus.PASS || c.detail().isEmpty() ? "" : "  (" + c.detail() + ")");
        }
    }
}
