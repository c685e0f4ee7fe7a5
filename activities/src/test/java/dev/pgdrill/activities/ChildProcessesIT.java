package dev.pgdrill.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.restore.PgRestore;
import dev.pgdrill.activities.restore.Sandboxes;
import dev.pgdrill.activities.verify.AppChecks;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the programs pgdrill starts can see: a running pg_restore's real environment, read from
 * /proc/PID/environ while it restores, and an app check's, as it prints it. The test JVM is given
 * PGDRILL_CANARY_SECRET (and PGDRILL_APP_TOKEN, which one app check declares) by failsafe, standing in
 * for the other profiles' passwords and the backup key a worker's environment holds.
 */
@ExtendWith(PostgresExtension.class)
class ChildProcessesIT {
    private static final String CANARY = "PGDRILL_CANARY_SECRET";
    private static final String DECLARED = "PGDRILL_APP_TOKEN";
    private static final String OWNER = "child-processes-it";
    private static final Set<String> LIBPQ =
            Set.of("PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSSLMODE", "PGAPPNAME", "PGCONNECT_TIMEOUT");
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private final List<String> databases = new ArrayList<>();

    ChildProcessesIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void theWorkerEnvironmentHoldsASecretNoChildNeeds() {
        assertThat(System.getenv(CANARY))
                .as("set by failsafe in activities/pom.xml")
                .isNotBlank();
        assertThat(System.getenv(DECLARED))
                .as("set by failsafe in activities/pom.xml")
                .isNotBlank();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        for (String db : databases) {
            Sandboxes.drop(config().profile("sandbox"), db, OWNER);
        }
    }

    @Test
    void aRunningPgRestoreSeesOnlyItsOwnDatabaseAndNoPlaintextOutlivesTheRestore() throws Exception {
        SampleData.createPgbench(pg, "bench", 3); // a few seconds of restore: long enough to look at
        PgdrillConfig cfg = config();
        Manifest m = new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", "20260117T030000Z", "manual", 2, ProgressListener.NONE);
        Path backupDir = cfg.repository().path().resolve("production").resolve(m.backupId());
        DatabaseProfile sandbox = cfg.profile("sandbox");
        WorkDir work = WorkDir.forRoot(cfg.repository().workDir());
        String db = sandbox("pgdrill_drill_envcheck");

        List<Seen> seen = new CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> watchPgRestore(work, seen), "pg_restore-watcher");
        watcher.start();
        RestoreOutcome outcome;
        try {
            outcome = restore(cfg, work, backupDir, m, db, ProgressListener.NONE);
        } finally {
            watcher.interrupt();
            watcher.join();
        }

        assertThat(outcome.check().status()).as(outcome.check().toString()).isEqualTo(CheckStatus.PASS);
        assertThat(seen).as("pg_restore --dbname seen while it ran").isNotEmpty();
        Seen running = seen.get(0);
        assertThat(running.env())
                .doesNotContainKeys(CANARY, DECLARED, "HOME", "USER", "PGPASSWORD", TestConfigs.PASSWORD_ENV, "K")
                .containsEntry("PGDATABASE", db)
                .containsKeys("PATH", "PGHOST", "PGPORT", "PGUSER", "PGPASSFILE");
        Set<String> allowed = new TreeSet<>(LIBPQ);
        allowed.addAll(Set.of("PGPASSFILE", "PATH", "LANG", "LC_ALL", "TZ"));
        assertThat(allowed).containsAll(running.env().keySet());
        assertThat(running.env().values()).noneMatch(v -> v.contains(PostgresCluster.SUPERUSER_PASSWORD));
        Path passfile = Path.of(running.env().get("PGPASSFILE"));
        assertThat(passfile.getParent().getParent()).isEqualTo(work.dir());
        assertThat(running.files())
                .as("the decrypted dump was in the restore's scratch folder while pg_restore read it")
                .anyMatch(f -> f.startsWith(passfile.getParent().resolve("dump"))
                        && f.getFileName().toString().contains(".dat"));
        assertThat(running.scratchPerms()).isEqualTo("rwx------");
        assertThat(work.dir()).as("after a restore that passed").isEmptyDirectory();
        assertThat(pg.count(db, "pgbench_accounts")).isEqualTo(300_000L);

        String missing = "pgdrill_drill_never_created";
        RestoreOutcome failed = restore(cfg, work, backupDir, m, missing, ProgressListener.NONE);
        assertThat(failed.check().status()).isEqualTo(CheckStatus.FAIL);
        assertThat(work.dir()).as("after a restore that failed").isEmptyDirectory();

