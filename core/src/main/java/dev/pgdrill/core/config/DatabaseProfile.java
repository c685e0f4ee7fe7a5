package dev.pgdrill.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A named connection profile. Workflows carry only {@link #name()}; the rest stays on the worker.
 *
 * @param password     from a {@code ${ENV}} reference, if given
 * @param passwordFile read at connect time, so a rotated password needs no restart
 * @param sslmode      libpq's sslmode, passed to the driver and to pg_dump/pg_restore
 */
public record DatabaseProfile(
        String name,
        Role role,
        String host,
        int port,
        String database,
        String user,
        Optional<Secret> password,
        Optional<Path> passwordFile,
        String sslmode) {

    /** {@code user@host:port/database}, safe for logs and reports. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    /** The same server and credentials, another database on it. */
    public DatabaseProfile withDatabase(String otherDatabase) {
        return new DatabaseProfile(name, role, host, port, otherDatabase, user, password, passwordFile, sslmode);
    }
}
