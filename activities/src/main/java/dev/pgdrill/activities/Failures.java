package dev.pgdrill.activities;

import dev.pgdrill.activities.backup.BackupException;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.workflows.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;

/** Turns our typed exceptions into Temporal failures: permanent ones non-retryable, the rest retried. */
public final class Failures {
    private static final Set<String> PERMANENT_SQL_STATES = Set.of("28P01", "28000", "3D000", "42501", "42P01");

    private Failures() {}

    public static ApplicationFailure of(BackupException e) {
        return e.retryable()
                ? ApplicationFailure.newFailureWithCause(e.getMessage(), e.type(), null)
                : ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), e.type(), null);
    }

    /** A catalog failure: retried unless the server refused us for good. */
    public static ApplicationFailure catalog(String verb, SQLException e) {
        String message = "unable to " + verb + " in the catalog: " + SqlErrors.cause(e);
        return e.getSQLState() != null && PERMANENT_SQL_STATES.contains(e.getSQLState())
                ? ApplicationFailure.newNonRetryableFailureWithCause(message, FailureTypes.DATABASE, null)
                : ApplicationFailure.newFailureWithCause(message, FailureTypes.DATABASE, null);
    }

    /** A failure on a target database: retried unless the server refused us for good. */
    public static ApplicationFailure database(String verb, SQLException e, dev.pgdrill.core.config.DatabaseProfile p) {
        String hint = SqlErrors.hint(e, p);
        String message = "unable to " + verb + ": " + SqlErrors.cause(e) + (hint.isEmpty() ? "" : "; " + hint);
        return e.getSQLState() != null && PERMANENT_SQL_STATES.contains(e.getSQLState())
                ? ApplicationFailure.newNonRetryableFailureWithCause(message, FailureTypes.DATABASE, null)
                : ApplicationFailure.newFailureWithCause(message, FailureTypes.DATABASE, null);
    }

    /** The profile, or a non-retryable ConfigurationError naming the ones configured. */
    public static dev.pgdrill.core.config.DatabaseProfile profile(
            dev.pgdrill.core.config.PgdrillConfig config, String name) {
        var p = config.databases().get(name);
        if (p == null) {
            throw ApplicationFailure.newNonRetryableFailure("unknown database profile '" + name + "' (configured: "
                    + String.join(", ", config.databases().keySet()) + ")", FailureTypes.CONFIGURATION);
        }
        return p;
    }

    public static ApplicationFailure interrupted(String what) {
        Thread.currentThread().interrupt();
        return ApplicationFailure.newFailure(what + " was interrupted", "Interrupted");
    }
}
