package dev.pgdrill.starter;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.core.preflight.CheckStatus;
import dev.pgdrill.core.preflight.DatabasePreflight;
import dev.pgdrill.core.preflight.DoctorCheck;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.emergency.EmergencyRestoreRequest;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgdrill restore start}: an emergency restore, staged first and held for an approver. */
@Command(
        name = "start",
        description = {
            "Start an emergency restore: staging first (older backups on failure), then it waits for an approver",
            "to type the approval phrase before production is replaced (and kept). With --wait it waits for the end:",
            "exit 0 when production was restored, 1 when the restore ended any other way."
        })
final class RestoreStart implements Callable<Integer> {
    @Mixin
    CliContext cli;

    @Option(names = "--target", required = true, paramLabel = "PROFILE", description = "The production profile.")
    String target;

    @Option(
            names = "--incident-time",
            paramLabel = "TIME",
            description = "ISO-8601 UTC, e.g. 2026-01-17T09:30:00Z (default: now; required for a pgBackRest target).")
    String incidentTime;

    @Option(names = "--requested-by", required = true, paramLabel = "NAME")
    String requestedBy;

    @Option(names = "--reason", required = true, paramLabel = "TEXT")
    String reason;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            description = "Candidates to try on staging (default: restore.maxAttempts).")
    Integer maxAttempts;

    @Option(
            names = "--backup",
            paramLabel = "ID",
            description =
                    "Restore this backup (a pre-restore snapshot only this way), not the newest before the incident.")
    String backupId = "";

    @Option(
            names = "--wait",
            description = "Wait for the restore's end (the approval still comes from an approver) and print how it"
                    + " ended.")
    boolean await;

    @Override
    public Integer call() {
        PgdrillConfig cfg = cli.config();
        DatabaseProfile profile = cfg.databases().get(target);
        if (profile == null || profile.role() != Role.PRODUCTION) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--target must name a profile with role production (configured: "
                            + String.join(
                                    ", ",
                                    cfg.databases().values().stream()
                                            .filter(p -> p.role() == Role.PRODUCTION)
                                            .map(DatabaseProfile::name)
                                            .toList())
                            + ")");
        }
        boolean cluster = cfg.source(target) instanceof SourceConfig.PgBackRest;
        if (cfg.source(target) instanceof SourceConfig.PgBackRest b
                && b.dataDirectory().isEmpty()) {
            // The cluster-level switch replaces production's data directory: without it, refuse before anything starts.
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--target " + target + ": its backups are pgBackRest stanza '" + b.stanza() + "', restored at"
                            + " cluster level, and databases." + target + ".source.dataDirectory is not set"
                            + " (production's data directory on the worker's host); nothing was started");
        }
        if (cluster) {
            refuseClusterWithoutIncidentTimeOrWithCatalog(cfg, profile);
        }
        boolean provider = cfg.source(target) instanceof SourceConfig.Supabase;
        if (provider && !backupId.isEmpty()) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--backup: '" + target + "' is a Supabase project, restored by Supabase to the incident time"
                            + " (--incident-time); a daily backup is restored in Supabase's dashboard, then checked"
                            + " with pgdrill drill run --database " + target);
        }
        if (!cluster && cfg.restore().staging().isEmpty()) {
            throw new CliFailure(
                    ExitCodes.USAGE, "no staging profile: add one with role staging, or set restore.staging");
        }
        // A setup that cannot switch is refused before anything starts, not after an approval. (A Supabase project
        // is not switched: Supabase restores it in place; a pgBackRest cluster is swapped, not renamed: neither needs
        // the switch's database rights.) The check (a connection to production) runs while the Temporal client is set
        // up; the run starts only once it passed.
        CompletableFuture<DoctorCheck> switchable = provider || cluster
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> new DatabasePreflight(cfg).switchable(profile));
        Instant incident = incident();
        String id = WorkflowIds.emergencyRestore(target);
        try (TemporalSession temporal = cli.temporal()) {
            EmergencyRestoreWorkflow wf = temporal.newRun(
                    EmergencyRestoreWorkflow.class,
                    id,
                    target,
                    "EMERGENCY restore of '" + target + "' requested by " + requestedBy,
                    reason + " (incident at " + incident + ")");
            EmergencyRestoreRequest request = new EmergencyRestoreRequest(
                    target,
                    incident,
                    requestedBy,
                    reason,
                    maxAttempts == null ? cfg.restore().maxAttempts() : maxAttempts,
                    WorkflowSettings.restore(cfg, target),
                    backupId);
            refuseUnlessSwitchable(switchable);
            // One emergency restore per target at a time: the id says which target.
            TemporalSession.Started started = temporal.start(
                    "start the restore",
                    () -> WorkflowClient.start(wf::run, request),
                    "an emergency restore of '" + target + "' is already running: " + id + " (pgdrill restore status "
                            + id + ")");
            if (await) {
                cli.err().println(started.text());
                cli.err().println("approve: pgdrill restore approve " + id + " --approver NAME; waiting for the end");
                cli.err().flush();
                RestoreWait.End end = RestoreWait.untilEnd(temporal, WorkflowStub.fromTyped(wf), id);
                cli.emit(end, out -> out.println(end.text()));
                return end.restored() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
            cli.emit(started, out -> {
                out.println(started.text());
                out.println("follow it: pgdrill restore status " + id + " --watch; approve: pgdrill restore approve "
                        + id + " --approver NAME");
            });
            return ExitCodes.OK;
        }
    }

    /** The switch-privileges check's verdict (null: a target that is not switched), before anything starts. */
    private void refuseUnlessSwitchable(CompletableFuture<DoctorCheck> check) {
        DoctorCheck switchable;
        try {
            switchable = check.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (switchable != null && switchable.failed()) {
            throw new CliFailure(ExitCodes.CHECK_FAILED, switchable.detail() + "\n  fix: " + switchable.hint());
        }
        if (switchable != null && switchable.status() == CheckStatus.WARN) {
            cli.err().println("warning: " + switchable.detail());
        }
    }

    /**
     * A cluster is recovered to exactly the incident time: "now" lies beyond the archived WAL, and PostgreSQL ends
     * such a recovery with an error, so every set would fail. And every database of the cluster goes back to that
     * time: pgdrill's own catalog there would lose the approval's audit and the records written since.
     */
    private void refuseClusterWithoutIncidentTimeOrWithCatalog(PgdrillConfig cfg, DatabaseProfile profile) {
        if (incidentTime == null) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--incident-time is required for --target " + target + ": its pgBackRest cluster is recovered to"
                            + " exactly that moment (e.g. just before the bad change, 2026-01-17T09:30:00Z); nothing"
                            + " was started");
        }
        DatabaseProfile catalog = cfg.catalogProfile();
        if (catalog.host().equalsIgnoreCase(profile.host()) && catalog.port() == profile.port()) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--target " + target + ": pgdrill's catalog (profile '" + catalog.name() + "') is on the same"
                            + " PostgreSQL cluster (" + profile.host() + ":" + profile.port() + "), and a cluster-level"
                            + " restore takes every database in it back to the incident time, the catalog's records"
                            + " of this restore included; move the catalog to another server; nothing was started");
        }
    }

    private Instant incident() {
        try {
            return incidentTime == null ? Instant.now() : Instant.parse(incidentTime);
        } catch (DateTimeParseException e) {
            throw new CliFailure(
                    ExitCodes.USAGE,
                    "--incident-time: expected ISO-8601 UTC such as 2026-01-17T09:30:00Z, got \"" + incidentTime
                            + "\"");
        }
    }
}