        String cancelled = sandbox("pgdrill_drill_cancelled");
        ProgressListener cancelOnRestore = (phase, done, total) -> {
            if (phase.equals("restore")) {
                throw new IllegalStateException("cancelled, as a heartbeat throws when the activity is");
            }
        };
        assertThatThrownBy(() -> restore(cfg, work, backupDir, m, cancelled, cancelOnRestore))
                .hasMessageContaining("cancelled");
        assertThat(work.dir()).as("after a cancelled restore").isEmptyDirectory();
        assertThat(pgRestores()).as("no pg_restore left reading").isEmpty();
    }

    @Test
    void anAppCheckGetsItsDatabaseAndTheVariablesItDeclaresAndNothingElse() throws Exception {
        PgdrillConfig cfg = config();
        PgdrillConfig.AppCheck check = new PgdrillConfig.AppCheck(
                "print_env", List.of("env"), "", Duration.ofMinutes(1), List.of(DECLARED, "PGDRILL_UNSET"));
        CheckResult r = AppChecks.run(
                check, cfg.profile("sandbox"), "postgres", cfg.repository().path());
        assertThat(r.status()).as(r.toString()).isEqualTo(CheckStatus.PASS);
        Path log = logOf(r);
        assertThat(log.getParent()).isEqualTo(cfg.repository().path().resolve("reports/app-checks"));
        Map<String, String> env = parseEnv(Files.readString(log).lines().toList());

        Set<String> expected = new TreeSet<>(LIBPQ);
        expected.addAll(Set.of("PGPASSWORD", "DATABASE_URL", DECLARED));
        for (String inherited : List.of("PATH", "LANG", "LC_ALL", "TZ")) {
            if (System.getenv(inherited) != null) {
                expected.add(inherited);
            }
        }
        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(env)
                .containsEntry(DECLARED, System.getenv(DECLARED))
                .containsEntry("PGDATABASE", "postgres")
                .containsEntry("PGPASSWORD", PostgresCluster.SUPERUSER_PASSWORD);
        assertThat(env.get("DATABASE_URL")).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
    }

    @Test
    void anAppChecksFullOutputGoesToAReportFileAndOnlyItsEndIntoTheResult() throws Exception {
        PgdrillConfig cfg = config();
        PgdrillConfig.AppCheck check = new PgdrillConfig.AppCheck(
                "chatty",
                List.of("sh", "-c", "echo FIRST; head -c 3000 /dev/zero | tr '\\0' x; echo; echo LAST; exit 4"),
                "",
                Duration.ofMinutes(1),
                List.of());
        CheckResult r = AppChecks.run(
                check, cfg.profile("sandbox"), "postgres", cfg.repository().path());
        assertThat(r.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.actual()).isEqualTo("exit 4");
        assertThat(r.detail()).endsWith("LAST").doesNotContain("FIRST");
        assertThat(r.detail().length()).isLessThan(500 + 200);
        assertThat(Files.readString(logOf(r)))
                .startsWith("FIRST\n")
                .contains("x".repeat(3000))
                .endsWith("LAST\n");
        try (Stream<Path> files = Files.list(logOf(r).getParent())) {
            assertThat(files).noneMatch(f -> f.toString().endsWith(".tmp"));
        }
    }

    private RestoreOutcome restore(
            PgdrillConfig cfg, WorkDir work, Path backupDir, Manifest m, String db, ProgressListener listener)
            throws Exception {
        return new PgRestore(new PgTools(cfg.tools().pgBinDir()), work)
                .restore(
                        backupDir, m, cfg.repository().encryptionKey(), cfg.profile("sandbox"), db, 2, false, listener);
    }

    private String sandbox(String name) throws Exception {
        Sandboxes.create(config().profile("sandbox"), name, OWNER);
        databases.add(name);
        return name;
    }

    /** A pg_restore process seen restoring: its environment, and the work folder's files at that moment. */
    private record Seen(Map<String, String> env, List<Path> files, String scratchPerms) {}

    private static void watchPgRestore(WorkDir work, List<Seen> seen) {
        while (!Thread.currentThread().isInterrupted() && seen.isEmpty()) {
            for (ProcessHandle h : pgRestores()) {
                try {
                    String cmdline = read("/proc/" + h.pid() + "/cmdline");
                    if (cmdline.contains("--dbname=")) {
                        Map<String, String> env = parseEnv(Arrays.asList(
                                read("/proc/" + h.pid() + "/environ").split("\0")));
                        List<Path> files;
                        try (Stream<Path> walk = Files.walk(work.dir())) {
                            files = walk.filter(Files::isRegularFile).toList();
                        }
                        Path scratch = Path.of(env.get("PGPASSFILE")).getParent();
                        seen.add(new Seen(
                                env, files, PosixFilePermissions.toString(Files.getPosixFilePermissions(scratch))));
                    }
                } catch (IOException | RuntimeException goneMeanwhile) {
                    // it ended between the listing and the read: look again
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<ProcessHandle> pgRestores() {
        return ProcessHandle.current()
                .descendants()
                .filter(h -> h.isAlive()
                        && h.info()
                                .command()
                                .map(c -> c.endsWith("/pg_restore"))
                                .orElse(false))
                .toList();
    }

    private static String read(String proc) throws IOException {
        return new String(Files.readAllBytes(Path.of(proc)), StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseEnv(List<String> lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return env;
    }

    private static Path logOf(CheckResult r) {
        String first = r.detail().lines().findFirst().orElseThrow();
        assertThat(first).startsWith("output: ");
        return Path.of(first.substring("output: ".length()));
    }

    /** Encrypted backups of the pgbench database, pg_restore from the cluster's own bin folder, a test work folder. */
    private PgdrillConfig config() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String yaml = TestConfigs.yaml(pg, repo, "x:1")
                        .replace("database: app,", "database: bench,")
                        .replace(
                                "repository: { path: \"" + repo + "\" }",
                                "repository: { path: \"" + repo + "\", encryptionKey: \"${K}\", workDir: work }")
                + "tools: { pgBinDir: \"" + pg.binDir() + "\" }\n";
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("K", "drill key");
        return new ConfigLoader(env::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
    }
}
