package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.source.ListBackupsRequest;
import dev.pgdrill.workflows.source.ListBackupsWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.TimeoutFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A profile's backups live from its source (Supabase's API, a pgBackRest repository): the worker holds the
 * source's credentials, so the CLI runs a {@link ListBackupsWorkflow} there and waits for its answer.
 */
final class SourceListing {
    /**
     * The run's whole life: the activity's retries (three attempts, 90 s each at most) fit, and a run no worker
     * picks up ends by itself instead of waiting on the task queue for a worker that may come hours later.
     */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private SourceListing() {}

    static List<SourceBackup> list(CliContext cli, String profile, String kind) {
        PgdrillConfig cfg = cli.config();
        String id = WorkflowIds.backupsList(profile, Instant.now());
        try (TemporalSession temporal = cli.temporal()) {
            if (!temporal.workerPolls()) {
                throw new CliFailure(
                        ExitCodes.INFRASTRUCTURE,
                        "unable to list the backups of '" + profile + "' from its " + kind + " source: no worker is"
                                + " polling task queue '" + cfg.temporal().taskQueue() + "' (the worker holds the"
                                + " source's credentials; start it: bin/pgdrill-worker --config <file>)");
            }
            ListBackupsWorkflow wf = temporal.newRun(
                    ListBackupsWorkflow.class,
                    id,
                    profile,
                    "Backups of '" + profile + "' from its " + kind + " source",
                    "",
                    o -> o.setWorkflowExecutionTimeout(RUN_TIMEOUT));
            temporal.start(
                    "start the listing",
                    () -> WorkflowClient.start(wf::run, new ListBackupsRequest(profile, Cli.operator())),
                    "a listing of '" + profile + "' is already running as " + id);
            try {
                return List.of(temporal.call(
                        "wait for the listing", () -> WorkflowStub.fromTyped(wf).getResult(SourceBackup[].class)));
            } catch (WorkflowFailedException e) {
                throw new CliFailure(
                        ExitCodes.INFRASTRUCTURE,
                        e.getCause() instanceof TimeoutFailure
                                ? "unable to list the backups of '" + profile + "': no answer within "
                                        + RUN_TIMEOUT.toMinutes() + " min (is pgdrill-worker running? its log says"
                                        + " whether the source kept refusing or rate limiting)"
                                : "unable to list the backups of '" + profile + "': " + Failures.rootMessage(e));
            }
        }
    }

    static void print(PrintWriter out, String profile, String kind, List<SourceBackup> backups) {
        if (backups.isEmpty()) {
            out.println("no backups of '" + profile + "' in its " + kind + " source");
            return;
        }
        out.printf("%-20s %-9s %-21s %-10s %10s  %s%n", "ID", "TYPE", "TAKEN", "STATUS", "SIZE", "DETAIL");
        for (SourceBackup b : backups) {
            out.printf(
                    "%-20s %-9s %-21s %-10s %10s  %s%n",
                    b.id(),
                    b.type(),
                    Cli.time(b.startedAt()),
                    b.status(),
                    b.sizeBytes() == 0 ? "-" : Sizes.human(b.sizeBytes()),
                    b.detail());
        }
        out.println(backups.size() + " backup(s) of '" + profile + "' listed live from its " + kind + " source");
    }
}
