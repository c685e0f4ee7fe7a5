package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestCommand;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestInfo;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestSource;
import dev.pgdrill.activities.source.pgbackrest.VerifyFindings;
import dev.pgdrill.activities.verify.ClusterChecks;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pgBackRest set verified in its repository, restored into an ephemeral cluster, verified there and
 * removed: what {@link PhysicalRestoreActivitiesImpl} runs, without Temporal (its tests call it directly).
 */
public final class PhysicalRestores {
    /** pgBackRest's --target time format; in UTC, so no time zone can shift it. */
    static final DateTimeFormatter TARGET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private static final Duration VERIFY_TIMEOUT = Duration.ofHours(6);
    private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);

    private final PgdrillConfig config;
    private final PgBackRestSource source;

    public PhysicalRestores(PgdrillConfig config) {
        this.config = config;
        this.source = new PgBackRestSource(config);
    }

    public PgBackRestSource source() {
        return source;
    }

    /** {@code pgbackrest verify}, read as {@link VerifyFindings} says, plus the set's own error flag. */
    public List<CheckResult> verify(PhysicalRestoreRequest r, ProgressListener listener)
            throws ActivityException, IOException {
        List<PgBackRestInfo.BackupSet> sets = source.sets(r.profile());
        Optional<PgBackRestInfo.BackupSet> set = find(sets, r.label());
        if (set.isEmpty()) {
            return List.of(CheckResult.fail(
                    "pgbackrest_set", r.label(), "not in the stanza", "pgbackrest info does not list " + r.label()));
        }
        ServerPrograms.Result out = source.command(r.profile())
                .run(
                        "verify",
                        List.of("--output=text", "--verbose", "--log-level-stderr=detail"),
                        VERIFY_TIMEOUT,
                        listener);
        List<CheckResult> checks = new ArrayList<>();
        if (set.get().listing().status().equals("ERROR")) {
            checks.add(CheckResult.fail(
                    "pgbackrest_set",
                    r.label() + " without errors",
                    "error flag set",
                    set.get().listing().detail()));
        }
        checks.addAll(VerifyFindings.of(
                out,
                chain(sets, set.get()),
                r.label(),
                set.get().walStart(),
                set.get().walStop(),
                r.pointInTime()));
        return checks;
    }

    /** Restores and starts the cluster (an earlier attempt's of the same name removed first). */
    public ClusterOutcome restore(PhysicalRestoreRequest r, String owner, ProgressListener listener)
            throws ActivityException, IOException {
        DatabaseProfile production = config.profile(r.profile());
        PgBackRestCommand pgbackrest = source.command(r.profile());
        long started = System.nanoTime();
        drop(r);
        EphemeralCluster c =
                EphemeralCluster.create(WorkDir.forRoot(config.repository().workDir()), r.cluster(), owner);
        List<String> options = new ArrayList<>(List.of(
                "--pg1-path=" + c.dataDir(),
                "--set=" + r.label(),
                "--target-action=promote",
                "--archive-mode=off",
                // Tablespaces land in the cluster's folder, never in production's own paths.
                "--tablespace-map-all=" + c.dir().resolve("tablespaces")));
        if (r.pointInTime()) {
            options.add("--type=time");
            options.add("--target=" + TARGET.format(Instant.parse(r.targetTime())));
        } else {
            options.add("--type=immediate");
        }
        ServerPrograms.Result restored = pgbackrest.run("restore", options, RESTORE_TIMEOUT, listener);
        if (!restored.ok()) {
            return new ClusterOutcome(
                    elapsed(started),
                    List.of(CheckResult.fail(
                            "restore", "pgbackrest restore exit 0", "exit " + restored.exit(), restored.why())));
        }
        // Where the step's time went (files, then recovery until it accepts connections), shown in the detail.
        long copied = elapsed(started);
        CheckResult restore = CheckResult.pass(
                "restore",
                "pgbackrest restore exit 0",
                "exit 0",
                (r.pointInTime() ? "to " + r.targetTime() : "to the end of " + r.label()) + ", files in " + copied
                        + " ms");
        CheckResult starts = new ClusterStart(program("pg_ctl"), program("psql"))
                .start(c, production.user(), production.database(), RESTORE_TIMEOUT, listener);
        if (starts.status() == CheckStatus.PASS) {
            starts = new CheckResult(
                    starts.name(),
                    starts.status(),
                    starts.expected(),
                    starts.actual(),
                    "after " + (elapsed(started) - copied) + " ms of start and recovery",
                    starts.critical());
        }
        return new ClusterOutcome(elapsed(started), List.of(restore, starts));
    }

    /** The profile's database in the started cluster, as a profile pgdrill's checks can connect with. */
    public DatabaseProfile connection(PhysicalRestoreRequest r) throws IOException {
        DatabaseProfile production = config.profile(r.profile());
        EphemeralCluster c = EphemeralCluster.find(config.repository().workDir(), r.cluster())
                .orElseThrow(
                        () -> new IOException("cluster " + r.cluster() + " is not there (removed, or never restored)"));
        EphemeralCluster.Marker m = c.marker();
        if (m.port() == 0) {
            throw new IOException("cluster " + r.cluster() + " was never started");
        }
        return new DatabaseProfile(
                "cluster " + r.cluster(),
                Role.SANDBOX,
                "127.0.0.1",
                m.port(),
                production.database(),
                m.user(),
                Optional.of(new Secret("(random, of this cluster only)", m.password())),
                Optional.empty(),
                "disable");
    }

    /** The suite on the cluster's copy of the profile's database; freshness measured from the set's end. */
    public List<CheckResult> verifyCluster(PhysicalRestoreRequest r, ProgressListener listener)
            throws ActivityException, IOException, SQLException, InterruptedException {
        Instant takenAt = r.pointInTime()
                ? Instant.parse(r.targetTime())
                : find(source.sets(r.profile()), r.label())
                        .flatMap(s -> s.listing().finishedAt())
                        .orElse(Instant.EPOCH);
        return ClusterChecks.run(
                config, connection(r), r.label(), takenAt, config.repository().workDir(), listener);
    }

    /** Stops and removes the cluster, if pgdrill's marker names it. Idempotent. */
    public void drop(PhysicalRestoreRequest r) throws IOException {
        Optional<EphemeralCluster> c = EphemeralCluster.find(config.repository().workDir(), r.cluster());
        if (c.isPresent()) {
            c.get().remove();
        }
    }

    /** The set and every set it depends on (an incremental's prior chain): damage there fails the restore. */
    private static Set<String> chain(List<PgBackRestInfo.BackupSet> sets, PgBackRestInfo.BackupSet set) {
        Set<String> out = new LinkedHashSet<>();
        Optional<PgBackRestInfo.BackupSet> at = Optional.of(set);
        while (at.isPresent() && out.add(at.get().listing().id())) {
            at = find(sets, at.get().prior());
        }
        return out;
    }

    private static Optional<PgBackRestInfo.BackupSet> find(List<PgBackRestInfo.BackupSet> sets, String label) {
        return sets.stream().filter(s -> s.listing().id().equals(label)).findFirst();
    }

    /** pg_ctl or psql (tools.pgBinDir, else the PATH or Debian's newest server). */
    private Path program(String name) throws ActivityException {
        PgTools tools = new PgTools(config.tools().pgBinDir());
        Optional<Path> p = tools.find(name);
        if (p.isEmpty()) {
            throw ActivityException.permanent(
                    FailureType.TOOL,
                    "unable to start a restored cluster: " + name + " not found in " + tools.searched());
        }
        return p.get();
    }

    private static long elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
