package dev.pgdrill.workflows;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * Every {@code ApplicationFailure} type pgdrill raises, in one place: activities raise them, workflows
 * decide on them ({@code setDoNotRetry}), the CLI maps them to messages and exit codes. Permanent failures
 * are non-retryable (retrying cannot help); anything else, a dropped connection or a busy server, is retried.
 */
public enum FailureType {
    /** A profile, path or option in the request does not fit the configuration. */
    CONFIGURATION("ConfigurationError"),
    /** pg_dump or pg_restore is missing, or older than the server. */
    TOOL("ToolError"),
    /** The repository is missing, not writable, or full. */
    REPOSITORY("RepositoryError"),
    /** The database refused us for good: wrong password, missing database, no privilege. */
    DATABASE("DatabaseError"),
    /** The encryption key is missing or wrong, or a file failed authentication. */
    ENCRYPTION("EncryptionError"),
    /** pg_dump itself failed (its own error message is the failure's message). */
    DUMP("DumpError"),
    /** A backup id was not found in the catalog. */
    NOT_FOUND("NotFound"),
    /** A database pgdrill was asked to drop or reuse does not carry pgdrill's ownership marker. */
    OWNERSHIP("OwnershipError"),
    /**
     * The production server is in a state this switch did not make (another restore's markers, a committed
     * switch asked to go back): nothing was changed, an operator decides.
     */
    SWITCH_STATE("SwitchStateError"),
    /** The worker was interrupted (shutting down) in the middle of the work; retried on another worker. */
    INTERRUPTED("Interrupted"),
    /** The workflow-level failure of a backup run; its details carry the BackupResult. */
    BACKUP_FAILED("BackupFailed"),
    /** A second decision on an emergency restore: the first one stands (the update fails, the run goes on). */
    ALREADY_DECIDED("AlreadyDecided"),
    /** No restore candidate passed verification on staging; its details carry the Incident. */
    ALL_CANDIDATES_FAILED("AllCandidatesFailed"),
    /** An alert channel refused a notice for good (an HTTP 4xx, an SMTP 5xx): retrying sends the same refusal. */
    NOTIFICATION_REJECTED("NotificationRejected"),
    /** An alert channel could not take a notice now (a 5xx, a timeout, no connection): retried with backoff. */
    NOTIFICATION_FAILED("NotificationFailed"),
    /**
     * A backup source's API refused the request for good (a wrong or under-privileged token, an unknown
     * project, a restore target out of range): retrying sends the same refusal.
     */
    SOURCE_REJECTED("SourceRejected"),
    /** A backup source's API could not answer now (5xx, rate limited past its backoff, no connection): retried. */
    SOURCE_UNAVAILABLE("SourceUnavailable");

    private final String type;

    FailureType(String type) {
        this.type = type;
    }

    /** The type name as Temporal records it (and the UI shows it). */
    public String type() {
        return type;
    }

    /** A permanent failure of this type: retrying cannot help. */
    public ApplicationFailure permanent(String message, Object... details) {
        return ApplicationFailure.newNonRetryableFailure(message, type, details);
    }

    /** A failure of this type that the activity's retry policy may retry. */
    public ApplicationFailure transientFailure(String message) {
        return ApplicationFailure.newFailure(message, type);
    }

    /** Whether {@code t} (or a cause of it) is an ApplicationFailure of this type. */
    public boolean matches(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ApplicationFailure af && type.equals(af.getType())) {
                return true;
            }
        }
        return false;
    }

    /** Type names for {@code RetryOptions.setDoNotRetry}. */
    public static String[] names(FailureType... types) {
        return Arrays.stream(types).map(FailureType::type).toArray(String[]::new);
    }
}
