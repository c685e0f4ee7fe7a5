package dev.pgdrill.activities.restore;

import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.activities.Failures;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SandboxRequest;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

public final class DatabaseActivitiesImpl implements DatabaseActivities {
    private final PgdrillConfig config;

    public DatabaseActivitiesImpl(PgdrillConfig config) {
        this.config = config;
    }

    @Override
    public void createSandbox(SandboxRequest r) {
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        try {
            Sandboxes.create(server, r.database(), r.owner());
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database("create database '" + r.database() + "' on '" + r.targetProfile() + "'", e, server);
        }
    }

    @Override
    public void dropSandbox(SandboxRequest r) {
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        try {
            Sandboxes.drop(server, r.database(), r.owner());
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database("drop database '" + r.database() + "' on '" + r.targetProfile() + "'", e, server);
        }
    }

    @Override
    public void switchProduction(dev.pgdrill.workflows.activities.SwitchRequest r) {
        DatabaseProfile server = Failures.profile(config, r.profile());
        try {
            ProductionSwitch.switchTo(server, r.replacement(), r.preRestore(), r.owner());
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database("switch production '" + r.profile() + "' to '" + r.replacement() + "'", e, server);
        }
    }

    @Override
    public void switchBack(dev.pgdrill.workflows.activities.SwitchBackRequest r) {
        DatabaseProfile server = Failures.profile(config, r.profile());
        try {
            ProductionSwitch.switchBack(server, r.preRestore(), r.failedName(), r.owner());
        } catch (SQLException e) {
            throw Failures.database("switch production '" + r.profile() + "' back to '" + r.preRestore() + "'", e, server);
        }
    }

    @Override
    public String databaseOf(String profile) {
        return Failures.profile(config, profile).database();
    }
}
