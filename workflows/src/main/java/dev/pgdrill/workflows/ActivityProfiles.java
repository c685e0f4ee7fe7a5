package dev.pgdrill.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Every activity's timeouts and retries, in one place: workflows pick a profile by the kind of work, so
 * the same call never gets different patience in two workflows.
 */
public final class ActivityProfiles {
    /** Catalog reads and writes: quick, but the catalog may be restarting, so keep trying for a while. */
    public static final ActivityOptions CATALOG = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setMaximumAttempts(10)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    /** Creating and dropping databases: seconds, unless the server is busy; ownership refusals are final. */
    public static final ActivityOptions DATABASE = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setMaximumAttempts(5)
                    .setDoNotRetry(FailureType.names(FailureType.OWNERSHIP, FailureType.CONFIGURATION))
                    .build())
            .build();

    /**
     * The production switch, its commit and its switch back: a few statements, each followed by a heartbeat,
     * none blocking for more than about 10 s (the switch's lock and statement timeouts, the wait for ended
     * sessions). So a worker that died mid-switch is noticed after 30 s of silence, and the retry (which reads
     * where the switch stands from the server) follows at once; a state the switch did not make is final.
     * Workflows run these in detached scopes, so a cancellation never interleaves with them.
     */
    public static final ActivityOptions SWITCH = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setMaximumAttempts(6)
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumInterval(Duration.ofSeconds(20))
                    .setDoNotRetry(FailureType.names(
                            FailureType.OWNERSHIP, FailureType.CONFIGURATION, FailureType.SWITCH_STATE))
                    .build())
            .build();

    /**
     * The cluster-level switch of a pgBackRest profile and its way back: pg_ctl stops and starts (a fast shutdown
     * checkpoints, a start replays nothing after it), each step followed by a heartbeat from the activity's timer
     * thread. SWITCH's heartbeat and retries (30 s of silence means the worker is gone, and the retry reads where
     * the switch stands from the host; a state the switch did not make is final), with room for a slow start.
     * Run in detached scopes, like SWITCH.
     */
    public static final ActivityOptions CLUSTER_SWITCH = ActivityOptions.newBuilder(SWITCH)
            .setStartToCloseTimeout(Duration.ofMinutes(30))
            .build();

    /**
     * The cluster switch's commit: until it succeeds production's archiving stays held, so it is retried for an
     * hour (idempotent: it reads the host's state) rather than given up after a few attempts.
     */
    public static final ActivityOptions CLUSTER_COMMIT = ActivityOptions.newBuilder(CLUSTER_SWITCH)
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setScheduleToCloseTimeout(Duration.ofHours(1))
            .setRetryOptions(RetryOptions.newBuilder(SWITCH.getRetryOptions())
                    .setMaximumAttempts(0)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    /**
     * pg_dump, pg_restore and the verification suite: hours for a large database, so the heartbeat, not
     * the timeout, is what notices a dead worker. They heartbeat every 10 s from a timer thread of their own
     * (activities' Heartbeats), whatever the tool is doing, so 30 s of silence means the worker is gone and
     * an emergency restore should not wait minutes to find out. Each recreates or re-reads what it works on,
     * so a retry after a dead worker starts clean; ownership and configuration refusals are final.
     */
    public static final ActivityOptions LONG_RUNNING = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(12))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setMaximumAttempts(3)
                    .setInitialInterval(Duration.ofSeconds(10))
                    .setDoNotRetry(FailureType.names(FailureType.OWNERSHIP, FailureType.CONFIGURATION))
                    .build())
            .build();

    /**
     * One notice through one channel (an HTTP POST or an SMTP session): seconds. Retried with backoff for about
     * a minute, then given up: a channel that is down must not hold the run, and a notice hours late helps
     * nobody (the monitor's reminder comes anyway). Refusals (4xx) and unknown channels are final.
     */
    public static final ActivityOptions NOTIFY = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(5)
                    .setDoNotRetry(FailureType.names(FailureType.NOTIFICATION_REJECTED, FailureType.CONFIGURATION))
                    .build())
            .build();

    /**
     * A backup source's API (Supabase's Management API): one request, seconds, plus the client's own short
     * rate-limit waits. Retried a few times with backoff for an outage; refusals (a wrong token, an unknown
     * project) and configuration errors are final. Short overall, because a person waits at the CLI.
     */
    public static final ActivityOptions SOURCE_API = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(90))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(20))
                    .setMaximumAttempts(3)
                    .setDoNotRetry(FailureType.names(FailureType.SOURCE_REJECTED, FailureType.CONFIGURATION))
                    .build())
            .build();

    /**
     * A provider-native restore request (Supabase's restore-pitr): one POST guarded by a record written before it
     * is sent, so a retry never sends a second restore (the activity checks the record); retried for an outage
     * or a dead worker, never after the provider refused (400 PITR off, 422 out of range, 401/403 token).
     */
    public static final ActivityOptions PROVIDER_REQUEST = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(5)
                    .setDoNotRetry(FailureType.names(FailureType.SOURCE_REJECTED, FailureType.CONFIGURATION))
                    .build())
            .build();

    /**
     * Waiting for a provider's in-place restore to finish: minutes to hours for a large project, polled, so the
     * heartbeat (every poll and every 10 s) notices a dead worker; a final state (RESTORE_FAILED) is not retried.
     */
    public static final ActivityOptions PROVIDER_WAIT = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(6))
            .setHeartbeatTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setMaximumAttempts(3)
                    .setDoNotRetry(FailureType.names(FailureType.SOURCE_REJECTED, FailureType.CONFIGURATION))
                    .build())
            .build();

    private ActivityProfiles() {}

    /** The same profile with the one-line summary the Temporal UI shows on the activity's event. */
    public static ActivityOptions summarized(ActivityOptions profile, String summary) {
        return ActivityOptions.newBuilder(profile).setSummary(summary).build();
    }
}
