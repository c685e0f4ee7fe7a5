package dev.pgdrill.activities.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.FileTrees;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PgBackRestStanza;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster-level switch against a real stanza and a real production cluster (the stanza's own): a side
 * cluster restored to a time between two transactions, swapped into production's data directory and committed;
 * and before that, a failure injected after each step of the swap, each followed by the way back, ending with
 * production up on its port, on its own data, and no side cluster left. The failures run first: the happy path
 * commits, and production is the restored cluster from then on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SideClustersIT {
    private static final List<String> STEPS = List.of(
            "state switching", "stop side", "stop production", "rename production", "move side", "start production");

    private static PgBackRestStanza stanza;
    private static PostgresCluster pg;
    private static PgdrillConfig config;
    private static Path workDir;
    private static Path repository;
    private static String full;
    private static String incident;

    @BeforeAll
    static void stanzaWithAFullBackupThenTwoTransactions() throws Exception {
        stanza = PgBackRestStanza.create("sw");
        pg = stanza.cluster();
        SampleData.createSampleApp(pg, "app");
        pg.execute("app", "CREATE TABLE incident (id int PRIMARY KEY)");
        full = stanza.backup("full");
        pg.execute("app", "INSERT INTO incident VALUES (1)");
        try (Connection c = pg.connect("app");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            incident = rs.getObject(1, OffsetDateTime.class).toInstant().toString();
        }
        pg.execute("app", "INSERT INTO incident VALUES (2)");
        stanza.switchWalAndWaitArchived();
        workDir = Path.of(
                System.getProperty("java.io.tmpdir"),
                "pgdrill-it-sw-work-" + ProcessHandle.current().pid());
        repository = Files.createTempDirectory("pgdrill-it-sw-repo-");
        String yaml = TestConfigs.yaml(pg, repository, "x:1")
                .replace(
                        "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\" }",
                        "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\","
                                + " source: { kind: pgbackrest, stanza: sw, configFile: \"" + stanza.configFile()
                                + "\", dataDirectory: \"" + pg.dataDir() + "\" } }")
                .replace("repository: { path: \"", "repository: { workDir: \"" + workDir + "\", path: \"");
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

    @Test
    @Order(0)
    void aWorkerWhoseLocalDataDirectoryIsNotTheProfilesServerRefusesBeforeAnything() throws Exception {
        // Another server (a standby's host, say) at the profile's address: the data directory on this host is not it.
        try (PostgresCluster elsewhere = PostgresCluster.start()) {
            elsewhere.createDatabase("app");
            PgdrillConfig wrongHost = TestConfigs.parse(
                    TestConfigs.yaml(pg, repository, "x:1")
                            .replace(
                                    "port: " + pg.port() + ", database: app",
                                    "port: " + elsewhere.port() + ", database: app")
                            .replace(
                                    "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV
                                            + "}\" }",
                                    "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV
                                            + "}\", source: { kind: pgbackrest, stanza: sw, configFile: \""
                                            + stanza.configFile() + "\", dataDirectory: \"" + pg.dataDir() + "\" } }")
                            .replace("repository: { path: \"", "repository: { workDir: \"" + workDir + "\", path: \""),
                    workDir.getParent());
            SideClusterRequest r = request("0000000f", "20260101T000009Z");
            assertThatThrownBy(() -> new SideClusters(wrongHost).prepare(r, ProgressListener.NONE))
                    .isInstanceOf(ActivityException.class)
                    .hasMessageContaining("must run on production's host")
                    .hasMessageContaining("production untouched");
            assertThat(sideFolders()).as("side clusters").isEmpty();
            assertThat(ids()).as("production's own data, up").containsExactly(1, 2);
        }
    }

    @Test
    @Order(1)
    void aFailureAfterAnyStepOfTheSwapEndsWithProductionUpOnItsOwnData() throws Exception {
        SideClusters sides = new SideClusters(config);
        for (int i = 0; i < STEPS.size(); i++) {
            String failAt = STEPS.get(i);
            SideClusterRequest r = request("0000000" + i, "20260101T00000" + i + "Z");
            assertThat(Verdicts.of(sides.prepare(r, ProgressListener.NONE).checks()))
                    .isEqualTo(Verdict.PASS);
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> sides.switchForward(r, ProgressListener.NONE, step -> {
                        seen.add(step);
                        if (step.equals(failAt)) {
                            throw new IOException("injected after " + step);
                        }
                    }))
                    .as(failAt)
                    .hasMessageContaining("injected after " + failAt);
            if (i == 3) {
                // A retry continues from the host's state (here: P renamed, the side not yet moved) to the end.
                assertThat(sides.switchForward(r, ProgressListener.NONE, s -> {}))
                        .isEqualTo(SwitchState.SWITCHED);
                assertThat(ids())
                        .as("the restored cluster serves production's port")
                        .containsExactly(1);
            }
            SwitchState back = sides.switchBack(r, ProgressListener.NONE, s -> {});
            boolean replaced = i >= STEPS.indexOf("move side") || i == 3;
            assertThat(back).as(failAt).isEqualTo(replaced ? SwitchState.SWITCHED_BACK : SwitchState.PREPARED);
            assertThat(ids())
                    .as("production's own data after a failure at " + failAt)
                    .containsExactly(1, 2);
            assertThat(Files.exists(failed(r))).as(failAt).isEqualTo(replaced);
            assertThat(Files.exists(preRestore(r))).as(failAt).isFalse();
            sides.discard(r, ProgressListener.NONE);
            assertThat(sideFolders()).as("side clusters left after " + failAt).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aSideClusterRestoredToTheIncidentTimeReplacesProductionAndIsCommitted() throws Exception {
        SideClusters sides = new SideClusters(config);
        SideClusterRequest r = request("abcdef01", "20260102T000000Z");
        List<CheckResult> prepared =
                new ArrayList<>(sides.prepare(r, ProgressListener.NONE).checks());
        prepared.addAll(sides.verifySide(r, ProgressListener.NONE));
        assertThat(Verdicts.of(prepared)).as(prepared.toString()).isEqualTo(Verdict.PASS);
        assertThat(ids()).as("production untouched while prepared").containsExactly(1, 2);

        assertThat(sides.switchForward(r, ProgressListener.NONE, s -> {})).isEqualTo(SwitchState.SWITCHED);
        assertThat(sides.switchForward(r, ProgressListener.NONE, s -> {})).isEqualTo(SwitchState.SWITCHED);
        assertThat(ids()).as("production at the incident time").containsExactly(1);
        List<CheckResult> verified = sides.verifyProduction(r, ProgressListener.NONE);
        assertThat(Verdicts.of(verified)).as(verified.toString()).isEqualTo(Verdict.PASS);
        assertThat(verified).anySatisfy(c -> assertThat(c.name()).isEqualTo("production_marker"));

        assertThat(sides.commit(r, ProgressListener.NONE, s -> {})).isEqualTo(SwitchState.COMMITTED);
        assertThat(sides.commit(r, ProgressListener.NONE, s -> {})).isEqualTo(SwitchState.COMMITTED);
        assertThat(sideFolders()).isEmpty();
        assertThat(preRestore(r).resolve("PG_VERSION"))
                .as("the old data directory is kept")
                .exists();
        assertThat(pg.dataDir().resolve(SideCluster.RESTORED)).doesNotExist();
        assertThatThrownBy(() -> sides.switchBack(r, ProgressListener.NONE, s -> {}))
                .isInstanceOf(ClusterSwitch.StateException.class); // committed: never undone (no state: refused)
        // Archiving resumed on the new timeline: a segment reaches the stanza.
        stanza.switchWalAndWaitArchived();
        try (Stream<Path> files = Files.walk(stanza.repo().resolve("archive"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("0000000[2-9]\\.history"));
        }
    }

    private static SideClusterRequest request(String side, String stamp) {
        return new SideClusterRequest("production", full, side, incident, stamp, "side-clusters-it");
    }

    private static Path failed(SideClusterRequest r) {
        return pg.dataDir().resolveSibling("data.failed_restore_" + r.stamp());
    }

    private static Path preRestore(SideClusterRequest r) {
        return pg.dataDir().resolveSibling("data.pre_restore_" + r.stamp());
    }

    private static List<Path> sideFolders() throws IOException {
        try (Stream<Path> s = Files.list(pg.dataDir().getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("data.pgdrill-"))
                    .toList();
        }
    }

    private static List<Integer> ids() throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = pg.connect("app");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM incident ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
