package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.PostmasterPid;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestSource;
import dev.pgdrill.activities.verify.ClusterChecks;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An emergency restore's side cluster on production's host, prepared, verified and swapped in: what {@link
 * ClusterSwitchActivitiesImpl} runs, without Temporal (its tests call it directly, with a {@link ClusterSwitch.Step}
 * that injects failures).
 */
public final class SideClusters {
    private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);

    private final PgdrillConfig config;
    private final PgBackRestSource source;

    public SideClusters(PgdrillConfig config) {
        this.config = config;
        this.source = new PgBackRestSource(config);
    }

    /** Restore to the incident time into the side's folder, start on a free port; production only read. */
    public ClusterOutcome prepare(SideClusterRequest r, ProgressListener listener)
            throws ActivityException, IOException, SQLException {
        SideCluster side = side(r);
        Path p = side.production();
        // Production may be down (the incident may be that it does not start): its data directory and the options
        // it last ran with are what the swap needs.
        if (!Files.exists(p.resolve("PG_VERSION")) || !Files.exists(p.resolve("postmaster.opts"))) {
            throw ActivityException.permanent(
                    FailureType.CONFIGURATION,
                    "unable to prepare a side cluster for '" + r.profile() + "': databases." + r.profile()
                            + ".source.dataDirectory " + p + " is not a data directory a server was started from on"
                            + " this host (no PG_VERSION or postmaster.opts)");
        }
        try (Stream<Path> spaces = Files.list(p.resolve("pg_tblspc"))) {
            if (spaces.findAny().isPresent()) {
                throw ActivityException.permanent(
                        FailureType.CONFIGURATION,
                        "unable to prepare a side cluster for '" + r.profile() + "': production has tablespaces,"
                                + " which the cluster switch does not move (restore by hand: docs/RUNBOOK.md)");
            }
        }
        if (SideCluster.running(p)) {
            Served served = served(config.profile(r.profile()));
            if (!served.by(p)) {
                throw ActivityException.permanent(
                        FailureType.CONFIGURATION,
                        "unable to prepare a side cluster for '" + r.profile() + "': the server running from " + p
                                + " on this host is not the one databases." + r.profile() + " reaches ("
                                + served + "); a worker that serves a pgBackRest profile's emergency restore must run"
                                + " on production's host (README: pgBackRest emergency restores); production untouched");
            }
        }
        long started = System.nanoTime();
        String options = SideCluster.options(p);
        int timeline = side.timeline(p, listener);
        new ClusterSwitch(side, listener, s -> {}).discard();
        EphemeralCluster c = EphemeralCluster.createAt(side.folder(), side.clusterName(), r.restoreId());
        side.write(new SideCluster.State(
                r.side(), r.restoreId(), r.label(), "prepared", options, timeline, Instant.now()));
        ServerPrograms.Result restored = source.command(r.profile())
                .run(
                        "restore",
                        List.of(
                                "--pg1-path=" + side.data(),
                                "--set=" + r.label(),
                                "--type=time",
                                "--target=" + PhysicalRestores.TARGET.format(Instant.parse(r.targetTime())),
                                "--target-action=promote"),
                        RESTORE_TIMEOUT,
                        listener);
        if (!restored.ok()) {
            return new ClusterOutcome(
                    elapsed(started),
                    List.of(CheckResult.fail(
                            "restore", "pgbackrest restore exit 0", "exit " + restored.exit(), restored.why())));
        }
        side.markRestored();
        CheckResult restore =
                CheckResult.pass("restore", "pgbackrest restore exit 0", "exit 0", "to " + r.targetTime());
        DatabaseProfile prod = config.profile(r.profile());
        CheckResult starts = new ClusterStart(program("pg_ctl"), program("psql"))
                .start(c, prod.user(), prod.database(), RESTORE_TIMEOUT, listener, false);
        return new ClusterOutcome(elapsed(started), List.of(restore, starts));
    }

    /** The suite on the side cluster, as production's own user (the copy keeps its password). */
    public List<CheckResult> verifySide(SideClusterRequest r, ProgressListener listener)
            throws ActivityException, IOException, SQLException, InterruptedException {
        SideCluster side = side(r);
        EphemeralCluster c =
                side.cluster().orElseThrow(() -> new IOException("side cluster " + side.folder() + " is not there"));
        int port = c.marker().port();
        if (port == 0) {
            throw new IOException("side cluster " + side.folder() + " was never started");
        }
        DatabaseProfile prod = config.profile(r.profile());
        DatabaseProfile copy = new DatabaseProfile(
                "side cluster " + r.side(),
                Role.SANDBOX,
                "127.0.0.1",
                port,
                prod.database(),
                prod.user(),
                prod.password(),
                prod.passwordFile(),
                "disable");
        return ClusterChecks.run(
                config,
                copy,
                r.label(),
                Instant.parse(r.targetTime()),
                config.repository().workDir(),
                listener);
    }

    /** production_marker (the restored data directory, a higher timeline, out of recovery) and the suite. */
    public List<CheckResult> verifyProduction(SideClusterRequest r, ProgressListener listener)
            throws ActivityException, IOException, SQLException, InterruptedException {
        SideCluster side = side(r);
        Path p = side.production();
        DatabaseProfile prod = config.profile(r.profile());
        int before = side.state().map(SideCluster.State::productionTimeline).orElse(Integer.MAX_VALUE);
        Served served = served(prod);
        // The restored directory on this host, and the server the profile reaches is the one running from it (not a
        // server elsewhere with the same data directory path: a standby's host, say).
        boolean restored = SideCluster.exists(p) && side.restored(p) && SideCluster.running(p) && served.by(p);
        int now = restored ? side.timeline(p, listener) : 0;
        boolean primary = served.primary();
        String actual = (restored ? "the restored data directory" : "not the restored data directory") + ", timeline "
                + now + " (was " + before + "), " + (primary ? "out of recovery" : "in recovery") + "; " + served;
        List<CheckResult> out = new ArrayList<>();
        String expected = "the restored data directory on " + prod.describe() + ", on a newer timeline, a primary";
        if (!restored || now <= before || !primary) {
            out.add(CheckResult.fail("production_marker", expected, actual, ""));
            return out;
        }
        out.add(CheckResult.pass("production_marker", expected, actual, ""));
        out.addAll(ClusterChecks.run(
                config,
                prod,
                r.label(),
                Instant.parse(r.targetTime()),
                config.repository().workDir(),
                listener));
        return out;
    }

    public SwitchState switchForward(SideClusterRequest r, ProgressListener listener, ClusterSwitch.Step step)
            throws ActivityException, IOException {
        return new ClusterSwitch(side(r), listener, step).forward();
    }

    public SwitchState switchBack(SideClusterRequest r, ProgressListener listener, ClusterSwitch.Step step)
            throws ActivityException, IOException {
        return new ClusterSwitch(side(r), listener, step).back();
    }

    public SwitchState commit(SideClusterRequest r, ProgressListener listener, ClusterSwitch.Step step)
            throws ActivityException, IOException {
        return new ClusterSwitch(side(r), listener, step).commit();
    }

    public void discard(SideClusterRequest r, ProgressListener listener) throws ActivityException, IOException {
        new ClusterSwitch(side(r), listener, s -> {}).discard();
    }

    /** What the profile's server says of itself: when its postmaster started, its port, whether it is a primary. */
    record Served(long startedEpochSecond, int port, boolean primary) {
        private static final long START_TOLERANCE_SECONDS = 5;

        /**
         * Whether the server running from {@code data} on this host is this one: its postmaster.pid names the same
         * port and a start time within a few seconds (the postmaster writes the file a moment before it takes the
         * time {@code pg_postmaster_start_time()} reports).
         */
        boolean by(Path data) throws IOException {
            Optional<PostmasterPid> pid = PostmasterPid.of(data);
            return pid.isPresent()
                    && pid.get().port().equals(Integer.toString(port))
                    && pid.get()
                            .startedEpochSecond()
                            .map(t -> Math.abs(t - startedEpochSecond) <= START_TOLERANCE_SECONDS)
                            .orElse(false);
        }

        @Override
        public String toString() {
            return "the profile's server: port " + port + ", started at " + Instant.ofEpochSecond(startedEpochSecond);
        }
    }

    private static Served served(DatabaseProfile p) throws SQLException {
        try (Connection c = Connections.open(p);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT floor(extract(epoch FROM pg_postmaster_start_time()))::bigint,"
                        + " current_setting('port')::int, pg_is_in_recovery()")) {
            rs.next();
            return new Served(rs.getLong(1), rs.getInt(2), !rs.getBoolean(3));
        }
    }

    private SideCluster side(SideClusterRequest r) throws ActivityException {
        DatabaseProfile p;
        try {
            p = config.profile(r.profile());
        } catch (RuntimeException e) {
            throw ActivityException.permanent(FailureType.CONFIGURATION, e.getMessage());
        }
        Optional<Path> data =
                config.source(p.name()) instanceof SourceConfig.PgBackRest b ? b.dataDirectory() : Optional.empty();
        if (data.isEmpty()) {
            throw ActivityException.permanent(
                    FailureType.CONFIGURATION,
                    "unable to restore '" + r.profile() + "' at cluster level: databases." + r.profile()
                            + ".source.dataDirectory is not set (production's data directory on the worker's host)");
        }
        return new SideCluster(data.get(), r.side(), r.stamp(), program("pg_ctl"), program("pg_controldata"));
    }

    private Path program(String name) throws ActivityException {
        PgTools tools = new PgTools(config.tools().pgBinDir());
        Optional<Path> p = tools.find(name);
        if (p.isEmpty()) {
            throw ActivityException.permanent(
                    FailureType.TOOL, "unable to run " + name + ": not found in " + tools.searched());
        }
        return p.get();
    }

    private static long elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
