package dev.pgdrill.core.catalog;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/** The catalog's schema ({@code pgdrill}), owned by Flyway: status for doctor, migrate on request. */
public final class CatalogMigrator {
    public static final String SCHEMA = "pgdrill";
    private static final String LOCATION = "classpath:dev/pgdrill/catalog/migration";

    private final DatabaseProfile profile;

    public CatalogMigrator(DatabaseProfile profile) {
        this.profile = profile;
    }

    /** Where the schema stands; read-only. */
    public Status status() throws SQLException {
        Flyway flyway = flyway();
        MigrationInfo current = flyway.info().current();
        int pending = flyway.info().pending().length;
        return new Status(current == null ? "none" : current.getVersion().getVersion(), pending, latest(flyway));
    }

    /** Applies pending migrations; idempotent (a migrated schema is left as it is). */
    public Status migrate() throws SQLException {
        Flyway flyway = flyway();
        MigrateResult result = flyway.migrate();
        return new Status(
                result.targetSchemaVersion == null ? latest(flyway) : result.targetSchemaVersion, 0, latest(flyway));
    }

    private static String latest(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        return all.length == 0 ? "none" : all[all.length - 1].getVersion().getVersion();
    }

    private Flyway flyway() throws SQLException {
        return Flyway.configure()
                .dataSource(dataSource(profile))
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations(LOCATION)
                .loggers("slf4j")
                .load();
    }

    /** A data source that carries the password as a property, never inside a URL that might be logged. */
    public static PGSimpleDataSource dataSource(DatabaseProfile p) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {p.host()});
        ds.setPortNumbers(new int[] {p.port()});
        ds.setDatabaseName(p.database());
        ds.setUser(p.user());
        Connections.password(p).ifPresent(ds::setPassword);
        ds.setSslMode(p.sslmode());
        ds.setConnectTimeout(10);
        ds.setApplicationName("pgdrill");
        return ds;
    }

    /**
     * @param current the applied version, or {@code none}
     * @param pending migrations not yet applied
     * @param latest  the newest version this pgdrill knows
     */
    public record Status(String current, int pending, String latest) {}
}
