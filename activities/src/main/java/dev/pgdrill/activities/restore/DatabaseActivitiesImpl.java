package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ActivityProgress;
import dev.pgdrill.workflows.activities.CopyRequest;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

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
                server -> Sandboxes.create(server, r.database(), r.owner(), r.like()));
    }

    @Override
    public void dropSandbox(SandboxRequest r) {
        onServer(
                r.targetProfile(),
                "drop database '" + r.database() + "' on '" + r.targetProfile() + "'",
                server -> Sandboxes.drop(server, r.database(), r.owner()));
    }

    @Override
    public String copySandbox(CopyRequest r) {
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        try {
            return SandboxCopy.copy(server, r);
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database(
                    "copy database '" + r.source() + "' to '" + r.database() + "' on '" + r.targetProfile() + "'",
                    e,
                    server);
        }
    }

    @Override
    public SwitchState switchProduction(SwitchRequest r) {
        return switching(
                r, "switch production '" + r.profile() + "' to '" + r.side() + "'", ProductionSwitch::switchTo);
    }

    @Override
    public SwitchState commitSwitch(SwitchRequest r) {
        return switching(r, "commit the switch of production '" + r.profile() + "'", ProductionSwitch::commit);
    }

    @Override
    public SwitchState switchBack(SwitchRequest r) {
        return switching(
                r,
                "switch production '" + r.profile() + "' back to '" + r.preRestore() + "'",
                ProductionSwitch::switchBack);
    }

    /** One switch step: heartbeats after every statement (a dead worker is noticed in seconds). */
    private SwitchState switching(SwitchRequest r, String verb, SwitchStep step) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        AtomicInteger statements = new AtomicInteger();
        DatabaseProfile server = Failures.profile(config, r.profile());
        ProductionSwitch sw = new ProductionSwitch(
                server,
                statement -> ctx.heartbeat(new ActivityProgress(statement, statements.incrementAndGet(), 0)),
                () -> PoolerPause.pause(
                        config.pooler(r.profile()),
                        new PgTools(config.tools().pgBinDir()),
                        config.repository().workDir()));
        try {
            return step.run(sw, r);
        } catch (OwnershipException e) {
            throw FailureType.OWNERSHIP.permanent(e.getMessage());
        } catch (SwitchStateException e) {
            throw FailureType.SWITCH_STATE.permanent(e.getMessage());
        } catch (SQLException e) {
            throw Failures.database(verb, e, server);
        }
    }

    @Override
    public String databaseOf(String profile) {
        DatabaseProfile p = Failures.profile(config, profile);
        return p.database();
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
    private interface SwitchStep {
        SwitchState run(ProductionSwitch sw, SwitchRequest r)
                throws SQLException, OwnershipException, SwitchStateException;
    }

    @FunctionalInterface
    private interface ServerWork {
        void run(DatabaseProfile server) throws SQLException, OwnershipException;
    }
}
