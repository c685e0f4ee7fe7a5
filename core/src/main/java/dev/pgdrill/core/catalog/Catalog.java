package dev.pgdrill.core.catalog;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The catalog (schema {@code pgdrill}): the record of backups, drills, incidents and the audit trail that
 * the CLI and the dashboard read. One store per aggregate; each call opens its own connection, so a
 * Catalog is cheap to build and safe to share between threads.
 */
public final class Catalog {
    private final BackupStore backups;
    private final DrillStore drills;
    private final IncidentStore incidents;
    private final AuditStore audit;
    private final AlertStore alerts;
    private final HealthStore health;

    public Catalog(DatabaseProfile catalogProfile) {
        Jdbc jdbc = new Jdbc(() -> open(catalogProfile));
        this.backups = new BackupStore(jdbc);
        this.drills = new DrillStore(jdbc);
        this.incidents = new IncidentStore(jdbc);
        this.audit = new AuditStore(jdbc);
        this.alerts = new AlertStore(jdbc);
        this.health = new HealthStore(jdbc);
    }

    public BackupStore backups() {
        return backups;
    }

    public DrillStore drills() {
        return drills;
    }

    public IncidentStore incidents() {
        return incidents;
    }

    public AuditStore audit() {
        return audit;
    }

    public AlertStore alerts() {
        return alerts;
    }

    /** What the monitor and the dashboard read. */
    public HealthStore health() {
        return health;
    }

    /** The stores name their tables unqualified, so the schema Flyway owns is the search path. */
    private static Connection open(DatabaseProfile profile) throws SQLException {
        Connection c = Connections.open(profile);
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = " + Sql.ident(CatalogMigrator.SCHEMA));
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }
}
