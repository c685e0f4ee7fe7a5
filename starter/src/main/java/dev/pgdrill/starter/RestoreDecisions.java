package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.emergency.Approval;
import dev.pgdrill.workflows.emergency.ApprovalRequest;
import dev.pgdrill.workflows.emergency.ApprovalSignatures;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.Rejection;
import io.temporal.client.WorkflowUpdateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill restore approve|reject}: an approver's decision, sent as a validated Update. */
final class RestoreDecisions {
    private RestoreDecisions() {}

    /** The JSON answer of approve and reject: what the workflow said. */
    record Decision(String workflowId, String result) {}

    @Command(
            name = "approve",
            description = {
                "Approve replacing production. Type the phrase at the prompt (or give --phrase). A refused approval",
                "(wrong phrase, not an approver, the requester) exits 1 and is written to the audit trail.",
                "With --when-asked it waits until the restore asks (staging still running) and approves then; with",
                "--wait it then waits for the restore's end: exit 0 when production was restored, 1 otherwise."
            })
    static final class Approve implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--approver", required = true, paramLabel = "NAME")
        String approver;

        @Option(
                names = "--phrase",
                paramLabel = "TEXT",
                description = "The approval phrase (default: asked at the terminal).")
        String phrase;

        @Option(names = "--comment", paramLabel = "TEXT")
        String comment = "";

        @Option(
                names = "--when-asked",
                description = "Wait until the restore asks for approval (it may still be starting or staging), then"
                        + " approve; the approval is checked like any other.")
        boolean whenAsked;

        @Option(names = "--wait", description = "After approving, wait for the restore's end and print how it ended.")
        boolean await;

        @Option(
                names = "--key",
                paramLabel = "FILE",
                description = "Sign the approval with this private key (pgdrill approver keygen made it).")
        Path key;

        @Override
        public Integer call() throws IOException {
            PgdrillConfig cfg = cli.config();
            if (phrase == null) {
                PrintWriter out = cli.out();
                out.print("This replaces production '"
                        + WorkflowIds.emergencyRestoreTarget(id).orElse(id) + "'. Type "
                        + cfg.approval().phrase() + " to approve: ");
                out.flush();
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                phrase = line == null ? "" : line.strip();
            }
            try (TemporalSession temporal = cli.temporal()) {
                if (whenAsked) {
                    RestoreWait.untilAsked(temporal, cfg.temporal().namespace(), id, cli.err());
                }
                String result = decide(
                        cli,
                        temporal,
                        id,
                        approver,
                        "approval",
                        "restore.refused-approval",
                        wf -> wf.approve(key == null ? new Approval(approver, phrase, comment) : signed(wf)));
                if (await) {
                    cli.err().println(result + ": production restore proceeds");
                    cli.err().flush();
                    RestoreWait.End end =
                            RestoreWait.untilEnd(temporal, temporal.client().newUntypedWorkflowStub(id), id);
                    cli.emit(end, out -> out.println(end.text()));
                    return end.restored() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
                }
                cli.emit(
                        new Decision(id, result),
                        out -> out.println(
                                result + ": production restore proceeds (pgdrill restore status " + id + " --watch)"));
                return ExitCodes.OK;
            }
        }

        /**
         * Signs exactly what the running restore asks to approve (its run, target and staged backup), so the
         * signature approves nothing else.
         */
        private Approval signed(EmergencyRestoreWorkflow wf) {
            ApprovalRequest request = wf.approvalRequest();
            String at = Instant.now().toString();
            try {
                String privateKey = Files.readString(key);
                String signature =
                        ApprovalSignatures.sign(privateKey, ApprovalSignatures.payload(request, approver, phrase, at));
                return new Approval(approver, phrase, comment, signature, at);
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.USAGE, "--key: unable to read " + key + ": " + e.getMessage());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new CliFailure(
                        ExitCodes.USAGE,
                        "--key: " + key + " is not an Ed25519 private key from" + " pgdrill approver keygen ("
                                + e.getMessage() + ")");
            }
        }
    }

    @Command(name = "reject", description = "Reject: the restore ends, production untouched.")
    static final class Reject implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--approver", required = true, paramLabel = "NAME")
        String approver;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            String result;
            try (TemporalSession temporal = cli.temporal()) {
                result = decide(
                        cli,
                        temporal,
                        id,
                        approver,
                        "rejection",
                        "restore.refused-rejection",
                        wf -> wf.reject(new Rejection(approver, reason)));
            }
            cli.emit(new Decision(id, result), out -> out.println(result));
            return ExitCodes.OK;
        }
    }

    /** The run's restore id (the audit trail's subject for its decisions), or the workflow id if it cannot say. */
    private static String restoreIdOf(EmergencyRestoreWorkflow wf, String workflowId) {
        try {
            String restoreId = wf.approvalRequest().restoreId();
            return restoreId.isEmpty() ? workflowId : restoreId;
        } catch (RuntimeException e) {
            return workflowId;
        }
    }

    /** Sends the decision; a refusal is audited (it never enters history) and exits 1 with the reason. */
    private static String decide(
            CliContext cli,
            TemporalSession temporal,
            String id,
            String approver,
            String what,
            String refusedAction,
            Function<EmergencyRestoreWorkflow, String> send) {
        EmergencyRestoreWorkflow wf = temporal.client().newWorkflowStub(EmergencyRestoreWorkflow.class, id);
        try {
            return temporal.call("send the " + what + " to " + id, () -> send.apply(wf));
        } catch (WorkflowUpdateException e) {
            String why = Failures.rootMessage(e);
            RestoreCommand.audit(cli, approver, refusedAction, restoreIdOf(wf, id), why);
            throw new CliFailure(ExitCodes.CHECK_FAILED, what + " refused: " + why);
        }
    }
}
