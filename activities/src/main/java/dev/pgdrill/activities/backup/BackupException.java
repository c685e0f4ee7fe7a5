package dev.pgdrill.activities.backup;

/**
 * A backup could not be made or used. {@code type} is one of the workflow's FailureTypes names; the
 * activity layer turns it into an ApplicationFailure, non-retryable unless {@code retryable}.
 */
public final class BackupException extends Exception {
    private final String type;
    private final boolean retryable;

    public BackupException(String type, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.retryable = retryable;
    }

    public static BackupException permanent(String type, String message) {
        return new BackupException(type, message, false, null);
    }

    public String type() {
        return type;
    }

    public boolean retryable() {
        return retryable;
    }
}
