package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A large table is loaded over several connections (every table here counts as large): what lands is exactly what
 * was dumped, values pg_dump escapes included, and only plain tables are split (an inheritance child and a
 * partition stay pg_restore's); a COPY that fails stops the load with its error, nothing waiting.
 */
@ExtendWith(PostgresExtension.class)
class SplitRestoreIT {
    private static final List<String> TABLES = List.of(
            "public.organizations",
            "public.users",
            "public.projects",
            "public.budgets",
            "public.awkward",
            "public.parent_t",
            "public.child_t",
            "public.measures",
            "public.measures_2026");

    private final PostgresCluster pg;
    private PgdrillConfig cfg;

    @TempDir
    Path dir;

    SplitRestoreIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void app() throws Exception {
        pg.execute("postgres", "DROP DATABASE IF EXISTS app WITH (FORCE)");
        SampleData.createSampleApp(pg, "app");
        pg.execute(
                "app",
                // Every kind of value COPY text escapes, a dropped and a generated column, in rows enough for
                // some twenty chunks of a megabyte: more than one COPY can take before the other has connected.
                "CREATE TABLE awkward (id int PRIMARY KEY, gone text, body text, n numeric, at timestamptz,"
                        + " tags text[], doc jsonb, raw bytea, twice int GENERATED ALWAYS AS (id * 2) STORED)",
                "ALTER TABLE awkward DROP COLUMN gone",
                "INSERT INTO awkward (id, body, n, at, tags, doc, raw)"
                        + " SELECT g, CASE g % 7 WHEN 0 THEN E'line\\nbreak\\ttab\\\\back' WHEN 1 THEN NULL"
                        + " WHEN 2 THEN '\\.' WHEN 3 THEN E'\\r\\n' WHEN 4 THEN 'ünïcødé ✓' WHEN 5 THEN ''"
                        + " ELSE repeat(md5(g::text), 8) END, g / 3.0, '2026-01-01'::timestamptz + g * interval '1 s',"
                        + " ARRAY['a,b', NULL, 'c\"d'], jsonb_build_object('k', g, 's', E'q\\\\\"'),"
                        + " decode(md5(g::text), 'hex') FROM generate_series(1, 150000) g",
                "CREATE TABLE parent_t (id int, v text)",
                "CREATE TABLE child_t (extra int) INHERITS (parent_t)",
                "INSERT INTO parent_t SELECT g, 'p' || g FROM generate_series(1, 1000) g",
                "INSERT INTO child_t SELECT g, 'c' || g, g FROM generate_series(1, 1000) g",
                "CREATE TABLE measures (at date NOT NULL, v int) PARTITION BY RANGE (at)",
                "CREATE TABLE measures_2026 PARTITION OF measures FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "INSERT INTO measures SELECT '2026-01-01'::date + (g % 300), g FROM generate_series(1, 5000) g");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        cfg = TestConfigs.withWorkDir(pg, repo, dir);
    }

    /**
     * Also with production's owners and grants kept, as a staging restore does; the other tables' data beside the
     * split load (little of it) or after it (as much as a large table).
     */
    @ParameterizedTest
    @CsvSource({"false, true", "true, false"})
    void aSplitLoadRestoresExactlyWhatWasDumpedAndLeavesInheritanceToPgRestore(boolean keepOwners, boolean restBeside)
            throws Exception {
        Manifest m = new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", "20260301T010000Z", "manual", 2, ProgressListener.NONE);
        Path backupDir = cfg.repository().path().resolve("production").resolve(m.backupId());
        String db = "pgdrill_drill_split";
        pg.execute("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db);
        try {
            PgRestore restore = new PgRestore(
                            new PgTools(cfg.tools().pgBinDir()),
                            WorkDir.forRoot(cfg.repository().workDir()))
                    .splittingAbove(0);
            restore = restBeside ? restore : restore.restAfterTheSplit();
            RestoreOutcome r = restore.restore(
                    backupDir,
                    m,
                    cfg.repository().encryptionKey(),
                    cfg.profile("sandbox"),
                    db,
                    2,
                    keepOwners,
                    ProgressListener.NONE);
            assertThat(r.check().status()).as(r.check().toString()).isEqualTo(CheckStatus.PASS);
            for (String t : TABLES) {
                assertThat(content(db, t)).as(t).isEqualTo(content("app", t));
            }
            assertThat(transactions(db, "public.awkward"))
                    .as("rows of the large table came through more than one COPY")
                    .isGreaterThan(1);
            assertThat(transactions(db, "ONLY public.child_t"))
                    .as("an inheritance child is pg_restore's one COPY")
                    .isEqualTo(1);
            assertThat(scalar(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'awkward'"))
                    .as("post-data after the split load")
                    .isEqualTo("1");
            assertThat(scalar(db, "SELECT max(twice - id * 2) FROM awkward")).isEqualTo("0");
            assertThat(WorkDir.forRoot(cfg.repository().workDir()).dir()).isEmptyDirectory();
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCopyThatFailsStopsTheLoadWithItsError() throws Exception {
        pg.execute("app", "CREATE TABLE IF NOT EXISTS two (a int, b int)", "TRUNCATE two");
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            data.append(i).append('\t').append(i).append('\n');
        }
        data.append("oops\t1\n");
        for (int i = 0; i < 300_000; i++) {
            data.append(i).append('\t').append(i).append('\n');
        }
        data.append("\\.\n\n");
        Path file = Files.writeString(dir.resolve("two.dat"), data, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SplitCopy.load(
                        () -> pg.connect("app"),
                        List.of("SET row_security = off;"),
                        "COPY public.two (a, b) FROM STDIN",
                        file,
                        2,
                        bytes -> {}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("oops");
        assertThat(scalar(
                        "app",
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY public.two%'"
                                + " AND state <> 'idle'"))
                .as("no COPY left running")
                .isEqualTo("0");
    }

    @Test
    void theEndOfDataLineIsFoundOnlyAtALineStart() {
        assertThat(SplitCopy.endMarker("1\ta\n\\.\n\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(4);
        assertThat(SplitCopy.endMarker("\\.\n".getBytes(StandardCharsets.UTF_8)))
                .isZero();
        assertThat(SplitCopy.endMarker("1\t\\\\.\n2\tx\\.\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    private String content(String db, String table) throws SQLException {
        return scalar(
                db,
                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')" + " FROM ONLY "
                        + table + " t");
    }

    private int transactions(String db, String table) throws SQLException {
        return Integer.parseInt(scalar(db, "SELECT count(DISTINCT xmin::text) FROM " + table));
    }

    private String scalar(String db, String sql) throws SQLException {
        try (Connection c = pg.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
