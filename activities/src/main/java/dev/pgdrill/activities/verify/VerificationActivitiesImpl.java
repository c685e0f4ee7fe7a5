package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.activities.Heartbeats;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.source.ProviderOnly;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ActivityProgress;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ProductionCheckRequest;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

public final class VerificationActivitiesImpl implements VerificationActivities {
    private final PgdrillConfig config;
    private final BackupStore backups;

    public VerificationActivitiesImpl(PgdrillConfig config) {
        this.config = config;
        this.backups = new Catalog(config.catalogProfile()).backups();
    }

    @Override
    public List<CheckResult> verifyDatabase(VerifyRequest r) {
        Manifest m = manifest(r.backup());
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        try (Heartbeats beats = Heartbeats.keepAlive(ctx, "verify");
                Connection c = Connections.open(server, r.database())) {
            List<CheckResult> checks = verify(c, m, server, r.database(), beats.listener());
            if (!r.like().isEmpty()) {
                // A side database must let the application do exactly what production does, before the switch.
                try (Connection like = Connections.open(server, r.like())) {
                    checks.addAll(likeChecks(like, c));
                }
            }
            return checks;
        } catch (SQLException e) {
            throw Failures.database("verify database '" + r.database() + "' on '" + r.targetProfile() + "'", e, server);
        }
    }

    @Override
    public List<CheckResult> verifyCopy(VerifyRequest r) {
        Manifest m = manifest(r.backup());
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "verify");
                Connection c = Connections.open(server, r.database())) {
            List<CheckResult> checks = CopyChecks.run(c, m, config.verification(), beats.listener());
            if (!r.like().isEmpty()) {
                try (Connection like = Connections.open(server, r.like())) {
                    checks.addAll(likeChecks(like, c));
                }
            }
            return checks;
        } catch (SQLException e) {
            throw Failures.database("verify the copy '" + r.database() + "' on '" + r.targetProfile() + "'", e, server);
        }
    }

    /**
     * The whole suite: the catalog read on {@code c}, then the data checks and amcheck's (whose extension is
     * installed only once the catalog is read) over {@code verification.jobs} connections. Reported in the
     * suite's order, amcheck last.
     */
    public List<CheckResult> verify(
            Connection c, Manifest m, DatabaseProfile server, String database, ProgressListener listener)
            throws SQLException {
        Path archive = new BackupRepository(config.repository().path())
                .backupDir(m.profile(), m.backupId())
                .resolve(BackupRepository.DUMP_DIR);
        ArchiveGrants grants = new ArchiveGrants(
                new PgTools(config.tools().pgBinDir()), config.repository().workDir());
        // The archive's grants are read out of it (two pg_restore runs) while the restored catalog is read.
        FutureTask<ArchiveGrants.Script> script = new FutureTask<>(
                () -> grants.script(archive, m.encryption(), config.repository().encryptionKey()));
        if (m.schema().isPresent()) {
            Thread t = new Thread(script, "pgdrill-archive-grants");
            t.setDaemon(true);
            t.start();
        }
        try {
            return verify(c, m, server, database, listener, script);
        } finally {
            script.cancel(true); // ended or failed before its turn: its pg_restore stops (ExternalChecks on interrupt)
        }
    }

    private List<CheckResult> verify(
            Connection c,
            Manifest m,
            DatabaseProfile server,
            String database,
            ProgressListener listener,
            FutureTask<ArchiveGrants.Script> script)
            throws SQLException {
        // A Supabase project's platform roles and extensions cannot exist here: the restore left them out.
        ProviderOnly only =
                config.source(m.profile()) instanceof SourceConfig.Supabase ? ProviderOnly.of(m, c) : ProviderOnly.NONE;
        Verifier.Report report;
        try {
            report = new Verifier(config.verification())
                    .verify(
                            c,
                            only.expected(m),
                            conn -> ArchiveGrants.apply(conn, written(script)),
                            new Verifier.Parallel(
                                    () -> Connections.open(server, database),
                                    config.verification().jobs(),
                                    config.verification().amcheck()),
                            listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted("verification of '" + database + "'");
        }
        List<CheckResult> checks = new ArrayList<>(report.checks());
        checks.addAll(only.checks("Supabase"));
        checks.addAll(DashboardMetrics.read(c, config.dashboard().metrics()));
        report.amcheck().ifPresent(checks::add);
        return checks;
    }

    /**
     * The script's result; what it threw (it catches what it expects) is the verification's failure. Not started
     * (a manifest without a fingerprint), it runs here; running, this waits for it.
     */
    private static ArchiveGrants.Script written(FutureTask<ArchiveGrants.Script> script) {
        script.run(); // a no-op when its thread has run it or is running it
        try {
            return script.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.interrupted("reading the archive's grants");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * {@code owners_and_grants} and {@code database_settings} of a restored database against the one it
     * replaces: the application must be able to do exactly what it did.
     */
    public static List<CheckResult> likeChecks(Connection like, Connection restored) throws SQLException {
        return Privileges.compare(like, restored);
    }

    @Override
    public List<CheckResult> verifyProduction(ProductionCheckRequest r) {
        Manifest m = manifest(r.backup());
        DatabaseProfile production = Failures.profile(config, r.profile());
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "verify_production");
                Connection c = Connections.open(production);
                Connection aside = Connections.open(production, r.setAside())) {
            return ProductionChecks.run(
                    c, aside, m, Kind.RESTORED.marker(r.owner()), config.verification(), beats.listener());
        } catch (SQLException e) {
            throw Failures.database("verify production '" + r.profile() + "'", e, production);
        }
    }

    @Override
    public List<CheckResult> runAppChecks(VerifyRequest r) {
        DatabaseProfile server = Failures.profile(config, r.targetProfile());
        List<CheckResult> out = new ArrayList<>();
        try (Heartbeats beats = Heartbeats.keepAlive(Activity.getExecutionContext(), "app_checks")) {
            int done = 0;
            for (PgdrillConfig.AppCheck check : config.appChecks()) {
                beats.progress(new ActivityProgress(
                        "app_checks", done++, config.appChecks().size()));
                out.add(AppChecks.run(
                        check, server, r.database(), config.repository().path()));
            }
        } catch (SQLException e) {
            throw Failures.database("prepare app checks for '" + r.database() + "'", e, server);
        }
        return out;
    }

    private Manifest manifest(BackupRef b) {
        try {
            return backups.manifest(b.backupId())
                    .orElseThrow(() -> FailureType.NOT_FOUND.permanent(
                            "backup " + b.backupId() + " has no manifest in the catalog"));
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }
}
