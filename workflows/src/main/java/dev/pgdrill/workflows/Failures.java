package dev.pgdrill.workflows;

import io.temporal.failure.ApplicationFailure;

/** Helpers for Temporal failures, shared by workflows and the CLI. Pure functions: safe in workflow code. */
public final class Failures {
    private Failures() {}

    /** The innermost message: an activity's own words, not Temporal's wrapping around them. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root instanceof ApplicationFailure af ? af.getOriginalMessage() : root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
