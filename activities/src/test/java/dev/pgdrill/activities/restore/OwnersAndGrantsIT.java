package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.verify.AppChecks;
import dev.pgdrill.activities.verify.CopyChecks;
import dev.pgdrill.activities.verify.ProductionChecks;
import dev.pgdrill.activities.verify.VerificationActivitiesImpl;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.CopyRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production owned by a non-superuser (CREATEDB, owner of its database, member of pg_signal_backend), an
 * application role with grants, a row-level security policy and database settings: the side restore copies
 * it all, the switch runs as that owner, and the application role reads and writes exactly as before.
 */
@ExtendWith(PostgresExtension.class)
class OwnersAndGrantsIT {
    private static final String DB = "shop";
    private static final String OWNER_ROLE = "shop_owner";
    private static final String APP_ROLE = "shop_app";
    private static final String APP_PASSWORD = "shop-app-pw";
    private static final String WORKFLOW = "emergency-restore-production@20260117T093000Z-0a1b2c-side";
    private static final String SIDE = "shop__pgdrill_0a1b2c3d";
    private static final String PRE = "shop__pre_restore_20260117t093000z";
    private static final String FAILED = "shop__failed_restore_20260117t093000z";
    private static final SwitchRequest REQUEST = new SwitchRequest("production", SIDE, PRE, FAILED, WORKFLOW);
    private static final String STAGING = "pgdrill_staging_0a1b2c3d";
    private static final String STAGING_WORKFLOW = "emergency-restore-production@20260117T093000Z-0a1b2c-staging-1";
    private static final CopyRequest COPY =
            new CopyRequest("production", STAGING, STAGING_WORKFLOW, SIDE, WORKFLOW, DB);
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private PgdrillConfig cfg;
    private DatabaseProfile prod;

    OwnersAndGrantsIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        for (String db : List.of(DB, SIDE, PRE, FAILED, STAGING)) {
            pg.execute("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
        }
        pg.execute("postgres", "DROP ROLE IF EXISTS " + APP_ROLE, "DROP ROLE IF EXISTS " + OWNER_ROLE);
        // pgdrill's production user: not a superuser. Same password as the test superuser's, so the test
        // configuration's one password variable serves it.
        pg.createRole(OWNER_ROLE, PostgresCluster.SUPERUSER_PASSWORD, true);
        pg.createRole(APP_ROLE, APP_PASSWORD, false);
        pg.execute(
                "postgres",
                "GRANT pg_signal_backend TO " + OWNER_ROLE,
                "CREATE DATABASE " + DB + " OWNER " + OWNER_ROLE,
                "ALTER DATABASE " + DB + " SET search_path = app, public",
                "ALTER DATABASE " + DB + " SET work_mem = '8MB'",
                "REVOKE ALL ON DATABASE " + DB + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + DB + " TO " + APP_ROLE);
        try (Connection c = pg.connect(DB, OWNER_ROLE, PostgresCluster.SUPERUSER_PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA app");
            st.execute("CREATE TABLE app.notes (id serial PRIMARY KEY, tenant text NOT NULL DEFAULT current_user,"
                    + " body text NOT NULL)");
            st.execute("ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY tenant_rows ON app.notes USING (tenant = current_user)"
                    + " WITH CHECK (tenant = current_user)");
            st.execute("GRANT USAGE ON SCHEMA app TO " + APP_ROLE);
            st.execute("GRANT SELECT, INSERT ON app.notes TO " + APP_ROLE);
            st.execute("GRANT USAGE ON SEQUENCE app.notes_id_seq TO " + APP_ROLE);
            st.execute("INSERT INTO app.notes (tenant, body) VALUES ('" + APP_ROLE + "', 'mine'),"
                    + " ('someone_else', 'not mine'), ('" + APP_ROLE + "', 'also mine')");
        }
        String yaml = TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("repo")), "x:1")
                .replaceFirst("database: app, user: postgres", "database: " + DB + ", user: " + OWNER_ROLE);
        cfg = TestConfigs.parse(yaml, dir);
        prod = cfg.profile("production");
        assertThat(prod.user()).isEqualTo(OWNER_ROLE);
    }

    /** What the application role sees and may do: its rows only, its settings, and whether it can write. */
    private List<String> asTheApp() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(DB, APP_ROLE, APP_PASSWORD);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_setting('search_path'), current_setting('work_mem'),"
                    + " string_agg(body, ',' ORDER BY id) FROM notes")) {
                rs.next();
                out.add("search_path " + rs.getString(1));
                out.add("work_mem " + rs.getString(2));
                out.add("sees " + rs.getString(3));
            }
            st.execute("INSERT INTO notes (body) VALUES ('written by the app')");
            out.add("inserted");
            try {
                st.execute("INSERT INTO notes (tenant, body) VALUES ('someone_else', 'forged')");
                out.add("forged a row");
            } catch (SQLException e) {
                out.add("refused: " + e.getSQLState());
            }
            try {
                st.execute("DELETE FROM notes");
                out.add("deleted");
            } catch (SQLException e) {
                out.add("refused: " + e.getSQLState());
            }
        } catch (SQLException e) {
            out.add("refused: " + e.getSQLState());
        }
        return out;
    }

    private Manifest backup() throws Exception {
        return new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", "20260117T030000Z", "manual", 2, ProgressListener.NONE);
    }

    private void restoreSide(Manifest m) throws Exception {
        restoreLikeProduction(m, SIDE, WORKFLOW);
    }

    private void restoreLikeProduction(Manifest m, String database, String owner) throws Exception {
        Sandboxes.create(prod, database, owner, DB);
        RestoreOutcome outcome = new PgRestore(
                        new PgTools(cfg.tools().pgBinDir()),
                        WorkDir.forRoot(cfg.repository().workDir()))
                .restore(
                        cfg.repository().path().resolve("production").resolve(m.backupId()),
                        m,
                        cfg.repository().encryptionKey(),
                        prod,
                        database,
                        2,
                        true,
                        ProgressListener.NONE);
        assertThat(outcome.check().status()).as(outcome.check().detail()).isEqualTo(CheckStatus.PASS);
        Sandboxes.finishLike(prod, database, DB);
    }

    @Test
    void aCopyOfTheVerifiedStagingDatabaseKeepsOwnersGrantsAndSettingsAndIsSwitchedInLikeARestore() throws Exception {
        Manifest m = backup();
        List<String> before = asTheApp();
        pg.execute(DB, "DELETE FROM app.notes WHERE body = 'written by the app'");
        restoreLikeProduction(m, STAGING, STAGING_WORKFLOW);

        assertThat(SandboxCopy.copy(prod, COPY)).as("copied").isEmpty();
        assertThat(SandboxCopy.copy(prod, COPY))
                .as("a retry replaces its own copy")
                .isEmpty();
        try (Connection side = Connections.open(prod, SIDE);
                Connection production = Connections.open(prod)) {
            List<CheckResult> checks =
                    new ArrayList<>(CopyChecks.run(side, m, cfg.verification(), ProgressListener.NONE));
            checks.addAll(VerificationActivitiesImpl.likeChecks(production, side));
            assertThat(checks)
                    .extracting(CheckResult::name)
                    .contains("tables_exist", "row_counts", "constraints", "owners_and_grants", "database_settings");
            assertThat(checks)
                    .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(CheckStatus.PASS));
            assertThat(OwnedDatabases.comment(production, SIDE)).contains(OwnedDatabases.sandboxMarker(WORKFLOW));
        }
        assertThat(new ProductionSwitch(prod, s -> {}).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
        assertThat(asTheApp())
                .as("the app role after the restore from the copy")
                .isEqualTo(before);
        assertThat(Sandboxes.drop(prod, STAGING, STAGING_WORKFLOW))
                .as("staging dropped as ever")
                .isTrue();
    }

    @Test
    void aCopyTheWorkerDiedInIsClaimedOnlyWhenTheServerShowsItIsACopyOfOurStagingDatabase() throws Exception {
        restoreLikeProduction(backup(), STAGING, STAGING_WORKFLOW);
        // The copy committed, its marker never followed (the worker was SIGKILLed during CREATE DATABASE).
        pg.execute("postgres", "CREATE DATABASE " + SIDE + " TEMPLATE " + STAGING + " OWNER " + OWNER_ROLE);
        assertThat(SandboxCopy.copy(prod, COPY))
                .as("claimed: a block copy of our staging database")
                .isEmpty();
        try (Connection c = Connections.open(prod)) {
            assertThat(OwnedDatabases.comment(c, SIDE)).contains(OwnedDatabases.sandboxMarker(WORKFLOW));
        }
        // Someone's database under that name, unmarked, empty or not: never claimed, never dropped.
        pg.execute(
                "postgres",
                "DROP DATABASE " + SIDE + " WITH (FORCE)",
                "CREATE DATABASE " + SIDE + " OWNER " + OWNER_ROLE);
        assertThatThrownBy(() -> SandboxCopy.copy(prod, COPY)).isInstanceOf(OwnedDatabases.OwnershipException.class);
        pg.execute(SIDE, "CREATE TABLE theirs (id int)");
        assertThatThrownBy(() -> SandboxCopy.copy(prod, COPY)).isInstanceOf(OwnedDatabases.OwnershipException.class);
        assertThatThrownBy(() -> Sandboxes.drop(prod, SIDE, WORKFLOW))
                .isInstanceOf(OwnedDatabases.OwnershipException.class);
        assertThat(pg.count(SIDE, "theirs")).isZero();
    }

    @Test
    void aRestoreUsesTheFreshDatabaseMadeForItAndRecreatesOneARestoreBegan() throws Exception {
        Sandboxes.create(prod, STAGING, STAGING_WORKFLOW, DB);
        long made = oid(STAGING);
        Sandboxes.prepare(prod, STAGING, STAGING_WORKFLOW, DB);
        assertThat(oid(STAGING))
                .as("fresh, ours, like production: used as it is")
                .isEqualTo(made);
        pg.execute(STAGING, "CREATE TABLE half_restored (id int)");
        Sandboxes.prepare(prod, STAGING, STAGING_WORKFLOW, DB);
        assertThat(oid(STAGING)).as("a restore had begun: created anew").isNotEqualTo(made);
        try (Connection c = Connections.open(prod)) {
            assertThat(OwnedDatabases.comment(c, STAGING)).contains(OwnedDatabases.sandboxMarker(STAGING_WORKFLOW));
        }
        long plain = oid(STAGING);
        Sandboxes.prepare(prod, STAGING, STAGING_WORKFLOW, "");
        assertThat(oid(STAGING)).as("fresh and plain: used as it is").isEqualTo(plain);
    }

    private long oid(String database) throws SQLException {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void aStagingDatabaseInUseOrNotOursIsNotCopied() throws Exception {
        restoreLikeProduction(backup(), STAGING, STAGING_WORKFLOW);
        try (Connection tester = Connections.open(prod, STAGING)) {
            assertThat(SandboxCopy.copy(prod, COPY))
                    .as("someone tests against staging")
                    .contains("other users");
        }
        try (Connection c = Connections.open(prod)) {
            assertThat(OwnedDatabases.comment(c, SIDE)).as("nothing created").isEmpty();
        }
        assertThatThrownBy(() ->
                        SandboxCopy.copy(prod, new CopyRequest("production", DB, STAGING_WORKFLOW, SIDE, WORKFLOW, DB)))
                .as("production itself is never a source")
                .isInstanceOf(OwnedDatabases.OwnershipException.class);
        pg.execute("postgres", "COMMENT ON DATABASE " + STAGING + " IS 'pgdrill:owner=someone-else'");
        assertThatThrownBy(() -> SandboxCopy.copy(prod, COPY))
                .isInstanceOf(OwnedDatabases.OwnershipException.class)
                .hasMessageContaining("not this restore's");
    }

    @Test
    void theApplicationRoleReadsAndWritesExactlyAsBeforeAfterARestoreRunByTheNonSuperuserOwner() throws Exception {
        Manifest m = backup();
        List<String> before = asTheApp();
        assertThat(before).contains("sees mine,also mine", "search_path app, public", "inserted");
        // What the backup does not have (the app's last row) is what the restore takes back: reset the app's view.
        pg.execute(DB, "DELETE FROM app.notes WHERE body = 'written by the app'");

        restoreSide(m);
        List<CheckResult> sideChecks;
        try (Connection side = Connections.open(prod, SIDE);
                Connection production = Connections.open(prod)) {
            sideChecks = new ArrayList<>(
                    new VerificationActivitiesImpl(cfg).verify(side, m, prod, SIDE, ProgressListener.NONE));
            sideChecks.addAll(VerificationActivitiesImpl.likeChecks(production, side));
        }
        assertThat(sideChecks)
                .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isNotEqualTo(CheckStatus.FAIL));

        try (Connection appSession = pg.connect(DB, APP_ROLE, APP_PASSWORD)) {
            assertThat(new ProductionSwitch(prod, s -> {}).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
            assertThat(appSession.isValid(2))
                    .as("the app's session was ended (pg_signal_backend)")
                    .isFalse();
        }
        try (Connection c = Connections.open(prod);
                Connection aside = Connections.open(prod, PRE)) {
            List<CheckResult> checks = ProductionChecks.run(
                    c, aside, m, Kind.RESTORED.marker(WORKFLOW), cfg.verification(), ProgressListener.NONE);
            assertThat(checks)
                    .allSatisfy(k -> assertThat(k.status()).as(k.toString()).isEqualTo(CheckStatus.PASS));
        }
        assertThat(asTheApp()).as("the app role after the restore").isEqualTo(before);
        assertThat(new ProductionSwitch(prod, s -> {}).commit(REQUEST)).isEqualTo(SwitchState.COMMITTED);
        assertThat(asTheApp()).contains("sees mine,also mine,written by the app");
    }

    @Test
    void anAppCheckConfiguredWithTheApplicationsRoleSeesWhatTheApplicationSees() throws Exception {
        // The owner bypasses row-level security and sees 3 rows; the application's role sees its 2.
        String sees2 = "DO $$ BEGIN IF (SELECT count(*) FROM app.notes) <> 2 THEN RAISE EXCEPTION 'sees %',"
                + " (SELECT count(*) FROM app.notes); END IF; END $$";
        List<String> psql = List.of(pg.binDir().resolve("psql").toString(), "-X", "-v", "ON_ERROR_STOP=1", "-c", sees2);
        PgdrillConfig.AppCheck asApp = new PgdrillConfig.AppCheck(
                "as_app",
                psql,
                "",
                Duration.ofMinutes(1),
                List.of(),
                APP_ROLE,
                Optional.of(new Secret("${SHOP_APP_PW}", APP_PASSWORD)));
        PgdrillConfig.AppCheck asOwner =
                new PgdrillConfig.AppCheck("as_owner", psql, "", Duration.ofMinutes(1), List.of());
        Path reports = Files.createDirectories(dir.resolve("reports-root"));
        assertThat(AppChecks.run(asApp, prod, DB, reports).status()).isEqualTo(CheckStatus.PASS);
        assertThat(AppChecks.run(asOwner, prod, DB, reports))
                .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.FAIL))
                .satisfies(c -> assertThat(c.detail()).contains("sees 3"));
    }

    @Test
    void aSideDatabaseThatLostAGrantFailsItsChecksBeforeAnySwitch() throws Exception {
        Manifest m = backup();
        restoreSide(m);
        pg.execute(SIDE, "REVOKE INSERT ON app.notes FROM " + APP_ROLE);
        try (Connection side = Connections.open(prod, SIDE);
                Connection production = Connections.open(prod)) {
            List<CheckResult> checks =
                    new VerificationActivitiesImpl(cfg).verify(side, m, prod, SIDE, ProgressListener.NONE);
            assertThat(checks).as("the data is right").noneMatch(c -> c.status() == CheckStatus.FAIL);
            assertThat(VerificationActivitiesImpl.likeChecks(production, side))
                    .filteredOn(c -> c.name().equals("owners_and_grants"))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
                        assertThat(c.detail()).contains("r app.notes").contains("grant " + APP_ROLE + " INSERT");
                    });
        }
    }

    @Test
    void withoutPgSignalBackendTheSwitchCannotEndTheAppsSessionsAndLeavesProductionOpenAsItWas() throws Exception {
        restoreSide(backup());
        pg.execute("postgres", "REVOKE pg_signal_backend FROM " + OWNER_ROLE);
        try (Connection appSession = pg.connect(DB, APP_ROLE, APP_PASSWORD)) {
            assertThatThrownBy(() -> new ProductionSwitch(prod, s -> {}).switchTo(REQUEST))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("terminate");
            assertThat(appSession.isValid(2))
                    .as("the app's session is untouched")
                    .isTrue();
        }
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + DB + "'")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("production takes connections").isTrue();
            assertThat(OwnedDatabases.comment(c, DB)).contains("");
            assertThat(OwnedDatabases.comment(c, SIDE)).contains(OwnedDatabases.sandboxMarker(WORKFLOW));
        }
        assertThat(asTheApp()).contains("sees mine,also mine");
    }
}
