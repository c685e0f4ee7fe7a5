package dev.pgdrill.activities.provider;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.source.SupabaseSource;
import dev.pgdrill.activities.verify.ProjectChecks;
import dev.pgdrill.core.catalog.AuditRecord;
import dev.pgdrill.core.catalog.AuditStore;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ProviderPlanRequest;
import dev.pgdrill.workflows.activities.ProviderRestoreActivities;
import dev.pgdrill.workflows.activities.ProviderRestoreCall;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Supabase project restored by Supabase: the restore point checked against the API, one restore-pitr per run,
 * the wait until the project is healthy, and the project checked after it. The token stays in the worker's
 * configuration; the workflow carries the profile's name.
 *
 * <p>At most one restore request per run: Supabase's restore-pitr is not idempotent (a second call restores
 * again, with downtime). Before it is sent, {@code provider_restore.sending} is written to the catalog's audit
 * trail under the run's restore id; after the answer, {@code .sent} or (when the answer proves nothing started,
 * e.g. a 4xx or a connection never opened) {@code .not_sent}. An attempt that finds {@code .sending} or
 * {@code .sent} last (a retry, or a worker killed during the call) does not send again; the wait for the
 * project's status then tells whether Supabase started the restore.
 */
public final class ProviderRestoreActivitiesImpl implements ProviderRestoreActivities {
    static final String SENDING = "provider_restore.sending";
    static final String SENT = "provider_restore.sent";
    static final String NOT_SENT = "provider_restore.not_sent";
    private static final String ACTOR = "pgdrill-worker";
    /** Polls quickly at first (a small project restores in a minute), then every 15 s (4 of 120 requests/min). */
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(15);
    /** How long the project may still read healthy after the request: Supabase takes it down within seconds. */
    private static final Duration GRACE = Duration.ofMinutes(3);
    /** Within the activity's 6 h: a restore longer than this is for the dashboard and the operator. */
    private static final Duration MAX_RESTORE = Duration.ofHours(5);

    private final PgdrillConfig config;
    private final SupabaseSource supabase;
    private final AuditStore audit;
    private final BackupStore backups;

    public ProviderRestoreActivitiesImpl(PgdrillConfig config) {
        this(config, new SupabaseSource(config));
    }

    ProviderRestoreActivitiesImpl(PgdrillConfig config, SupabaseSource supabase) {
        this.config = config;
        this.supabase = supabase;
        Catalog catalog = new Catalog(config.catalogProfile());
        this.audit = catalog.audit();
        this.backups = catalog.backups();
    }

    @Override
    public ProviderRestorePlan planRestore(ProviderPlanRequest r) {
        try {
            project(r.profile());
            return supabase.planRestore(r.profile(), r.incidentTime());
        } catch (ActivityException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public String requestRestore(ProviderRestoreCall call) {
        String ref = project(call.profile()).projectRef();
        try {
            Optional<String> earlier = lastRequest(call.restoreId());
            if (earlier.isPresent() && !earlier.get().equals(NOT_SENT)) {
                return "restore of Supabase project '" + ref + "' already requested by this run (" + earlier.get()
                        + "): not sent again";
            }
            String what = "restore-pitr of Supabase project '" + ref + "' to "
                    + call.plan().target();
            audit.append(ACTOR, SENDING, call.restoreId(), what);
            try {
                supabase.restoreToTime(call.profile(), call.plan().target());
            } catch (ActivityException e) {
                if (SupabaseSource.startedNothing(e)) {
                    audit.append(ACTOR, NOT_SENT, call.restoreId(), e.getMessage());
                }
                throw Failures.of(e);
            }
            audit.append(ACTOR, SENT, call.restoreId(), what + ": accepted (201)");
            return what + ": accepted";
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }

    /** The last restore request this run recorded ({@code .sending}, {@code .sent} or {@code .not_sent}). */
    private Optional<String> lastRequest(String restoreId) {
        String last = null;
        for (AuditRecord a : audit.trail(restoreId)) {
            if (a.action().startsWith("provider_restore.")) {
                last = a.action();
            }
        }
        return Optional.ofNullable(last);
    }

    @Override
    public List<String> awaitHealthy(String profile) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        // A retry after a dead worker resumes with what the last attempt saw: it knows the project left ACTIVE_HEALTHY.
        List<String> before = new ArrayList<>();
        ctx.getHeartbeatDetails(String[].class).ifPresent(s -> before.addAll(List.of(s)));
        try (Heartbeats beats = Heartbeats.keepAlive(ctx, before.toArray(String[]::new))) {
            SupabaseSource.Polling polling = new SupabaseSource.Polling(
                    before,
                    n -> n >= 4 ? MAX_INTERVAL : Duration.ofSeconds(1L << n), // 1, 2, 4, 8, then 15 s
                    GRACE,
                    MAX_RESTORE);
            return supabase.awaitRestored(profile, polling, seen -> beats.progress(seen.toArray(String[]::new)));
        } catch (ActivityException e) {
            throw Failures.of(e);
        }
    }

    @Override
    public List<CheckResult> verifyProject(BackupRef reference, String profile) {
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "verify_production")) {
            return verifyProject(reference, profile, beats.listener());
        }
    }

    List<CheckResult> verifyProject(BackupRef reference, String profile, ProgressListener listener) {
        DatabaseProfile p = Failures.profile(config, profile);
        Manifest m;
        try {
            m = backups.manifest(reference.backupId())
                    .orElseThrow(() -> FailureType.NOT_FOUND.permanent(
                            "backup " + reference.backupId() + " has no manifest in the catalog"));
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
        try (Connection c = Connections.open(p)) {
            return ProjectChecks.run(c, m, config.verification(), listener);
        } catch (SQLException e) {
            // Not reachable after a restore that reported healthy: a finding, so the incident says so.
            return List.of(CheckResult.fail(
                    "connects",
                    "accepts connections",
                    "refused",
                    "unable to connect to '" + profile + "': " + e.getMessage()));
        }
    }

    private SourceConfig.Supabase project(String profile) {
        if (config.source(Failures.profile(config, profile).name()) instanceof SourceConfig.Supabase s) {
            return s;
        }
        throw FailureType.CONFIGURATION.permanent("unable to restore '" + profile + "' through its provider: its source"
                + " is " + config.source(profile).kind() + ", not supabase");
    }
}
