package dev.pgdrill.activities.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.ColumnHash;
import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.restore.BackupFiles;
import dev.pgdrill.activities.restore.PgRestore;
import dev.pgdrill.activities.restore.Sandboxes;
import dev.pgdrill.core.Compression;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification suite against real restores: one healthy backup that must PASS with no warnings, and
 * one broken backup per way a backup goes bad, each of which must FAIL naming the right check and leave
 * no database behind. Runs the same activity code the RestoreAndVerifyWorkflow calls, in its order.
 */
@ExtendWith(PostgresExtension.class)
class RestoreAndVerifyIT {
    private static final String OWNER = "restore-and-verify-it";
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private String extraYaml = "";
    /** More keys of the repository: mapping, e.g. {@code compression: gzip}. */
    private String repositoryYaml = "";
    /** {@code verification.jobs}, when set. */
    private int verificationJobs = 0;

    RestoreAndVerifyIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() {
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
    }

    @AfterEach
    void noSandboxLeftBehind() throws Exception {
        assertThat(pg.pgdrillDatabases()).as("databases left behind").isEmpty();
    }

    private PgdrillConfig config() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String yaml = TestConfigs.yaml(pg, repo, "x:1") + "verification:\n"
                + "  freshness: [ { table: projects, column: updated_at, maxAge: " + freshnessMaxAge + " } ]\n"
                + "  assertions: [ { name: every_project_has_a_budget, sql: \"SELECT count(*) = 0 FROM projects p"
                + " WHERE NOT EXISTS (SELECT 1 FROM budgets b WHERE b.project_id = p.id)\" } ]\n"
                + (verificationJobs > 0 ? "  jobs: " + verificationJobs + "\n" : "") + extraYaml;
        if (!repositoryYaml.isEmpty()) {
            yaml = yaml.replace(
                    "repository: { path: \"" + repo + "\" }",
                    "repository: { path: \"" + repo + "\", " + repositoryYaml + " }");
        }
        return TestConfigs.parse(yaml, dir);
    }

    private String freshnessMaxAge = "2d";

    /** A backup taken and recorded as the BackupWorkflow does. */
    private Manifest backup(PgdrillConfig cfg) throws Exception {
        new CatalogMigrator(cfg.catalogProfile()).migrate();
        BackupStore backups = new Catalog(cfg.catalogProfile()).backups();
        String id = backups.reserve("production", "manual", Instant.now(), "wf-" + System.nanoTime());
        Manifest m = new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", id, "manual", 2, ProgressListener.NONE);
        backups.complete(m);
        return m;
    }

    /** check files → create → restore → verify → app checks → teardown (always), like the workflow. */
    private List<CheckResult> restoreAndVerify(PgdrillConfig cfg, String backupId) throws Exception {
        Manifest m =
                new Catalog(cfg.catalogProfile()).backups().manifest(backupId).orElseThrow();
        Path backupDir = cfg.repository().path().resolve("production").resolve(backupId);
        DatabaseProfile sandbox = cfg.profile("sandbox");
        String db = "pgdrill_drill_" + Long.toHexString(System.nanoTime()).substring(0, 8);
        List<CheckResult> checks = new ArrayList<>();
        checks.add(
                BackupFiles.checkBeforeRestore(backupDir, m, cfg.repository().encryptionKey(), ProgressListener.NONE));
        if (Verdicts.of(checks) == Verdict.FAIL) {
            return checks;
        }
        try {
            Sandboxes.create(sandbox, db, OWNER);
            RestoreOutcome outcome = new PgRestore(
                            new PgTools(cfg.tools().pgBinDir()),
                            WorkDir.forRoot(cfg.repository().workDir()))
                    .restore(
                            backupDir,
                            m,
                            cfg.repository().encryptionKey(),
                            sandbox,
                            db,
                            2,
                            false,
                            ProgressListener.NONE);
            Verdicts.addOrReplace(checks, outcome.check());
            assertThat(outcome.total()).isPositive();
            try (Connection c = Connections.open(sandbox, db)) {
                checks.addAll(new VerificationActivitiesImpl(cfg).verify(c, m, sandbox, db, ProgressListener.NONE));
            }
            for (PgdrillConfig.AppCheck a : cfg.appChecks()) {
                checks.add(AppChecks.run(a, sandbox, db, cfg.repository().path()));
            }
            return checks;
        } finally {
            Sandboxes.drop(sandbox, db, OWNER);
        }
    }

    private static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }

    private static void assertFailsWith(List<CheckResult> checks, String name) {
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.FAIL);
        assertThat(check(checks, name).status())
                .as(check(checks, name).toString())
                .isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void aHealthyBackupPassesEveryCheckWithNoWarnings() throws Exception {
        extraYaml =
                "appChecks: [ { name: app_can_query, command: [sh, -c, \"psql -tA -c 'select count(*) from projects' | grep -qx 47\"] } ]\n";
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        // Owners cannot be compared after a --no-owner restore: a SKIP that says so, never a silent PASS.
        assertThat(checks.stream().filter(c -> !c.name().equals("owners")))
                .as(checks.toString())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASS));
        assertThat(check(checks, "owners").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "owners").detail()).contains("--no-owner");
        assertThat(checks)
                .extracting(CheckResult::name)
                .containsExactly(
                        "backup_files",
                        "restore",
                        "tables_exist",
                        "row_counts",
                        "content_checksums",
                        "constraints",
                        "foreign_keys",
                        "sequences",
                        "schemas",
                        "tables",
                        "columns",
                        "indexes",
                        "views",
                        "matviews",
                        "functions",
                        "triggers",
                        "rls",
                        "sequence_values",
                        "extensions",
                        "comments",
                        "event_triggers",
                        "publications",
                        "owners",
                        "acls",
                        "large_objects",
                        "freshness",
                        "assertion:every_project_has_a_budget",
                        "amcheck",
                        "app:app_can_query");
    }

    @Test
    void aNotValidConstraintInProductionPassesWithAWarningNamingIt() throws Exception {
        // Added NOT VALID on purpose (old rows predate the rule): pg_dump restores it NOT VALID, as it should.
        pg.execute(
                "app",
                "UPDATE budgets SET amount_eur = 2000000 WHERE id = 1",
                "ALTER TABLE budgets ADD CONSTRAINT budgets_amount_cap CHECK (amount_eur < 1000000) NOT VALID");
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(check(checks, "constraints").status()).isEqualTo(CheckStatus.WARN);
        assertThat(check(checks, "constraints").detail())
                .contains("NOT VALID in production")
                .contains("public.budgets.budgets_amount_cap");
    }

    @Test
    void aManifestWithoutASchemaFingerprintVerifiesAsBeforeWithASkipSayingSo() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        pg.execute(
                "pgdrill_catalog",
                "UPDATE pgdrill.backups SET manifest = (manifest - 'schema') || '{\"formatVersion\": 1}'"
                        + " WHERE backup_id = '" + m.backupId() + "'");
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(checks)
                .extracting(CheckResult::name)
                .containsExactly(
                        "backup_files",
                        "restore",
                        "tables_exist",
                        "row_counts",
                        "content_checksums",
                        "constraints",
                        "foreign_keys",
                        "sequences",
                        "schema_fingerprint",
                        "freshness",
                        "assertion:every_project_has_a_budget",
                        "amcheck");
        assertThat(check(checks, "schema_fingerprint").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "schema_fingerprint").detail())
                .contains("format 1")
                .contains("not compared");
    }

    @Test
    void anEncryptedBackupRestoresAndPasses() throws Exception {
        extraYaml = "";
        PgdrillConfig plain = config();
        String yaml = TestConfigs.yaml(pg, dir.resolve("repo"), "x:1")
                .replace(
                        "repository: { path: \"" + dir.resolve("repo") + "\" }",
                        "repository: { path: \"" + dir.resolve("repo")
                                + "\", encryptionKey: \"${K}\", workDir: work }");
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("K", "drill key");
        PgdrillConfig cfg = new ConfigLoader(env::get).parse(yaml, "x.yaml", dir);
        assertThat(plain.repository().encryptionKey()).isEmpty();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(WorkDir.forRoot(dir.resolve("work")).dir())
                .as("the decrypted dump and the password file are gone")
                .isEmptyDirectory();
        assertThat(dir.resolve("repo/production")).isDirectoryNotContaining("glob:**/.restore-*");
    }

    @Test
    void rowsHashedByColumnHashOrRowTextVerifyTheSameAfterTheRestore() throws Exception {
        pg.execute(
                "app",
                "CREATE TYPE mood AS ENUM ('ok', 'meh')",
                "CREATE DOMAIN positive AS integer CHECK (VALUE > 0)",
                "CREATE TABLE typed (id bigint PRIMARY KEY, n numeric(12, 2), t text, v varchar(20)[], j jsonb,"
                        + " u uuid, at timestamptz, r tstzrange, p positive, dropped_later int, b bytea, flag boolean,"
                        + " day date)",
                "INSERT INTO typed SELECT i, i * 1.5, 'row ' || i, ARRAY['a' || i, NULL], jsonb_build_object('i', i),"
                        + " md5(i::text)::uuid, '2026-01-01'::timestamptz + i * interval '1 hour',"
                        + " tstzrange('2026-01-01', '2026-01-01'::timestamptz + i * interval '1 day'), i, i,"
                        + " decode(md5(i::text), 'hex'), i % 3 = 0, CASE WHEN i % 7 = 0 THEN NULL ELSE date '2026-01-01' + i END"
                        + " FROM generate_series(1, 500) i",
                // an enum hashes as its label's OID, which a restore renumbers: the row's text instead
                "CREATE TABLE moods (id int PRIMARY KEY, m mood, ms mood[])",
                "INSERT INTO moods SELECT i, CASE WHEN i % 2 = 0 THEN 'ok'::mood ELSE 'meh' END, ARRAY['ok'::mood]"
                        + " FROM generate_series(1, 100) i",
                "ALTER TABLE typed DROP COLUMN dropped_later",
                "CREATE TABLE places (id int PRIMARY KEY, at point, doc xml)",
                "INSERT INTO places SELECT i, point(i, -i), ('<p>' || i || '</p>')::xml FROM generate_series(1, 300) i",
                "CREATE TABLE routes (id int PRIMARY KEY, stops point[])",
                "INSERT INTO routes SELECT i, ARRAY[point(i, i), point(0, i)] FROM generate_series(1, 200) i");
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);

        assertThat(m.compression()).isEqualTo(new Compression(Compression.ZSTD, 3));
        assertThat(m.tables())
                .filteredOn(t -> List.of("typed", "projects", "budgets").contains(t.name()))
                .extracting(Manifest.TableEntry::checksumMethod)
                .containsOnly(Manifest.TableEntry.COLUMN_HASH);
        assertThat(m.tables())
                .filteredOn(t -> List.of("places", "routes", "moods").contains(t.name()))
                .as("point and xml have no hash, an enum's is not kept by a restore: the row's text instead")
                .extracting(Manifest.TableEntry::checksumMethod)
                .containsOnly(Manifest.TableEntry.ROW_TEXT);
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(check(checks, "content_checksums").status()).isEqualTo(CheckStatus.PASS);

        // a large table is read in block ranges side by side: the parts add up to the one-scan values
        try (Connection c = pg.connect("app")) {
            Map<String, String> rowHashes = ColumnHash.expressions(c, DatabaseContents.tables(c));
            for (DatabaseContents.TableRef t : DatabaseContents.tables(c)) {
                Manifest.TableEntry recorded = m.tables().stream()
                        .filter(e -> e.name().equals(t.name()))
                        .findFirst()
                        .orElseThrow();
                DatabaseContents.TableRef large =
                        new DatabaseContents.TableRef(t.schema(), t.name(), 1L << 40, t.blocks());
                List<TableScans.Part> parts =
                        TableScans.parts(large, recorded.checksumMethod(), rowHashes.get(t.key()), 15, 3);
                if (t.blocks() >= 3) {
                    assertThat(parts).as(t.name()).hasSize(3);
                }
                List<TableScans.Partial> partials = new ArrayList<>();
                for (TableScans.Part p : parts) {
                    partials.add(TableScans.scan(c, p));
                }
                assertThat(TableScans.combine(t, recorded.checksumMethod(), partials))
                        .as(t.name())
                        .isEqualTo(recorded);
            }
        }

        // the same rows with one value changed: each method sees it
        pg.execute(
                "app",
                "UPDATE typed SET t = 'changed' WHERE id = 250",
                "UPDATE places SET at = point(0, 0) WHERE id = 7");
        Manifest changed = backup(cfg);
        assertThat(checksum(changed, "typed")).isNotEqualTo(checksum(m, "typed"));
        assertThat(checksum(changed, "places")).isNotEqualTo(checksum(m, "places"));
        assertThat(checksum(changed, "routes")).isEqualTo(checksum(m, "routes"));
    }

    @Test
    void gzipAndUncompressedBackupsRestoreAndVerifyOnOneOrSeveralConnections() throws Exception {
        for (String compression : List.of("gzip", "none")) {
            repositoryYaml = "compression: " + compression;
            verificationJobs = compression.equals("none") ? 1 : 3; // every check on one connection, or on three
            PgdrillConfig cfg = config();
            Manifest m = backup(cfg);
            assertThat(m.compression().algorithm()).isEqualTo(compression);
            assertThat(m.compression().byPgdrill()).isFalse();
            assertThat(m.files())
                    .extracting(Manifest.FileEntry::path)
                    .noneMatch(p -> p.endsWith(".zst"))
                    .anyMatch(p -> compression.equals("gzip") ? p.endsWith(".dat.gz") : p.matches("dump/\\d+\\.dat"));
            List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
            assertThat(Verdicts.of(checks)).as(compression + ": " + checks).isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void aDamagedZstdFileFailsTheRestoreNamingIt() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        Path file = largestDataFile(cfg, m);
        assertThat(file.getFileName().toString()).endsWith(".dat.zst");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        DatabaseProfile sandbox = cfg.profile("sandbox");
        String db = "pgdrill_drill_damaged";
        Sandboxes.create(sandbox, db, OWNER);
        try {
            // streamed: pg_restore may load what it read, the step fails naming the file (the sandbox is dropped)
            CheckResult restored = new PgRestore(
                            new PgTools(cfg.tools().pgBinDir()),
                            WorkDir.forRoot(cfg.repository().workDir()))
                    .restore(
                            cfg.repository().path().resolve("production").resolve(m.backupId()),
                            m,
                            cfg.repository().encryptionKey(),
                            sandbox,
                            db,
                            2,
                            false,
                            ProgressListener.NONE)
                    .check();
            assertThat(restored.name()).isEqualTo("backup_files");
            assertThat(restored.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(restored.detail())
                    .contains(file.getFileName().toString())
                    .contains("SHA-256 differs");
            assertThat(WorkDir.forRoot(cfg.repository().workDir()).dir()).isEmptyDirectory();
        } finally {
            Sandboxes.drop(sandbox, db, OWNER);
        }
    }

    @Test
    void amcheckNamesAnIndexWhoseOrderNoLongerHolds() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        DatabaseProfile sandbox = cfg.profile("sandbox");
        String db = "pgdrill_drill_amcheck";
        Sandboxes.create(sandbox, db, OWNER);
        try {
            // an index built with one order, whose comparison function then says the opposite
            pg.execute(
                    db,
                    "CREATE FUNCTION cmp(int, int) RETURNS int LANGUAGE sql IMMUTABLE"
                            + " AS 'SELECT CASE WHEN $1 < $2 THEN -1 WHEN $1 > $2 THEN 1 ELSE 0 END'",
                    "CREATE OPERATOR CLASS by_cmp FOR TYPE int USING btree AS OPERATOR 1 <, OPERATOR 2 <=,"
                            + " OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 cmp(int, int)",
                    "CREATE TABLE numbers (v int)",
                    "INSERT INTO numbers SELECT generate_series(1, 2000)",
                    "CREATE INDEX numbers_v ON numbers (v by_cmp)",
                    "CREATE OR REPLACE FUNCTION cmp(int, int) RETURNS int LANGUAGE sql IMMUTABLE"
                            + " AS 'SELECT CASE WHEN $1 < $2 THEN 1 WHEN $1 > $2 THEN -1 ELSE 0 END'");
            try (Connection c = Connections.open(sandbox, db)) {
                List<CheckResult> checks =
                        new VerificationActivitiesImpl(cfg).verify(c, m, sandbox, db, ProgressListener.NONE);
                assertThat(check(checks, "amcheck").status()).isEqualTo(CheckStatus.FAIL);
                assertThat(check(checks, "amcheck").detail()).contains("public.numbers_v");
            }
        } finally {
            Sandboxes.drop(sandbox, db, OWNER);
        }
    }

    private static String checksum(Manifest m, String table) {
        return m.tables().stream()
                .filter(t -> t.name().equals(table))
                .findFirst()
                .orElseThrow()
                .checksum();
    }

    @Test
    void aTruncatedDumpFileFailsBackupFiles() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        Path file = largestDataFile(cfg, m);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertFailsWith(restoreAndVerify(cfg, m.backupId()), "backup_files");
    }

    @Test
    void oneFlippedByteFailsBackupFiles() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        Path file = largestDataFile(cfg, m);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertFailsWith(checks, "backup_files");
        assertThat(check(checks, "backup_files").detail()).contains("SHA-256 differs");
    }

    @Test
    void aDeletedTableFileFailsBackupFiles() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        Files.delete(largestDataFile(cfg, m));
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertFailsWith(checks, "backup_files");
        assertThat(check(checks, "backup_files").detail()).contains("missing");
    }

    @Test
    void aTamperedRowCountInTheManifestFailsRowCounts() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        pg.execute(
                "pgdrill_catalog",
                "UPDATE pgdrill.backups SET manifest = jsonb_set(manifest, '{tables,2,rowCount}', '48')"
                        + " WHERE backup_id = '" + m.backupId() + "'");
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertFailsWith(checks, "row_counts");
        assertThat(check(checks, "row_counts").detail()).contains("public.projects: expected 48, got 47");
    }

    @Test
    void aTamperedChecksumInTheManifestFailsContentChecksums() throws Exception {
        PgdrillConfig cfg = config();
        Manifest m = backup(cfg);
        pg.execute(
                "pgdrill_catalog",
                "UPDATE pgdrill.backups SET manifest = jsonb_set(manifest, '{tables,0,checksum}', '\"12345\"')"
                        + " WHERE backup_id = '" + m.backupId() + "'");
        List<CheckResult> checks = restoreAndVerify(cfg, m.backupId());
        assertFailsWith(checks, "content_checksums");
        assertThat(check(checks, "content_checksums").detail()).contains("public.budgets");
        assertThat(check(checks, "row_counts").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void anOrphanedForeignKeyFailsConstraints() throws Exception {
        // An orphan slipped in with triggers disabled: the dump holds it, the restore cannot recreate the FK.
        pg.execute(
                "app",
                "SET session_replication_role = replica",
                "INSERT INTO projects (organization_id, owner_id, name) VALUES (999, 1, 'orphan')");
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertFailsWith(checks, "constraints");
        assertThat(check(checks, "constraints").detail()).contains("projects_organization_id_fkey");
        assertThat(check(checks, "restore").status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void staleDataFailsFreshness() throws Exception {
        freshnessMaxAge = "30m"; // the sample's newest project changed an hour before the backup
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertFailsWith(checks, "freshness");
        assertThat(check(checks, "freshness").detail())
                .contains("public.projects.updated_at")
                .contains("older than the backup");
    }

    @Test
    void aFailingSqlAssertionFailsByName() throws Exception {
        pg.execute("app", "DELETE FROM budgets WHERE project_id = 3");
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertFailsWith(checks, "assertion:every_project_has_a_budget");
        assertThat(check(checks, "row_counts").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aFailingAppCommandFailsByNameWithItsOutput() throws Exception {
        extraYaml =
                "appChecks: [ { name: smoke, command: [sh, -c, \"echo connecting to $PGDATABASE; echo boom >&2; exit 3\"] } ]\n";
        PgdrillConfig cfg = config();
        List<CheckResult> checks = restoreAndVerify(cfg, backup(cfg).backupId());
        assertFailsWith(checks, "app:smoke");
        assertThat(check(checks, "app:smoke").actual()).isEqualTo("exit 3");
        assertThat(check(checks, "app:smoke").detail())
                .contains("connecting to pgdrill_drill_")
                .contains("boom")
                .doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
    }

    @Test
    void teardownRefusesADatabaseWithoutPgdrillsMarker() throws Exception {
        PgdrillConfig cfg = config();
        pg.execute(
                "postgres", "DROP DATABASE IF EXISTS pgdrill_drill_notours", "CREATE DATABASE pgdrill_drill_notours");
        try {
            assertThatThrownBy(() -> Sandboxes.drop(cfg.profile("sandbox"), "pgdrill_drill_notours", OWNER))
                    .isInstanceOf(OwnershipException.class)
                    .hasMessageContaining("refusing to drop");
            assertThatThrownBy(() -> Sandboxes.create(cfg.profile("sandbox"), "pgdrill_drill_notours", OWNER))
                    .isInstanceOf(OwnershipException.class)
                    .hasMessageContaining("left untouched");
            assertThat(pg.pgdrillDatabases()).contains("pgdrill_drill_notours");
        } finally {
            pg.execute("postgres", "DROP DATABASE pgdrill_drill_notours");
        }
    }

    private static Path largestDataFile(PgdrillConfig cfg, Manifest m) throws Exception {
        Path dump = cfg.repository()
                .path()
                .resolve("production")
                .resolve(m.backupId())
                .resolve("dump");
        try (Stream<Path> s = Files.list(dump)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+\\.dat.*"))
                    .max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
    }
}
