package dev.pgdrill.starter;

/** A failure the CLI reports as one line and an exit code, never as a stack trace. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
