package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch protocol statement by statement: a crash (the worker killed: nothing more runs) or a failure
 * after every statement of the switch and of the switch back, each followed by what the workflow would do
 * next (the activity's retry, or a switch back), ends in a true state: switched, or production exactly as it
 * was (the same database, its own comment, open), never anything in between.
 */
@ExtendWith(PostgresExtension.class)
class ProductionSwitchIT {
    private static final String OWNER = "emergency-restore-production@20260117T093000Z-0a1b2c-side";
    private static final String SIDE = "app__pgdrill_0a1b2c3d";
    private static final String PRE = "app__pre_restore_20260117t093000z";
    private static final String FAILED = "app__failed_restore_20260117t093000z";
    private static final String COMMENT = "the shop's orders\nowned by the web team";
    private static final SwitchRequest REQUEST = new SwitchRequest("production", SIDE, PRE, FAILED, OWNER);
    private static final int SWITCH_STATEMENTS = 10;
    private static final int SWITCH_BACK_STATEMENTS = 10;
    private static boolean templatesMade;
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private DatabaseProfile prod;
    private long productionOid;
    private long sideOid;

    ProductionSwitchIT(PostgresCluster pg) {
        this.pg = pg;
    }

    /** A crash: the worker is gone, nothing more of that attempt runs (not even its failure handling). */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(String after) {
            super("worker killed after: " + after);
        }
    }

    /** Fails once, at statement {@code at} (1-based), as a crash or as a failing statement. */
    private static SwitchServer.Listener failAt(int at, boolean crash, List<String> seen) {
        return statement -> {
            seen.add(statement);
            if (seen.size() == at) {
                if (crash) {
                    throw new Crash(statement);
                }
                throw new SQLException("injected failure after: " + statement, "XX000");
            }
        };
    }

    private ProductionSwitch sw(SwitchServer.Listener l) {
        return new ProductionSwitch(prod, l);
    }

    private ProductionSwitch sw() {
        return sw(statement -> {});
    }

    @BeforeEach
    void setUp() throws Exception {
        PgdrillConfig cfg =
                TestConfigs.parse(TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("r")), "x:1"), dir);
        prod = cfg.profile("production");
        if (!templatesMade) {
            // Production (with a row written after the backup) and the replacement (the backup restored).
            SampleData.createSampleApp(pg, "switch_tpl_prod");
            pg.execute("switch_tpl_prod", "INSERT INTO organizations (name) VALUES ('written after the backup')");
            SampleData.createSampleApp(pg, "switch_tpl_side");
            templatesMade = true;
        }
        reset();
    }

    /** Production and a prepared side database, as an emergency restore has them right before the switch. */
    private void reset() {
        for (String db : List.of("app", SIDE, PRE, FAILED)) {
            pg.execute("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
        }
        pg.execute(
                "postgres",
                "CREATE DATABASE app TEMPLATE switch_tpl_prod",
                "COMMENT ON DATABASE app IS '" + COMMENT.replace("'", "''") + "'",
                "CREATE DATABASE \"" + SIDE + "\" TEMPLATE switch_tpl_side",
                "COMMENT ON DATABASE \"" + SIDE + "\" IS '" + OwnedDatabases.sandboxMarker(OWNER) + "'");
        productionOid = oid("app");
        sideOid = oid(SIDE);
    }

    private long oid(String db) {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String comment(String db) throws SQLException {
        try (Connection c = pg.connect("postgres")) {
            return OwnedDatabases.comment(c, db).orElse("<absent>");
        }
    }

    private boolean open(String db) throws SQLException {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Production is the database it was, with its own comment, taking connections; nothing else moved. */
    private void assertProductionAsBefore() throws SQLException {
        assertThat(oid("app")).as("production is its own database").isEqualTo(productionOid);
        assertThat(comment("app")).as("with its own comment").isEqualTo(COMMENT);
        try (Connection c = pg.connect("app")) {
            assertThat(c.isValid(2)).as("production takes connections").isTrue();
        }
        assertThat(oid(PRE)).as("nothing set aside").isZero();
    }

    /** The replacement is production, open; the old production kept under its pre-restore name, open. */
    private void assertSwitched() throws SQLException {
        assertThat(oid("app")).as("the replacement holds production's name").isEqualTo(sideOid);
        assertThat(comment("app")).isEqualTo(Kind.RESTORED.marker(OWNER));
        assertThat(open("app")).as("production takes connections").isTrue();
        assertThat(oid(PRE)).as("the old production is kept").isEqualTo(productionOid);
        assertThat(OwnedDatabases.markerLine(comment(PRE))).startsWith("pgdrill:switching-out-of=app by ");
        assertThat(open(PRE)).as("the old production can be read (its dump)").isTrue();
        assertThat(oid(SIDE)).isZero();
    }

    /** After a switch back: production as before, and the replacement kept aside or back as a prepared side. */
    private void assertSwitchedBack(SwitchState state) throws SQLException {
        assertProductionAsBefore();
        if (state == SwitchState.SWITCHED_BACK) {
            assertThat(oid(FAILED))
                    .as("the replacement kept for the post-mortem")
                    .isEqualTo(sideOid);
            assertThat(comment(FAILED)).isEqualTo(Kind.FAILED_RESTORE.marker(OWNER));
            assertThat(open(FAILED)).isTrue();
        } else {
            assertThat(state).isEqualTo(SwitchState.PREPARED);
            assertThat(oid(SIDE)).as("the side database as prepared").isEqualTo(sideOid);
            assertThat(comment(SIDE)).isEqualTo(OwnedDatabases.sandboxMarker(OWNER));
            assertThat(open(SIDE)).isTrue();
            assertThat(oid(FAILED)).isZero();
        }
    }

    private List<Manifest.TableEntry> contents(String db) throws Exception {
        try (Connection c = Connections.open(prod, db)) {
            return DatabaseContents.read(c, List.of(), n -> {}).tables();
        }
    }

    @Test
    void switchesCommitsAndLosesNothingAndACommittedSwitchIsNeverSwitchedBack() throws Exception {
        List<Manifest.TableEntry> productionBefore = contents("app");
        List<Manifest.TableEntry> replacementBefore = contents(SIDE);
        assertThat(productionBefore).isNotEqualTo(replacementBefore);
        List<String> statements = new ArrayList<>();
        try (Connection appSession = pg.connect("app")) {
            assertThat(sw(statements::add).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
            assertThat(appSession.isValid(2))
                    .as("sessions on the old production were ended")
                    .isFalse();
        }
        assertThat(statements).hasSize(SWITCH_STATEMENTS);
        assertSwitched();
        assertThat(contents("app")).as("production now holds the replacement").isEqualTo(replacementBefore);
        assertThat(contents(PRE)).as("the old production is kept, every row").isEqualTo(productionBefore);
        assertThat(sw().switchTo(REQUEST))
                .as("a retried activity changes nothing")
                .isEqualTo(SwitchState.SWITCHED);
        assertSwitched();

        assertThat(sw().commit(REQUEST)).isEqualTo(SwitchState.COMMITTED);
        assertThat(comment("app")).as("production has its own comment again").isEqualTo(COMMENT);
        assertThat(comment(PRE))
                .isEqualTo(OwnedDatabases.withOriginal(OwnedDatabases.preRestoreMarker("app", OWNER), COMMENT));
        assertThat(sw().commit(REQUEST)).isEqualTo(SwitchState.COMMITTED);
        assertThat(sw().switchTo(REQUEST)).isEqualTo(SwitchState.COMMITTED);
        assertThatThrownBy(() -> sw().switchBack(REQUEST))
                .isInstanceOf(SwitchStateException.class)
                .hasMessageContaining("was committed");
        assertThat(oid("app")).isEqualTo(sideOid);
        assertThatThrownBy(() -> Sandboxes.drop(prod, "app", OWNER))
                .as("the new production is no sandbox")
                .isInstanceOf(OwnershipException.class);
    }

    @Test
    void switchesBackLosingNothing() throws Exception {
        List<Manifest.TableEntry> productionBefore = contents("app");
        sw().switchTo(REQUEST);
        assertThat(sw().switchBack(REQUEST)).isEqualTo(SwitchState.SWITCHED_BACK);
        assertSwitchedBack(SwitchState.SWITCHED_BACK);
        assertThat(contents("app")).as("production as it was").isEqualTo(productionBefore);
        assertThat(sw().switchBack(REQUEST)).as("idempotent").isEqualTo(SwitchState.SWITCHED_BACK);
        assertSwitchedBack(SwitchState.SWITCHED_BACK);
    }

    @TestFactory
    Stream<DynamicTest> aCrashAfterAnyStatementOfTheSwitchThenTheRetryFinishesTheSwitch() {
        return IntStream.rangeClosed(1, SWITCH_STATEMENTS)
                .mapToObj(k -> dynamicTest("crash after statement " + k, () -> {
                    reset();
                    List<String> seen = new ArrayList<>();
                    assertThatThrownBy(() -> sw(failAt(k, true, seen)).switchTo(REQUEST))
                            .isInstanceOf(Crash.class);
                    assertThat(sw().switchTo(REQUEST))
                            .as("after " + seen.get(k - 1))
                            .isEqualTo(SwitchState.SWITCHED);
                    assertSwitched();
                }));
    }

    @TestFactory
    Stream<DynamicTest> aCrashAfterAnyStatementOfTheSwitchThenASwitchBackRestoresProduction() {
        return IntStream.rangeClosed(1, SWITCH_STATEMENTS)
                .mapToObj(k -> dynamicTest("crash after statement " + k, () -> {
                    reset();
                    List<String> seen = new ArrayList<>();
                    assertThatThrownBy(() -> sw(failAt(k, true, seen)).switchTo(REQUEST))
                            .isInstanceOf(Crash.class);
                    SwitchState back = sw().switchBack(REQUEST);
                    assertThat(back)
                            .as("after " + seen.get(k - 1))
                            .isEqualTo(k >= 8 ? SwitchState.SWITCHED_BACK : SwitchState.PREPARED);
                    assertSwitchedBack(back);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aFailingStatementOfTheSwitchLeavesProductionOpenThenTheRetryFinishes() {
        return IntStream.rangeClosed(1, SWITCH_STATEMENTS)
                .mapToObj(k -> dynamicTest("failure at statement " + k, () -> {
                    reset();
                    List<String> seen = new ArrayList<>();
                    assertThatThrownBy(() -> sw(failAt(k, false, seen)).switchTo(REQUEST))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("injected");
                    if (k < 8) {
                        // Before the replacement took production's name: back to the start, production as it was.
                        assertSwitchedBack(SwitchState.PREPARED);
                    } else {
                        // The replacement holds production's name: the switch went on to reopen it.
                        assertSwitched();
                    }
                    assertThat(sw().switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
                    assertSwitched();
                }));
    }

    @TestFactory
    Stream<DynamicTest> aCrashAfterAnyStatementOfTheSwitchBackThenTheRetryFinishesIt() {
        return IntStream.rangeClosed(1, SWITCH_BACK_STATEMENTS)
                .mapToObj(k -> dynamicTest("crash after statement " + k, () -> {
                    reset();
                    sw().switchTo(REQUEST);
                    List<String> seen = new ArrayList<>();
                    assertThatThrownBy(() -> sw(failAt(k, true, seen)).switchBack(REQUEST))
                            .isInstanceOf(Crash.class);
                    assertThat(sw().switchBack(REQUEST))
                            .as("after " + seen.get(k - 1))
                            .isEqualTo(SwitchState.SWITCHED_BACK);
                    assertSwitchedBack(SwitchState.SWITCHED_BACK);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aFailingStatementOfTheSwitchBackThenTheRetryFinishesIt() {
        return IntStream.rangeClosed(1, SWITCH_BACK_STATEMENTS)
                .mapToObj(k -> dynamicTest("failure at statement " + k, () -> {
                    reset();
                    sw().switchTo(REQUEST);
                    List<String> seen = new ArrayList<>();
                    assertThatThrownBy(() -> sw(failAt(k, false, seen)).switchBack(REQUEST))
                            .isInstanceOf(SQLException.class);
                    if (oid("app") != 0) {
                        assertThat(open("app"))
                                .as("whatever holds production's name takes connections")
                                .isTrue();
                    }
                    assertThat(sw().switchBack(REQUEST)).isEqualTo(SwitchState.SWITCHED_BACK);
                    assertSwitchedBack(SwitchState.SWITCHED_BACK);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aCrashAfterAnyStatementOfTheCommitThenTheRetryCommits() {
        return IntStream.rangeClosed(1, 2)
                .mapToObj(k -> dynamicTest("crash after statement " + k, () -> {
                    reset();
                    sw().switchTo(REQUEST);
                    assertThatThrownBy(
                                    () -> sw(failAt(k, true, new ArrayList<>())).commit(REQUEST))
                            .isInstanceOf(Crash.class);
                    assertThatThrownBy(() -> sw().switchBack(REQUEST))
                            .as("committed from the first statement on")
                            .isInstanceOf(SwitchStateException.class);
                    assertThat(sw().commit(REQUEST)).isEqualTo(SwitchState.COMMITTED);
                    assertThat(comment("app")).isEqualTo(COMMENT);
                    assertThat(oid("app")).isEqualTo(sideOid);
                }));
    }

    @Test
    void refusesAReplacementThatIsNotThisRestoresAndLeavesProductionAlone() throws Exception {
        pg.execute("postgres", "COMMENT ON DATABASE \"" + SIDE + "\" IS 'someone else''s'");
        assertThatThrownBy(() -> sw().switchTo(REQUEST))
                .isInstanceOf(OwnershipException.class)
                .hasMessageContaining("production left as it was");
        assertProductionAsBefore();
    }

    @Test
    void refusesProductionThatAnotherRestoreIsSwitchingAndTouchesNothing() throws Exception {
        String other =
                OwnedDatabases.switchingOutMarker("app", "emergency-restore-production@20260101T000000Z-ffffff-side");
        pg.execute("postgres", "COMMENT ON DATABASE app IS '" + other + "'");
        assertThatThrownBy(() -> sw().switchTo(REQUEST))
                .isInstanceOf(SwitchStateException.class)
                .hasMessageContaining("another restore");
        assertThat(comment("app")).isEqualTo(other);
        assertThat(open("app")).isTrue();
        assertThat(comment(SIDE)).as("the side database as prepared").isEqualTo(OwnedDatabases.sandboxMarker(OWNER));
        assertThat(open(SIDE)).isTrue();
    }
}
