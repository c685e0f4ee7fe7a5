package dev.pgdrill.activities.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgdrill.activities.verify.BrokenBackups.FileDamage;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broken-backup corpus: every way a backup goes bad that a drill must catch, each made from a healthy
 * backup of a realistic schema (partitions, views, a materialized view, functions, triggers, RLS, grants,
 * large objects). For each, the drill FAILS and the check named for it is among the FAILs; the same
 * backup also goes through a plain {@code pg_restore} (its exit code) and a checksum-only verify. The
 * measured table is written to {@code target/broken-backup-corpus.md} (the README's table is a copy).
 * Healthy backups of the same schema: no FAIL and no WARN, run after run.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenBackupCorpusIT {
    private static final Path TABLE = Path.of("target", "broken-backup-corpus.md");
    private static final int HEALTHY_RUNS = 3;

    @TempDir
    static Path dir;

    private final PostgresCluster pg;
    private final Map<Integer, String> rows = new ConcurrentSkipListMap<>();
    private PgdrillConfig cfg;
    private PgdrillConfig wrongKey;
    private BrokenBackups corpus;
    private Manifest healthy;
    private Manifest encrypted;

    BrokenBackupCorpusIT(PostgresCluster pg) {
        this.pg = pg;
    }

    /** The ways a backup goes bad, each with the check that must catch it. */
    enum Broken {
        TRUNCATED_FILE("truncated file", "backup_files"),
        FLIPPED_BIT("flipped bit", "backup_files"),
        MISSING_FILE("missing file", "backup_files"),
        WRONG_KEY("wrong encryption key", "backup_files"),
        TAMPERED_MANIFEST("tampered manifest", "row_counts"),
        TABLE_MISSING("table missing", "tables_exist"),
        ROWS_MISSING("rows missing", "row_counts"),
        ORPHANED_FOREIGN_KEY("orphaned foreign key", "constraints"),
        STALE_DATA("stale data", "freshness"),
        DROPPED_VIEW("dropped view", "views"),
        DISABLED_TRIGGER("disabled trigger", "triggers"),
        DROPPED_RLS_POLICY("dropped RLS policy", "rls"),
        RLS_NOT_FORCED("FORCE ROW LEVEL SECURITY lost", "rls"),
        REVOKED_GRANT("revoked grant", "acls"),
        DETACHED_PARTITION("detached partition", "tables"),
        DROPPED_INDEX("dropped index", "indexes"),
        DROPPED_FUNCTION("dropped procedure", "functions"),
        EMPTY_MATVIEW("materialized view left unpopulated", "matviews"),
        LOST_LARGE_OBJECTS("large objects lost", "large_objects"),
        SEQUENCE_RESET("sequence reset", "sequence_values"),
        FAILING_ASSERTION("failing SQL assertion", "assertion:every_project_has_a_budget"),
        FAILING_APP_CHECK("failing app check", "app:approved_budgets");

        final String label;
        final String check;

        Broken(String label, String check) {
            this.label = label;
            this.check = check;
        }
    }

    @BeforeAll
    void healthyBackups() throws Exception {
        SampleData.createRealisticApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        cfg = config("");
        new CatalogMigrator(cfg.catalogProfile()).migrate();
        corpus = new BrokenBackups(pg, cfg);
        healthy = BrokenBackups.take(cfg);
        encrypted = BrokenBackups.take(config("right key"));
        wrongKey = config("wrong key");
    }

    @AfterEach
    void noSandboxLeftBehind() {
        assertThat(pg.pgdrillDatabases()).as("databases left behind").isEmpty();
    }

    /**
     * A configuration with the corpus's rules; {@code key} non-empty encrypts the repository with it. The
     * corpus keeps pg_dump's own compression, so that plain pg_restore, which the drill is compared with,
     * reads the very files the drill reads (a zstd backup is read by the drill only).
     */
    private PgdrillConfig config(String key) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String yaml = TestConfigs.yaml(pg, repo, "x:1")
                        .replace(
                                "repository: { path: \"" + repo + "\" }",
                                "repository: { path: \"" + repo + "\", compression: gzip, workDir: \""
                                        + dir.resolve("work") + "\""
                                        + (key.isEmpty() ? "" : ", encryptionKey: \"${K}\"") + " }")
                + "verification:\n"
                + "  freshness: [ { table: projects, column: updated_at, maxAge: 2d } ]\n"
                + "  assertions: [ { name: every_project_has_a_budget, sql: \"SELECT count(*) = 0 FROM projects p"
                + " WHERE NOT EXISTS (SELECT 1 FROM budgets b WHERE b.project_id = p.id)\" } ]\n"
                + "appChecks: [ { name: approved_budgets, command: [sh, -c,"
                + " \"psql -tA -c 'select count(*) > 0 from budgets where approved' | grep -qx t\"] } ]\n";
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("K", key);
        return new ConfigLoader(env::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
    }

    private Manifest make(Broken b) throws Exception {
        return switch (b) {
            case TRUNCATED_FILE ->
                corpus.copy(healthy, damage(f -> {
                    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                        r.setLength(r.length() / 2);
                    }
                }));
            case FLIPPED_BIT ->
                corpus.copy(healthy, damage(f -> {
                    byte[] bytes = Files.readAllBytes(f);
                    bytes[bytes.length / 2] ^= 0x01;
                    Files.write(f, bytes);
                }));
            case MISSING_FILE -> corpus.copy(healthy, damage(Files::delete));
            case WRONG_KEY -> encrypted;
            case TAMPERED_MANIFEST ->
                corpus.withManifest(healthy, n -> n.get("tables").forEach(t -> {
                    if (t.get("name").asText().equals("projects")) {
                        ((ObjectNode) t).put("rowCount", t.get("rowCount").asLong() + 1);
                    }
                }));
            case TABLE_MISSING -> corpus.redump(healthy, "DROP TABLE audit_log");
            case ROWS_MISSING -> corpus.redump(healthy, "DELETE FROM events WHERE id % 10 = 0");
            case ORPHANED_FOREIGN_KEY ->
                corpus.redump(
                        healthy,
                        "SET session_replication_role = replica",
                        "UPDATE projects SET organization_id = 999 WHERE id = 5");
            case STALE_DATA ->
                corpus.redump(
                        healthy,
                        "SET session_replication_role = replica",
                        "UPDATE projects SET updated_at = updated_at - interval '30 days'");
            case DROPPED_VIEW -> corpus.redump(healthy, "DROP VIEW active_projects");
            case DISABLED_TRIGGER -> corpus.redump(healthy, "ALTER TABLE budgets DISABLE TRIGGER budgets_audit");
            case DROPPED_RLS_POLICY -> corpus.redump(healthy, "DROP POLICY documents_public ON documents");
            case RLS_NOT_FORCED -> corpus.redump(healthy, "ALTER TABLE documents NO FORCE ROW LEVEL SECURITY");
            case REVOKED_GRANT -> corpus.redump(healthy, "REVOKE SELECT ON budgets FROM app_reader");
            case DETACHED_PARTITION -> corpus.redump(healthy, "ALTER TABLE events DETACH PARTITION events_2026");
            case DROPPED_INDEX -> corpus.redump(healthy, "DROP INDEX events_project_idx");
            case DROPPED_FUNCTION -> corpus.redump(healthy, "DROP PROCEDURE reporting.close_done_projects()");
            case EMPTY_MATVIEW ->
                corpus.redump(healthy, "REFRESH MATERIALIZED VIEW reporting.budget_by_org WITH NO DATA");
            case LOST_LARGE_OBJECTS ->
                corpus.redump(healthy, "SELECT lo_unlink(attachment) FROM documents WHERE attachment IS NOT NULL");
            case SEQUENCE_RESET -> corpus.redump(healthy, "SELECT setval('invoice_number_seq', 1000, false)");
            case FAILING_ASSERTION -> corpus.redump(healthy, "DELETE FROM budgets WHERE project_id = 3");
            case FAILING_APP_CHECK ->
                corpus.redump(healthy, "SET session_replication_role = replica", "UPDATE budgets SET approved = false");
        };
    }

    /** Damage to the copy's largest table data file. */
    private static FileDamage damage(FileDamage onLargestDataFile) {
        return dump -> onLargestDataFile.apply(BrokenBackups.largestDataFile(dump));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Broken.class)
    void theDrillFailsNamingTheCheckThatCaughtIt(Broken b) throws Exception {
        Manifest m = make(b);
        List<CheckResult> checks = corpus.drill(b == Broken.WRONG_KEY ? wrongKey : cfg, m);
        List<String> failed = checks.stream()
                .filter(CheckResult::failsVerdict)
                .map(CheckResult::name)
                .toList();
        int plain = corpus.plainRestore(m);
        boolean checksums = corpus.checksumsMatch(m);
        rows.put(
                b.ordinal(),
                "| " + b.label + " | " + (failed.contains(b.check) ? "**" + b.check + "**" : "missed") + " | "
                        + String.join(", ", failed) + " | "
                        + (plain == 0 ? "missed (exit 0)" : "caught (exit " + plain + ")")
                        + " | " + (checksums ? "missed" : "caught") + " |");
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.FAIL);
        assertThat(failed).as(checks.toString()).contains(b.check);
    }

    @Test
    void healthyBackupsRaiseNoAlarmRunAfterRun() throws Exception {
        Manifest redumped = corpus.redump(healthy); // the corpus's own re-dump, undamaged, is healthy too
        for (Manifest m : List.of(healthy, redumped)) {
            for (int run = 0; run < HEALTHY_RUNS; run++) {
                List<CheckResult> checks = corpus.drill(cfg, m);
                assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
                assertThat(checks.stream().filter(c -> c.status() != CheckStatus.PASS))
                        .as("only owners are not compared (restored --no-owner): " + checks)
                        .extracting(CheckResult::name)
                        .containsExactly("owners");
            }
        }
        assertThat(corpus.plainRestore(healthy)).isZero();
        assertThat(corpus.checksumsMatch(healthy)).isTrue();
    }

    @Test
    void aLegitimatelyNotValidConstraintPassesWithAWarningNamingIt() throws Exception {
        // Added NOT VALID on purpose (old rows predate the rule): pg_dump restores it NOT VALID, as it should.
        pg.execute(
                "app", "ALTER TABLE budgets ADD CONSTRAINT budgets_amount_cap CHECK (amount_eur < 1000000) NOT VALID");
        try {
            List<CheckResult> checks = corpus.drill(cfg, BrokenBackups.take(cfg));
            assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
            CheckResult constraints = checks.stream()
                    .filter(c -> c.name().equals("constraints"))
                    .findFirst()
                    .orElseThrow();
            assertThat(constraints.status()).isEqualTo(CheckStatus.WARN);
            assertThat(constraints.detail()).contains("public.budgets.budgets_amount_cap");
        } finally {
            pg.execute("app", "ALTER TABLE budgets DROP CONSTRAINT budgets_amount_cap");
        }
    }

    @AfterAll
    void writeTheMeasuredTable() throws Exception {
        String table = "| broken backup | pgdrill drill: the check named for it | every check that FAILed"
                + " | plain `pg_restore` (exit code) | checksum-only verify |\n|---|---|---|---|---|\n"
                + rows.values().stream().collect(Collectors.joining("\n")) + "\n";
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, table);
    }
}
