package dev.pgdrill.workflows.progress;

import dev.pgdrill.workflows.PgdrillSearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps a workflow's step list for the {@code progress()} query and mirrors the running step into the
 * Temporal UI: {@code setCurrentDetails} and the {@code PgdrillStep} search attribute. Deterministic:
 * times come from {@link Workflow#currentTimeMillis()}.
 */
public final class StepTracker {
    private final List<Step> steps = new ArrayList<>();
    private String current = "";

    /** @param names every step in runbook order, shown as PENDING until it starts */
    public StepTracker(String... names) {
        for (String n : names) {
            steps.add(new Step(n, StepStatus.PENDING, 0, 0, ""));
        }
    }

    /** Runs {@code body} as step {@code name}; a failure marks the step FAILED and propagates. */
    public <T> T run(String name, Supplier<T> body) {
        start(name);
        try {
            T result = body.get();
            finish(name, StepStatus.DONE, "");
            return result;
        } catch (RuntimeException e) {
            finish(name, StepStatus.FAILED, firstLine(e.getMessage()));
            throw e;
        }
    }

    /** Runs {@code body} as step {@code name} and records its wall time (workflow clock) in {@code durationsMs}. */
    public <T> T timed(String name, Map<String, Long> durationsMs, Supplier<T> body) {
        long start = Workflow.currentTimeMillis();
        try {
            return run(name, body);
        } finally {
            durationsMs.put(name, Workflow.currentTimeMillis() - start);
        }
    }

    public void run(String name, Runnable body) {
        run(name, () -> {
            body.run();
            return null;
        });
    }

    public void start(String name) {
        replace(name, StepStatus.RUNNING, Workflow.currentTimeMillis(), 0, "");
        current = name;
        Workflow.setCurrentDetails("**Step:** " + name);
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.STEP.valueSet(name.toUpperCase(Locale.ROOT)));
    }

    public void finish(String name, StepStatus status, String detail) {
        Step s = find(name);
        replace(
                name,
                status,
                s.startedAtMs() == 0 ? Workflow.currentTimeMillis() : s.startedAtMs(),
                Workflow.currentTimeMillis(),
                detail);
        if (name.equals(current)) {
            current = "";
        }
    }

    /** Marks every step that never started as SKIPPED (after a failure ended the run early). */
    public void skipRemaining(String why) {
        for (Step s : List.copyOf(steps)) {
            if (s.status() == StepStatus.PENDING) {
                replace(s.name(), StepStatus.SKIPPED, 0, 0, why);
            }
        }
    }

    /** Sets the step's detail without changing its state. */
    public void note(String name, String detail) {
        Step s = find(name);
        replace(name, s.status(), s.startedAtMs(), s.finishedAtMs(), detail);
    }

    public Progress progress() {
        return new Progress(current, List.copyOf(steps));
    }

    private Step find(String name) {
        return steps.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown step " + name));
    }

    private void replace(String name, StepStatus status, long started, long finished, String detail) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(name)) {
                steps.set(i, new Step(name, status, started, finished, detail));
                return;
            }
        }
        steps.add(new Step(name, status, started, finished, detail));
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
