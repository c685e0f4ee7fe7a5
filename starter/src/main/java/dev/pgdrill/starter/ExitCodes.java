package dev.pgdrill.starter;

/** The CLI's exit codes, documented in README.md. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A check failed or a verdict was FAIL. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or configuration. */
    public static final int USAGE = 2;
    /** Infrastructure: Temporal, a database or the repository could not be reached or used. */
    public static final int INFRASTRUCTURE = 3;

    private ExitCodes() {}
}
