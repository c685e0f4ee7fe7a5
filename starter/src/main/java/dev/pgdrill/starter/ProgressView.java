package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.workflows.activities.ActivityProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fusesource.jansi.Ansi;

/**
 * While the CLI waits for a workflow: one line per step (the children's steps indented), the running
 * activity's bar with percent, rate and ETA where a total is known. On a terminal the block is redrawn in
 * place (Jansi's cursor control); otherwise a line is printed when it changes, so logs stay readable.
 */
final class ProgressView implements AutoCloseable {
    private static final int BAR = 24;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgdrill-progress");
        t.setDaemon(true);
        return t;
    });
    private final ProgressSnapshot snapshot;
    private final String workflowId;
    private final PrintWriter err;
    private final boolean terminal;
    private final Map<String, String> printed = new HashMap<>();
    private final Map<String, long[]> samples = new HashMap<>();
    private int drawn;

    /**
     * Waits for a started run's result, showing its progress (and its children's) on stderr unless the output
     * is JSON. A failed run (not a FAIL verdict: the run itself) is exit 3.
     *
     * @param what the run in words, for the error message ("the drill")
     */
    static <R> R await(CliContext cli, TemporalSession temporal, Object stub, Class<R> type, String what, String id) {
        try (ProgressView progress = cli.json()
                ? null
                : new ProgressView(temporal.client(), cli.config().temporal().namespace(), id, cli.err())) {
            return temporal.call(
                    "wait for " + what, () -> WorkflowStub.fromTyped(stub).getResult(type));
        } catch (WorkflowFailedException e) {
            throw new CliFailure(
                    ExitCodes.INFRASTRUCTURE,
                    what + " workflow failed: "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()));
        }
    }

    ProgressView(WorkflowClient client, String namespace, String workflowId, PrintWriter err) {
        this.snapshot = new ProgressSnapshot(client, namespace);
        this.workflowId = workflowId;
        this.err = err;
        this.terminal = System.console() != null;
        timer.scheduleAtFixedRate(this::poll, 1, terminal ? 1 : 3, TimeUnit.SECONDS);
    }

    private synchronized void poll() {
        try {
            render(snapshot.read(workflowId));
        } catch (RuntimeException ignored) {
            // progress is a courtesy: a failed poll (the workflow just ended, Temporal busy) never fails the command
        }
    }

    private void render(List<ProgressSnapshot.Line> lines) {
        Map<String, String> now = new LinkedHashMap<>();
        lines.forEach(l -> now.put(l.key(), text(l)));
        if (terminal) {
            Ansi a = Ansi.ansi();
            if (drawn > 0) {
                a.cursorUpLine(drawn);
            }
            now.values().forEach(t -> a.eraseLine().a(t).newline());
            err.print(a);
            drawn = now.size();
        } else {
            now.forEach((key, t) -> {
                if (!t.equals(printed.put(key, t)) && !t.isBlank()) {
                    err.println(t);
                }
            });
        }
        err.flush();
    }

    private String text(ProgressSnapshot.Line l) {
        String indent = "  ".repeat(l.depth() + 1);
        if (l.progress().isPresent()) {
            return indent + activity(l.key(), l.progress().get());
        }
        String mark =
                switch (l.status()) {
                    case DONE -> "[x]";
                    case RUNNING -> "[>]";
                    case FAILED -> "[!]";
                    case SKIPPED -> "[-]";
                    default -> "[ ]";
                };
        String time = l.elapsedMs() > 0 ? String.format(Locale.ROOT, "%6.1fs", l.elapsedMs() / 1000.0) : "";
        return indent + mark + " "
                + String.format(Locale.ROOT, "%-18s %7s  %s", l.name(), time, l.detail())
                        .stripTrailing();
    }

    /** A bar with percent, rate and ETA when the total is known; else what was done so far and the rate. */
    private String activity(String key, ActivityProgress p) {
        long at = System.currentTimeMillis();
        long[] before = samples.put(key, new long[] {at, p.done()});
        double rate = before == null || at <= before[0] ? 0 : (p.done() - before[1]) * 1000.0 / (at - before[0]);
        boolean bytes = p.phase().equals("dump")
                || p.phase().equals("seal")
                || p.phase().equals("checksums");
        String done = bytes ? Sizes.human(p.done()) : Long.toString(p.done());
        String per = rate > 0
                ? " " + (bytes ? Sizes.human((long) rate) : String.format(Locale.ROOT, "%.0f", rate)) + "/s"
                : "";
        if (p.total() <= 0) {
            return p.phase() + ": " + done + per;
        }
        double f = Math.min(1.0, (double) p.done() / p.total());
        int full = (int) Math.round(f * BAR);
        String eta = rate > 0 && p.done() < p.total()
                ? String.format(Locale.ROOT, " ETA %ds", Math.round((p.total() - p.done()) / rate))
                : "";
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %3.0f%% %s of %s%s%s",
                p.phase(),
                "#".repeat(full),
                ".".repeat(BAR - full),
                f * 100,
                done,
                bytes ? Sizes.human(p.total()) : Long.toString(p.total()),
                per,
                eta);
    }

    /** One line for a heartbeat, without rate: what {@code restore status --json} reports as {@code activity}. */
    static String summary(ActivityProgress p) {
        return switch (p.phase()) {
            case "dump" -> "dump: " + Sizes.human(p.done()) + " written";
            case "manifest" -> "manifest: " + p.done() + " tables counted";
            case "seal" ->
                "seal: " + Sizes.human(p.done()) + (p.total() > 0 ? " of " + Sizes.human(p.total()) : "")
                        + " checksummed";
            default -> p.phase() + ": " + p.done() + (p.total() > 0 ? " of " + p.total() : "");
        };
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
