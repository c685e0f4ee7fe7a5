package dev.pgdrill.core.db;

import java.sql.SQLException;

/** A database the CLI asked about could not be reached or changed; its message names what and where. */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String what, SQLException cause) {
        super("unable to " + what + ": " + SqlErrors.cause(cause), cause);
    }
}
