package dev.pgdrill.activities.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.external.ExternalBackups;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.ExternalBackup;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups pgdrill did not make: a pg_dump file from elsewhere, taken in, restored and verified the way
 * {@code pgdrill verify --file} does, against the configuration and, where allowed, the live source's schema.
 */
@ExtendWith(PostgresExtension.class)
class ExternalBackupIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private PgdrillConfig cfg;
    private BrokenBackups corpus;
    private ExternalBackups external;

    ExternalBackupIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        SampleData.createRealisticApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        cfg = TestConfigs.parse(
                TestConfigs.yaml(pg, repo, "x:1")
                        + "verification:\n"
                        + "  tables: [projects, budgets]\n"
                        + "  minRows: { projects: 1 }\n"
                        + "  freshness: [ { table: projects, column: updated_at, maxAge: 2d } ]\n"
                        + "  externalSources: [production]\n",
                dir);
        new CatalogMigrator(cfg.catalogProfile()).migrate();
        corpus = new BrokenBackups(pg, cfg);
        external = new ExternalBackups(cfg);
    }

    private static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }

    @Test
    void aPgDumpFileFromElsewhereVerifiesAgainstTheConfigurationAndTheLiveSchemaLabelledWeaker() throws Exception {
        Path file = dir.resolve("provider-download.dump");
        corpus.pgDump("app", "custom", file);
        byte[] before = Files.readAllBytes(file);
        Manifest m = external.take(
                new ExternalBackup(file.toString(), "production", Instant.now()), "it-1", ProgressListener.NONE);
        List<CheckResult> checks = corpus.drill(cfg, m);
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(check(checks, "manifest").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "row_counts").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "content_checksums").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "tables_exist").expected()).isEqualTo("2 tables");
        for (String kind : List.of("live:views", "live:triggers", "live:rls", "live:acls", "live:tables")) {
            assertThat(check(checks, kind).status()).as(kind).isEqualTo(CheckStatus.PASS);
            assertThat(check(checks, kind).detail()).as(kind).contains("weaker");
        }
        assertThat(checks.stream().filter(c -> c.status() == CheckStatus.WARN || c.status() == CheckStatus.FAIL))
                .as(checks.toString())
                .isEmpty();

        external.forget(m.backupId());
        assertThat(Files.readAllBytes(file))
                .as("the archive itself is never touched")
                .isEqualTo(before);
        assertThat(cfg.repository().path().resolve("external").resolve(m.backupId()))
                .doesNotExist();
        assertThat(new Catalog(cfg.catalogProfile())
                        .backups()
                        .find(m.backupId())
                        .orElseThrow()
                        .status())
                .isEqualTo(BackupStatus.PRUNED);
    }

    @Test
    void aDirectoryArchiveThatLostAViewFailsTheLiveViewsCheck() throws Exception {
        pg.execute(
                "postgres",
                "DROP DATABASE IF EXISTS app_copy",
                "CREATE DATABASE app_copy TEMPLATE app",
                "ALTER DATABASE app_copy OWNER TO postgres");
        pg.execute("app_copy", "DROP VIEW active_projects");
        Path archive = dir.resolve("download.d");
        corpus.pgDump("app_copy", "directory", archive);
        pg.execute("postgres", "DROP DATABASE app_copy");
        Manifest m = external.take(
                new ExternalBackup(archive.toString(), "production", Instant.now()), "it-2", ProgressListener.NONE);
        List<CheckResult> checks = corpus.drill(cfg, m);
        assertThat(Verdicts.of(checks)).isEqualTo(Verdict.FAIL);
        assertThat(check(checks, "live:views").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(check(checks, "live:views").actual()).contains("public.active_projects: missing");
        assertThat(check(checks, "backup_files").status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void withoutALiveSourceOnlyTheConfigurationIsCheckedAndTheSchemaSkipSaysSo() throws Exception {
        Path file = dir.resolve("app.tar");
        corpus.pgDump("app", "tar", file);
        Manifest m =
                external.take(new ExternalBackup(file.toString(), "", Instant.now()), "it-3", ProgressListener.NONE);
        List<CheckResult> checks = corpus.drill(cfg, m);
        assertThat(Verdicts.of(checks)).as(checks.toString()).isEqualTo(Verdict.PASS);
        assertThat(check(checks, "schema_fingerprint").status()).isEqualTo(CheckStatus.SKIP);
        assertThat(check(checks, "schema_fingerprint").detail()).contains("no live source");
    }

    @Test
    void refusesAPlainSqlDumpAndASourceTheConfigurationDoesNotAllow() throws Exception {
        Path sql = dir.resolve("app.sql");
        corpus.pgDump("app", "plain", sql);
        assertThatThrownBy(() -> external.take(
                        new ExternalBackup(sql.toString(), "", Instant.now()), "it-4", ProgressListener.NONE))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("plain SQL dump");
        Path file = dir.resolve("app.dump");
        corpus.pgDump("app", "custom", file);
        assertThatThrownBy(() -> external.take(
                        new ExternalBackup(file.toString(), "staging", Instant.now()), "it-5", ProgressListener.NONE))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("not in verification.externalSources");
    }
}
