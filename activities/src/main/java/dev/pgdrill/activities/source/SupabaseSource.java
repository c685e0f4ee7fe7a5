package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A Supabase project's backups, listed by the Management API, and its provider-native restore (point in time,
 * then the project's status polled until healthy), which the emergency restore of a Supabase target uses. One API client per project, so its rate-limit
 * budget (per project and endpoint) is shared by every activity of this worker that asks.
 */
public final class SupabaseSource implements BackupSource {
    private static final String HEALTHY = "ACTIVE_HEALTHY";
    /** Project statuses a restore does not come back from by itself. */
    private static final Set<String> FAILED =
            Set.of("RESTORE_FAILED", "INIT_FAILED", "REMOVED", "INACTIVE", "PAUSE_FAILED");

    private final PgdrillConfig config;
    private final Function<SourceConfig.Supabase, SupabaseApi> clients;
    private final Map<String, SupabaseApi> byProject = new ConcurrentHashMap<>();

    public SupabaseSource(PgdrillConfig config) {
        this(config, SupabaseApi::of);
    }

    SupabaseSource(PgdrillConfig config, Function<SourceConfig.Supabase, SupabaseApi> clients) {
        this.config = config;
        this.clients = clients;
    }

    @Override
    public String kind() {
        return "supabase";
    }

    @Override
    public List<SourceBackup> list(String profile) throws ActivityException {
        SourceConfig.Supabase s = supabase(profile);
        try {
            return SupabaseBackupList.read(profile, s.projectRef(), api(s).listBackups());
        } catch (InterruptedException e) {
            throw interrupted("listing the backups of '" + profile + "'", e);
        }
    }

    /**
     * Asks Supabase to restore the project's database in place to {@code at} (point-in-time recovery, whole
     * seconds). Not idempotent: a retry would start a second restore, so callers run it once and then only
     * poll ({@link #awaitHealthy}). Refusals: PITR not enabled (400), a time outside the window (422), the token
     * (401/403), an unknown project (404), each a non-retryable {@code SourceRejected}.
     */
    public void restoreToTime(String profile, Instant at) throws ActivityException {
        try {
            api(supabase(profile)).restorePitr(at);
        } catch (InterruptedException e) {
            throw interrupted("asking for the restore of '" + profile + "'", e);
        }
    }

    /**
     * Where the project can be restored to for an incident at {@code incident} ({@link SupabaseRestorePoint}):
     * reads the backup list only. A refusal is a non-retryable {@code SourceRejected} saying why.
     */
    public ProviderRestorePlan planRestore(String profile, Instant incident) throws ActivityException {
        return SupabaseRestorePoint.plan(supabase(profile).projectRef(), list(profile), incident);
    }

    /** Whether a failed {@link #restoreToTime} proves Supabase started nothing (an answer of 4xx, no connection). */
    public static boolean startedNothing(ActivityException e) {
        return SupabaseApi.unsent(e);
    }

    /**
     * Polls the project's status every {@code every} until Supabase reports it {@code ACTIVE_HEALTHY} after
     * having left that state (right after a restore is accepted the status may still read healthy for a
     * moment: that is not the end of the restore). A status the restore cannot come back from is final;
     * still restoring after {@code max}, or never seen restoring, is a retryable failure. Read-only, so
     * idempotent. Returns the statuses seen, in order, without repeats.
     */
    public List<String> awaitHealthy(String profile, Duration every, Duration max, Consumer<String> progress)
            throws ActivityException {
        return awaitRestored(
                profile,
                new Polling(List.of(), n -> every, max.plus(every), max),
                seen -> progress.accept(seen.get(seen.size() - 1)));
    }

    /**
     * How a restore is waited for.
     *
     * @param seenBefore statuses an earlier attempt saw (from its heartbeat), so a retry after a dead worker
     *                   knows the project already left the healthy state
     * @param interval   the wait after the n-th poll (0-based)
     * @param grace      how long the project may still read healthy before the restore counts as never begun
     *                   (a final failure: the request is not sent again, so waiting longer changes nothing)
     * @param max        how long a restore may take in all
     */
    public record Polling(List<String> seenBefore, IntFunction<Duration> interval, Duration grace, Duration max) {}

    /**
     * {@link #awaitHealthy} with a history and a grace: reports the statuses seen (all of them, without repeats)
     * after each poll.
     */
    public List<String> awaitRestored(String profile, Polling polling, Consumer<List<String>> progress)
            throws ActivityException {
        SourceConfig.Supabase s = supabase(profile);
        SupabaseApi api = api(s);
        List<String> seen = new ArrayList<>(polling.seenBefore());
        try {
            Duration waited = Duration.ZERO;
            for (int n = 0; waited.compareTo(polling.max()) <= 0; n++) {
                String status = api.projectStatus();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                    seen.add(status);
                }
                progress.accept(List.copyOf(seen));
                boolean left = seen.stream().anyMatch(x -> !HEALTHY.equals(x));
                if (HEALTHY.equals(status) && left) {
                    return seen;
                }
                if (FAILED.contains(status)) {
                    throw ActivityException.permanent(
                            FailureType.SOURCE_REJECTED,
                            "the restore of Supabase project '" + s.projectRef() + "' ended " + status + " (statuses "
                                    + String.join(" → ", seen) + "): see the project in Supabase's dashboard");
                }
                if (!left && waited.compareTo(polling.grace()) >= 0) {
                    throw new ActivityException(
                            FailureType.SOURCE_UNAVAILABLE,
                            "Supabase project '" + s.projectRef() + "' still reads " + HEALTHY + " "
                                    + waited.toSeconds()
                                    + " s after the restore was requested: Supabase did not start it (or finished it"
                                    + " unseen); the request is not sent again. Check the project's restores in the"
                                    + " dashboard",
                            false,
                            null);
                }
                Duration pause = polling.interval().apply(n);
                api.pause(pause);
                waited = waited.plus(pause);
            }
        } catch (InterruptedException e) {
            throw interrupted("waiting for '" + profile + "' to be healthy", e);
        }
        throw new ActivityException(
                FailureType.SOURCE_UNAVAILABLE,
                "Supabase project '" + s.projectRef() + "' is not healthy after a restore within " + polling.max()
                        + " (statuses " + String.join(" → ", seen) + ")",
                true,
                null);
    }

    private SupabaseApi api(SourceConfig.Supabase s) {
        return byProject.computeIfAbsent(s.projectRef() + " " + s.apiUrl(), k -> clients.apply(s));
    }

    private static ActivityException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ActivityException(FailureType.INTERRUPTED, "interrupted while " + what, true, e);
    }

    private SourceConfig.Supabase supabase(String profile) throws ActivityException {
        if (config.source(profile) instanceof SourceConfig.Supabase s) {
            return s;
        }
        throw ActivityException.permanent(
                FailureType.CONFIGURATION,
                "unable to list the backups of '" + profile + "' from Supabase: its source is "
                        + config.source(profile).kind());
    }
}
