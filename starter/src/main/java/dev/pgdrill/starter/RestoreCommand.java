package dev.pgdrill.starter;

import dev.pgdrill.workflows.Failures;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.emergency.Approval;
import dev.pgdrill.workflows.emergency.EmergencyRestoreRequest;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.Rejection;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.Step;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgdrill restore start|status|approve|reject}: the emergency restore, driven by people. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Emergency restore of a production database.",
        subcommands = {RestoreCommand.Start.class, RestoreCommand.Status.class, RestoreCommand.Approve.class,
                RestoreCommand.Reject.class})
final class RestoreCommand {

    @Command(name = "start", mixinStandardHelpOptions = true, description = {
            "Start an emergency restore: staging first (older backups on failure), then it waits for an approver",
            "to type the approval phrase before production is replaced (and kept)."})
    static final class Start implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Option(names = "--target", required = true, paramLabel = "PROFILE", description = "The production profile.")
        String target;
        @Option(names = "--incident-time", paramLabel = "TIME", description = "ISO-8601 UTC, e.g. 2026-01-17T09:30:00Z (default: now).")
        String incidentTime;
        @Option(names = "--requested-by", required = true, paramLabel = "NAME")
        String requestedBy;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;
        @Option(names = "--max-attempts", paramLabel = "N", description = "Candidates to try on staging (default: restore.maxAttempts).")
        Integer maxAttempts;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            var profile = cfg.databases().get(target);
            if (profile == null || profile.role() != Role.PRODUCTION) {
                throw new CliFailure(ExitCodes.USAGE, "--target must name a profile with role production (configured: "
                        + String.join(", ", cfg.databases().values().stream().filter(p -> p.role() == Role.PRODUCTION)
                                .map(p -> p.name()).toList()) + ")");
            }
            if (cfg.restore().staging().isEmpty()) {
                throw new CliFailure(ExitCodes.USAGE, "no staging profile: add one with role staging, or set restore.staging");
            }
            Instant incident;
            try {
                incident = incidentTime == null ? Instant.now() : Instant.parse(incidentTime);
            } catch (DateTimeParseException e) {
                throw new CliFailure(ExitCodes.USAGE, "--incident-time: expected ISO-8601 UTC such as 2026-01-17T09:30:00Z, got \""
                        + incidentTime + "\"");
            }
            String id = WorkflowIds.emergencyRestore(target);
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                EmergencyRestoreWorkflow wf = temporal.client().newWorkflowStub(EmergencyRestoreWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(cfg.temporal().taskQueue()).setWorkflowId(id)
                                // One emergency restore per target at a time.
                                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                                .setTypedSearchAttributes(SearchAttributes.newBuilder().set(PgdrillSearchAttributes.DATABASE, target).build())
                                .setStaticSummary("EMERGENCY restore of '" + target + "' requested by " + requestedBy)
                                .setStaticDetails(reason + " (incident at " + incident + ")")
                                .build());
                EmergencyRestoreRequest request = new EmergencyRestoreRequest(target, incident, requestedBy, reason,
                        maxAttempts == null ? cfg.restore().maxAttempts() : maxAttempts, WorkflowSettings.restore(cfg));
                try {
                    temporal.call("start the restore", () -> WorkflowClient.start(wf::run, request));
                } catch (WorkflowExecutionAlreadyStarted e) {
                    throw new CliFailure(ExitCodes.CHECK_FAILED, "an emergency restore of '" + target + "' is already running: "
                            + id + " (pgdrill restore status " + id + ")");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Cli.printJson(out, Map.of("workflowId", id));
            } else {
                out.println(id);
                out.println("follow it: pgdrill restore status " + id + " --watch; approve: pgdrill restore approve " + id
                        + " --approver NAME");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The restore's steps and where it stands.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID", description = "The workflow id (emergency-restore-<profile>).")
        String id;
        @Option(names = "--watch", description = "Refresh every 2 s until the restore ends.")
        boolean watch;
        @Option(names = "--json", description = "Print JSON: workflowId, status, step, steps.")
        boolean json;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PgdrillConfig cfg = config.load();
            PrintWriter out = spec.commandLine().getOut();
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                while (true) {
                    Map<String, Object> s = temporal.call("read restore " + id, () -> status(temporal.client(), cfg, id));
                    if (json) {
                        Cli.printJson(out, s);
                    } else {
                        print(out, s);
                    }
                    if (!watch || !"RUNNING".equals(s.get("status"))) {
                        return ExitCodes.OK;
                    }
                    Thread.sleep(2000);
                }
            }
        }

        static Map<String, Object> status(WorkflowClient client, PgdrillConfig cfg, String id) {
            var exec = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(cfg.temporal().namespace())
                            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(id)).build())
                    .getWorkflowExecutionInfo();
            String status = exec.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
            Progress p = client.newWorkflowStub(EmergencyRestoreWorkflow.class, id).progress();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("workflowId", id);
            out.put("status", status);
            String step = p.current().isEmpty() ? (exec.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                    ? "" : "DONE") : p.current().toUpperCase(Locale.ROOT);
            out.put("step", step);
            out.put("steps", p.steps());
            LiveProgress.current(client, cfg.temporal().namespace(), id).ifPresent(line -> out.put("activity", line));
            return out;
        }

        @SuppressWarnings("unchecked")
        private static void print(PrintWriter out, Map<String, Object> s) {
            out.println(s.get("workflowId") + ": " + s.get("status") + (s.get("step").toString().isEmpty() ? "" : ", step " + s.get("step")));
            for (Step st : (List<Step>) s.get("steps")) {
                String mark = switch (st.status()) {
                    case DONE -> "[x]";
                    case RUNNING -> "[>]";
                    case FAILED -> "[!]";
                    case SKIPPED -> "[-]";
                    default -> "[ ]";
                };
                long ms = st.finishedAtMs() > 0 ? st.finishedAtMs() - st.startedAtMs()
                        : st.startedAtMs() > 0 ? System.currentTimeMillis() - st.startedAtMs() : 0;
                out.printf("  %s %-18s %6s  %s%n", mark, st.name(), ms > 0 ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0) : "",
                        st.detail());
            }
            if (s.containsKey("activity")) {
                out.println("  " + s.get("activity"));
            }
            out.flush();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = {
            "Approve replacing production. Type the phrase at the prompt (or give --phrase). A refused approval",
            "(wrong phrase, not an approver, the requester) exits 1 and is written to the audit trail."})
    static final class Approve implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--approver", required = true, paramLabel = "NAME")
        String approver;
        @Option(names = "--phrase", paramLabel = "TEXT", description = "The approval phrase (default: asked at the terminal).")
        String phrase;
        @Option(names = "--comment", paramLabel = "TEXT")
        String comment = "";
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PgdrillConfig cfg = config.load();
            PrintWriter out = spec.commandLine().getOut();
            if (phrase == null) {
                out.print("This replaces production '" + WorkflowIds.emergencyRestoreTarget(id).orElse(id) + "'. Type "
                        + cfg.approval().phrase() + " to approve: ");
                out.flush();
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                phrase = line == null ? "" : line.strip();
            }
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                EmergencyRestoreWorkflow wf = temporal.client().newWorkflowStub(EmergencyRestoreWorkflow.class, id);
                try {
                    String result = temporal.call("approve " + id, () -> wf.approve(new Approval(approver, phrase, comment)));
                    out.println(result + ": production restore proceeds (pgdrill restore status " + id + " --watch)");
                    return ExitCodes.OK;
                } catch (WorkflowUpdateException e) {
                    String why = Failures.rootMessage(e);
                    audit(cfg, approver, "restore.refused-approval", id, why);
                    throw new CliFailure(ExitCodes.CHECK_FAILED, "approval refused: " + why);
                }
            }
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject: the restore ends, production untouched.")
    static final class Reject implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--approver", required = true, paramLabel = "NAME")
        String approver;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PgdrillConfig cfg = config.load();
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                EmergencyRestoreWorkflow wf = temporal.client().newWorkflowStub(EmergencyRestoreWorkflow.class, id);
                try {
                    spec.commandLine().getOut().println(temporal.call("reject " + id, () -> wf.reject(new Rejection(approver, reason))));
                    return ExitCodes.OK;
                } catch (WorkflowUpdateException e) {
                    String why = Failures.rootMessage(e);
                    audit(cfg, approver, "restore.refused-rejection", id, why);
                    throw new CliFailure(ExitCodes.CHECK_FAILED, "rejection refused: " + why);
                }
            }
        }
    }

    /** A refused update never enters the workflow's history, so the CLI that sent it writes the audit line. */
    static void audit(PgdrillConfig cfg, String actor, String action, String subject, String detail) {
        try {
            new Catalog(cfg.catalogProfile()).audit().append(actor, action, subject, detail);
        } catch (CatalogException e) {
            System.err.println("pgdrill: warning: " + e.getMessage());
        }
    }

}
