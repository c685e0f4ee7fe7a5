package dev.pgdrill.starter;

import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.fleet.FleetOutcome;
import dev.pgdrill.workflows.fleet.FleetRequest;
import dev.pgdrill.workflows.fleet.FleetResult;
import dev.pgdrill.workflows.fleet.FleetWorkflow;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * {@code backup run --all} and {@code drill run --all}: one FleetWorkflow that runs a child per database,
 * {@code fleet.maxConcurrent} at a time. With {@code --wait}, one line per database; exit 1 when any failed.
 */
final class FleetRun {
    /** The fleet's PgdrillDatabase search attribute: it is about every listed database, not one. */
    static final String FLEET = "fleet";

    private FleetRun() {}

    static int start(CliContext cli, FleetRequest request, boolean await) {
        String what = request.kind() + " of " + request.profiles().size() + " databases";
        String fleetId = WorkflowIds.fleet(request.kind(), Instant.now());
        try (TemporalSession temporal = cli.temporal()) {
            FleetWorkflow wf = temporal.newRun(
                    FleetWorkflow.class,
                    fleetId,
                    FLEET,
                    "Fleet " + request.kind() + " of " + String.join(", ", request.profiles()) + " (requested by "
                            + request.requestedBy() + ")",
                    "at most " + request.maxConcurrent() + " at a time (fleet.maxConcurrent)");
            TemporalSession.Started started = temporal.start(
                    "start " + what,
                    () -> WorkflowClient.start(wf::run, request),
                    "a fleet " + request.kind() + " is already running as " + fleetId);
            if (!await) {
                cli.emit(
                        started,
                        out -> out.println(
                                "started " + started.text()
                                        + "\n  one child run per database; follow it in the Temporal UI, or rerun with --wait"));
                return ExitCodes.OK;
            }
            if (!cli.json()) {
                cli.err().println("waiting for " + what + ", " + request.maxConcurrent() + " at a time: " + fleetId);
                cli.err().flush();
            }
            FleetResult r = temporal.result(what, wf, FleetResult.class);
            cli.emit(r, out -> print(out, r));
            return r.failed() == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    static void print(PrintWriter out, FleetResult r) {
        for (FleetOutcome o : r.outcomes()) {
            out.printf(
                    "%-4s %-24s %-11s %-20s %7.1f s  %s%n",
                    o.ok() ? "ok" : "FAIL",
                    o.profile(),
                    o.status(),
                    o.backupId().isEmpty() ? "-" : o.backupId(),
                    o.durationMs() / 1000.0,
                    o.detail());
        }
        out.printf("%s %s: %d passed, %d failed%n", r.kind(), r.fleetId(), r.passed(), r.failed());
    }
}
