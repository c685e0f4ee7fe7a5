package dev.pgdrill.activities.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.FileTrees;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.source.pgbackrest.PgBackRestSource;
import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.testing.PgBackRestStanza;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.PhysicalBackupRequest;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgBackRest source against a real stanza (Debian's pgbackrest, WAL archived by the test cluster): the
 * listing, a drill's verify → restore into an ephemeral cluster → verify → removal, a broken repository
 * (a missing WAL segment, a damaged file) failing by the check named for it, and a point-in-time restore
 * that lands exactly at the incident time. One cluster and stanza for the class; small data.
 */
class PhysicalRestoresIT {
    private static PgBackRestStanza stanza;
    private static PgdrillConfig config;
    private static Path workDir;
    private static Path repository;
    private static String full;

    @BeforeAll
    static void stanzaWithAFullBackup() throws Exception {
        stanza = PgBackRestStanza.create("it");
        PostgresCluster pg = stanza.cluster();
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        full = stanza.backup("full");
        workDir = Path.of(
                System.getProperty("java.io.tmpdir"),
                "pgdrill-it-work-" + ProcessHandle.current().pid());
        repository = Files.createTempDirectory("pgdrill-it-repo-");
        String yaml = TestConfigs.yaml(pg, repository, "x:1")
                        .replace(
                                "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\" }",
                                "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\","
                                        + " source: { kind: pgbackrest, stanza: it, configFile: \""
                                        + stanza.configFile()
                                        + "\" } }")
                        .replace("repository: { path: \"", "repository: { workDir: \"" + workDir + "\", path: \"")
                + "verification: { tables: [public.projects], minRows: { public.projects: 1 } }\n";
        config = TestConfigs.parse(yaml, workDir.getParent());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (stanza != null) {
            stanza.close();
        }
        for (Path p : new Path[] {workDir, repository}) {
            if (p != null) {
                FileTrees.deleteTree(p);
            }
        }
    }

    @AfterEach
    void noClusterLeftBehind() throws Exception {
        assertThat(clusters()).as("cluster folders left in " + workDir).isEmpty();
    }

    private static List<Path> clusters() throws Exception {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(workDir)) {
            try (Stream<Path> all = Files.walk(workDir, 2)) {
                all.filter(p -> p.getFileName().toString().startsWith(EphemeralCluster.PREFIX))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** verify → restore → verify the cluster → remove (always), as the drill workflow runs them. */
    private static List<CheckResult> drill(PhysicalRestoreRequest r, List<String> rows) throws Exception {
        PhysicalRestores restores = new PhysicalRestores(config);
        List<CheckResult> checks = new ArrayList<>(restores.verify(r, ProgressListener.NONE));
        if (Verdicts.of(checks) == Verdict.FAIL) {
            return checks;
        }
        try {
            ClusterOutcome o = restores.restore(r, "physical-restores-it", ProgressListener.NONE);
            checks.addAll(o.checks());
            if (Verdicts.of(checks) != Verdict.FAIL) {
                checks.addAll(restores.verifyCluster(r, ProgressListener.NONE));
                try (Connection c = Connections.open(restores.connection(r));
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT to_regclass('public.incident') IS NOT NULL AND EXISTS (SELECT 1 FROM pg_class"
                                        + " WHERE relname = 'incident')")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        try (ResultSet each = st.executeQuery("SELECT what FROM incident ORDER BY id")) {
                            while (each.next()) {
                                rows.add(each.getString(1));
                            }
                        }
                    }
                }
            }
            return checks;
        } finally {
            restores.drop(r);
        }
    }

    private static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }

    @Test
    void listsTheStanzasSetsFromInfo() throws Exception {
        List<SourceBackup> sets = new PhysicalRestores(config).source().list("production");
        assertThat(sets).extracting(SourceBackup::id).contains(full);
        SourceBackup set =
                sets.stream().filter(s -> s.id().equals(full)).findFirst().orElseThrow();
        assertThat(set.source()).isEqualTo("pgbackrest");
        assertThat(set.type()).isEqualTo("full");
        assertThat(set.status()).isEqualTo("COMPLETED");
        assertThat(set.sizeBytes()).isPositive();
        assertThat(set.finishedAt()).isPresent();
    }

    @Test
    void aHealthySetDrillsPassInAnEphemeralClusterThatIsRemovedAfterwards() throws Exception {
        List<CheckResult> checks =
                drill(PhysicalRestoreRequest.immediate("production", full, "it_healthy"), new ArrayList<>());
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(checks)
                .extracting(CheckResult::name)
                .contains(
                        "pgbackrest_verify",
                        "backup_wal",
                        "wal_continuity",
                        "restore",
                        "cluster_starts",
                        "tables_exist",
                        "min_rows",
                        "constraints",
                        "foreign_keys",
                        "amcheck");
        assertThat(check(checks, "amcheck").status()).isEqualTo(CheckStatus.PASS);
        assertThat(check(checks, "tables_exist").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aMissingWalSegmentFailsNamingTheWalTheSetNeeds() throws Exception {
        String set = stanza.backup("full");
        String segment = walStart(set);
        Path wal = stanza.walFile(segment);
        Path aside = wal.resolveSibling("aside");
        Files.move(wal, aside);
        try {
            List<CheckResult> checks =
                    drill(PhysicalRestoreRequest.immediate("production", set, "it_nowal"), new ArrayList<>());
            assertThat(Verdicts.of(checks)).isEqualTo(Verdict.FAIL);
            assertThat(check(checks, "backup_wal").status())
                    .as(checks.toString())
                    .isEqualTo(CheckStatus.FAIL);
            assertThat(check(checks, "backup_wal").detail()).contains("missing from the archive");
        } finally {
            Files.move(aside, wal);
        }
    }

    @Test
    void aDamagedFileFailsNamingPgBackRestVerify() throws Exception {
        Path file = stanza.backupFile(full, "global/pg_control");
        Path copy = Files.copy(file, file.resolveSibling("copy"), StandardCopyOption.COPY_ATTRIBUTES);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x5a;
        Files.write(file, b);
        try {
            List<CheckResult> checks =
                    drill(PhysicalRestoreRequest.immediate("production", full, "it_damaged"), new ArrayList<>());
            assertThat(Verdicts.of(checks)).isEqualTo(Verdict.FAIL);
            CheckResult verify = check(checks, "pgbackrest_verify");
            assertThat(verify.status()).as(checks.toString()).isEqualTo(CheckStatus.FAIL);
            assertThat(verify.detail()).contains(full).contains("checksum invalid");
            assertThat(checks).extracting(CheckResult::name).doesNotContain("restore"); // refused before restoring
        } finally {
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aPointInTimeRestoreLandsExactlyAtTheIncidentTime() throws Exception {
        PostgresCluster pg = stanza.cluster();
        pg.execute("app", "CREATE TABLE IF NOT EXISTS incident (id int PRIMARY KEY, what text NOT NULL)");
        String set = stanza.backup("incr");
        pg.execute("app", "INSERT INTO incident VALUES (1, 'before the incident')");
        OffsetDateTime incident;
        try (Connection c = pg.connect("app");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            incident = rs.getObject(1, OffsetDateTime.class); // after the first commit, before the second
        }
        pg.execute("app", "INSERT INTO incident VALUES (2, 'the incident: after it')");
        stanza.switchWalAndWaitArchived(); // recovery must see the second commit to know it passed the target
        List<String> rows = new ArrayList<>();
        List<CheckResult> checks = drill(
                new PhysicalRestoreRequest(
                        "production", set, "it_pitr", incident.toInstant().toString()),
                rows);
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(rows).containsExactly("before the incident");
    }

    @Test
    void backupRunTakesAPgBackRestSetAndRecordsItInTheCatalog() throws Exception {
        new CatalogMigrator(config.catalogProfile()).migrate();
        BackupStore backups = new Catalog(config.catalogProfile()).backups();
        String id = backups.reserve("production", "manual", Instant.now(), "physical-restores-it");
        SourceBackup set = new PhysicalBackups(config, new PgBackRestSource(config))
                .backup(
                        new PhysicalBackupRequest(new BackupRef("production", id), "manual", "diff"),
                        ProgressListener.NONE);
        assertThat(set.type()).isEqualTo("diff");
        assertThat(stanza.labels()).contains(set.id());
        BackupRow row = backups.find(id).orElseThrow();
        assertThat(row.status().name()).isEqualTo("COMPLETED");
        assertThat(row.sizeBytes()).isEqualTo(set.sizeBytes());
        assertThat(backups.manifest(id).orElseThrow().format()).isEqualTo("pgbackrest:" + set.id());
    }

    private static String walStart(String label) {
        String json = stanza.pgbackrest("--output=json", "info");
        int at = json.indexOf("\"label\":\"" + label + "\"");
        int block = json.lastIndexOf("\"archive\":{\"start\":\"", at);
        return json.substring(block + 20, block + 44);
    }
}
