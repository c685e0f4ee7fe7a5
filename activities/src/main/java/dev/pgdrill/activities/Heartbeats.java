package dev.pgdrill.activities;

import dev.pgdrill.workflows.activities.ActivityProgress;
import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a long activity's heartbeat going while its work blocks for minutes in one place (a checksum
 * over a huge table, pg_restore loading one big table without output): without it the heartbeat timeout
 * would declare a healthy activity dead. The latest progress is re-sent every few seconds; the SDK
 * throttles what actually reaches the server.
 */
public final class Heartbeats implements AutoCloseable {
    private static final long EVERY_SECONDS = 10;

    private final ScheduledExecutorService timer;
    private final AtomicReference<Object> latest;
    private final ActivityExecutionContext ctx;

    private Heartbeats(ActivityExecutionContext ctx, Object initial) {
        this.ctx = ctx;
        this.latest = new AtomicReference<>(initial);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgdrill-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    public static Heartbeats keepAlive(ActivityExecutionContext ctx, Object initial) {
        return new Heartbeats(ctx, initial);
    }

    /** A listener that heartbeats each report as {@link ActivityProgress}. */
    public ProgressListener listener() {
        return (phase, done, total) -> progress(new ActivityProgress(phase, done, total));
    }

    /** Keeps alive from the start, as {@code phase} with nothing done yet. */
    public static Heartbeats keepAlive(ActivityExecutionContext ctx, String phase) {
        return new Heartbeats(ctx, new ActivityProgress(phase, 0, 0));
    }

    /** Records progress and heartbeats now; throws (from the SDK) when the activity was cancelled. */
    public void progress(Object details) {
        latest.set(details);
        ctx.heartbeat(details);
    }

    private void beat() {
        try {
            ctx.heartbeat(latest.get());
        } catch (RuntimeException cancelledOrGone) {
            // The activity's own thread learns of a cancellation at its next progress() call.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
