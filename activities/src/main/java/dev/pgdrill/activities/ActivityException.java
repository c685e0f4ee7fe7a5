package dev.pgdrill.activities;

import dev.pgdrill.workflows.FailureType;

/**
 * The activity layer's one error type: something could not be done, of a known {@link FailureType}.
 * {@link Failures#of} turns it into the ApplicationFailure Temporal records, non-retryable unless
 * {@code retryable}.
 */
public final class ActivityException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureType type;
    private final boolean retryable;

    public ActivityException(FailureType type, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.retryable = retryable;
    }

    public static ActivityException permanent(FailureType type, String message) {
        return new ActivityException(type, message, false, null);
    }

    public FailureType type() {
        return type;
    }

    public boolean retryable() {
        return retryable;
    }
}
