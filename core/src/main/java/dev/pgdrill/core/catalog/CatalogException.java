package dev.pgdrill.core.catalog;

import dev.pgdrill.core.db.SqlErrors;
import java.sql.SQLException;

/**
 * The catalog could not be read or written. The catalog layer's one error type: the worker turns it into
 * a DatabaseError failure (retried unless permanent), the CLI into exit 3 with a hint.
 */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final boolean permanent;

    public CatalogException(String verb, SQLException cause) {
        super("unable to " + verb + " in the catalog: " + SqlErrors.cause(cause) + hint(cause.getSQLState()), cause);
        this.sqlState = cause.getSQLState() == null ? "" : cause.getSQLState();
        this.permanent = SqlErrors.permanent(cause);
    }

    /** Retrying cannot help: the server refused us, or the schema is missing. */
    public boolean permanent() {
        return permanent;
    }

    /** The schema or its tables do not exist yet. */
    public boolean notMigrated() {
        return isNotMigrated(sqlState);
    }

    private static boolean isNotMigrated(String state) {
        return "42P01".equals(state) || "3F000".equals(state);
    }

    private static String hint(String state) {
        return isNotMigrated(state) ? " (the catalog is not migrated: run pgdrill doctor --migrate)" : "";
    }
}
