package dev.pgdrill.activities;

import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.UnknownProfileException;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.workflows.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/**
 * The one place the activity layer's errors become Temporal failures: permanent ones non-retryable, the
 * rest retried by the activity's retry policy.
 */
public final class Failures {
    private Failures() {}

    public static ApplicationFailure of(ActivityException e) {
        return e.retryable()
                ? e.type().transientFailure(e.getMessage())
                : e.type().permanent(e.getMessage());
    }

    /** A catalog failure: retried unless the server refused us for good. */
    public static ApplicationFailure of(CatalogException e) {
        return e.permanent()
                ? FailureType.DATABASE.permanent(e.getMessage())
                : FailureType.DATABASE.transientFailure(e.getMessage());
    }

    /** A failure on a target database: retried unless the server refused us for good. */
    public static ApplicationFailure database(String verb, SQLException e, DatabaseProfile p) {
        String hint = SqlErrors.hint(e, p);
        String message = "unable to " + verb + ": " + SqlErrors.cause(e) + (hint.isEmpty() ? "" : "; " + hint);
        return SqlErrors.permanent(e)
                ? FailureType.DATABASE.permanent(message)
                : FailureType.DATABASE.transientFailure(message);
    }

    /** The profile, or a non-retryable ConfigurationError naming the ones configured. */
    public static DatabaseProfile profile(PgdrillConfig config, String name) {
        try {
            return config.profile(name);
        } catch (UnknownProfileException e) {
            throw FailureType.CONFIGURATION.permanent(e.getMessage());
        }
    }

    public static ApplicationFailure interrupted(String what) {
        Thread.currentThread().interrupt();
        return FailureType.INTERRUPTED.transientFailure(what + " was interrupted");
    }
}
