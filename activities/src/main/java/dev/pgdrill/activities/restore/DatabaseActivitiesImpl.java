package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.SwitchBackRequest;
import dev.pgdrill.workflows.activities.SwitchRequest;
import java.sql.SQLException;

public final class DatabaseActivitiesImpl implements DatabaseActivities {
    private final PgdrillConfig config;

    public DatabaseActivitiesImpl(PgdrillConfig config) {
        this.config = config;
    }

    @Override
    public void createSandbox(SandboxRequest r) {
        onServer(
                r.targetProfile(),
                "create database '" + r.database() + "' on '" + r.targetProfile() + "'",
                server -> Sandboxes.create(server, r.database(), r.owner()));
    }

    @Override
    public void dropSandbox(SandboxRequest r) {
        onServer(
                r.targetProfile(),
                "drop database '" + r.database() + "' on '" + r.targetProfile() + "'",
                server -> Sandboxes.drop(server, r.database(), r.owner()));
    }

    @Override
    public void switchProduction(SwitchRequest r) {
        onServer(
                r.profile(),
                "switch production '" + r.profile() + "' to '" + r.replacement() + "'",
                server -> ProductionSwitch.switchTo(server, r.replacement(), r.preRestore(), r.owner()));
    }

    @Override
    public void switchBack(SwitchBackRequest r) {
        onServer(
                r.profile(),
                "switch production '" + r.profile() + "' back to '" + r.preRestore() + "'",
                server -> ProductionSwitch.switchBack(server, r.preRestore(), r.failedName(), r.owner()));
    }

    @Override
    public String databaseOf(String profile) {
        return Failures.profile(config, profile).database();
    }

    /** Work on a profile's server, its failures as Temporal failures: ownership refusals are final. */
    private void onServer(String profile, String verb, ServerWork work) {
        DatabaseProfile server = Failures.profile(config, profile);
        try {
            work.run(server);
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database(verb, e, server);
        }
    }

    @FunctionalInterface
    private interface ServerWork {
        void run(DatabaseProfile server) throws SQLException, OwnershipException;
    }
}
