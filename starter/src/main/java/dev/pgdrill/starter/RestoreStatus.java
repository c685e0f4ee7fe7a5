package dev.pgdrill.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.Incident;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.Step;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill restore status}: the restore's steps, where it stands, and the running activity's progress. */
@Command(name = "status", description = "The restore's steps and where it stands.")
final class RestoreStatus implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Parameters(paramLabel = "ID", description = "The workflow id (emergency-restore-<profile>).")
    String id;

    @Option(
            names = "--watch",
            description = "Follow it until it ends: steps redrawn in place on a terminal (changed lines otherwise),"
                    + " with --json one JSON object per line every 2 s.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        PgdrillConfig cfg = cli.config();
        try (TemporalSession temporal = cli.temporal()) {
            if (watch && !cli.json()) {
                // The live view of the steps (children's included), then the final state once it ended.
                try (ProgressView view =
                        new ProgressView(temporal.client(), cfg.temporal().namespace(), id, cli.out())) {
                    while ("RUNNING".equals(read(temporal, cfg).get("status"))) {
                        Thread.sleep(2000);
                    }
                }
            }
            while (true) {
                Map<String, Object> s = read(temporal, cfg);
                if (watch && cli.json()) {
                    cli.out().println(Cli.JSON_LINE.writeValueAsString(s)); // JSON Lines: one object per poll
                    cli.out().flush();
                } else {
                    cli.emit(s, out -> print(out, s));
                }
                if (!watch || !"RUNNING".equals(s.get("status"))) {
                    return exitCode(s);
                }
                Thread.sleep(2000);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(TemporalSession temporal, PgdrillConfig cfg) {
        return temporal.call("read restore " + id, () -> status(temporal.client(), cfg, id));
    }

    /**
     * 0 while the restore runs (without --watch) and when it ended with production restored; 1 when it ended
     * any other way (failed, rejected, expired, switched back, cancelled, terminated): a script can tell.
     */
    private static int exitCode(Map<String, Object> s) {
        Object status = s.get("status");
        if ("RUNNING".equals(status)) {
            return ExitCodes.OK;
        }
        return "COMPLETED".equals(status) && "RESTORED".equals(s.get("outcome"))
                ? ExitCodes.OK
                : ExitCodes.CHECK_FAILED;
    }

    /**
     * The JSON contract: workflowId, status, step, steps, the outcome once it ended (RESTORED, REJECTED, …,
     * from the incident record the run returned), and the running activity's progress line.
     */
    static Map<String, Object> status(WorkflowClient client, PgdrillConfig cfg, String id) {
        var exec = client.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(cfg.temporal().namespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                        .build())
                .getWorkflowExecutionInfo();
        String status = exec.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
        Progress p = client.newWorkflowStub(EmergencyRestoreWorkflow.class, id).progress();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", id);
        out.put("status", status);
        String step = p.current().isEmpty()
                ? (exec.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING ? "" : "DONE")
                : p.current().toUpperCase(Locale.ROOT);
        out.put("step", step);
        out.put("steps", p.steps());
        if (exec.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            Incident incident = client.newUntypedWorkflowStub(id).getResult(Incident.class);
            out.put("outcome", incident.outcome().name());
            out.put("restoreId", incident.restoreId());
        }
        // What runs now, however deep: the steps of the children it waits on, and the running activity's progress.
        List<ProgressSnapshot.Line> lines =
                new ProgressSnapshot(client, cfg.temporal().namespace()).read(id);
        out.put(
                "children",
                lines.stream()
                        .filter(l -> l.depth() > 0 && l.progress().isEmpty())
                        .toList());
        lines.stream()
                .flatMap(l -> l.progress().stream())
                .findFirst()
                .ifPresent(a -> out.put("activity", ProgressView.summary(a)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> s) {
        out.println(s.get("workflowId") + ": " + s.get("status")
                + (s.get("step").toString().isEmpty() ? "" : ", step " + s.get("step"))
                + (s.containsKey("outcome") ? ", outcome " + s.get("outcome") + " (" + s.get("restoreId") + ")" : ""));
        for (Step st : (List<Step>) s.get("steps")) {
            String mark =
                    switch (st.status()) {
                        case DONE -> "[x]";
                        case RUNNING -> "[>]";
                        case FAILED -> "[!]";
                        case SKIPPED -> "[-]";
                        default -> "[ ]";
                    };
            long ms = st.finishedAtMs() > 0
                    ? st.finishedAtMs() - st.startedAtMs()
                    : st.startedAtMs() > 0 ? System.currentTimeMillis() - st.startedAtMs() : 0;
            out.printf(
                    "  %s %-18s %6s  %s%n",
                    mark, st.name(), ms > 0 ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0) : "", st.detail());
        }
        if (s.containsKey("activity")) {
            out.println("  " + s.get("activity"));
        }
    }
}
