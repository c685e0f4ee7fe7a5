package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PgBackRestStanza;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pgBackRest profile end to end: `backup run` takes a set with pgbackrest, `drill run --database` restores
 * it into an ephemeral cluster and PASSes leaving nothing behind, a point-in-time drill and an emergency restore
 * (rejected, then approved: a cluster-level swap) land at the incident time, and a damaged set FAILs naming the check.
 */
@ExtendWith(TemporalExtension.class)
class PhysicalDrillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    PhysicalDrillIT(TemporalDevServer temporal) {
        this.temporal = temporal;
    }

    @Test
    void aStanzaIsBackedUpDrilledInAnEphemeralClusterAndADamagedSetFails() throws Exception {
        Path work = Path.of(
                System.getProperty("java.io.tmpdir"),
                "pgdrill-e2e-work-" + ProcessHandle.current().pid());
        // The catalog on a server of its own: a cluster-level restore takes every database of production's cluster
        // back to the incident time, so pgdrill refuses one whose catalog is there.
        try (PgBackRestStanza stanza = PgBackRestStanza.create("e2e");
                PostgresCluster catalog = PostgresCluster.start()) {
            PostgresCluster pg = stanza.cluster();
            SampleData.createSampleApp(pg, "app");
            catalog.createDatabase("pgdrill_catalog");
            pg.execute("app", "CREATE TABLE incident (id int PRIMARY KEY)");
            String yaml = TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("repo")), temporal.address())
                            .replace(
                                    "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV
                                            + "}\" }",
                                    "database: app, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\","
                                            + " source: { kind: pgbackrest, stanza: e2e, configFile: \""
                                            + stanza.configFile()
                                            + "\", dataDirectory: \""
                                            + pg.dataDir()
                                            + "\" } }")
                            .replace("repository: { path: \"", "repository: { workDir: \"" + work + "\", path: \"")
                            .replace(
                                    "ops: { role: catalog, host: " + PostgresCluster.HOST + ", port: " + pg.port(),
                                    "ops: { role: catalog, host: " + PostgresCluster.HOST + ", port: " + catalog.port())
                    // Holds while the table is empty; once the incident's rows exist, only with exactly the first.
                    + "verification: { assertions: [ { name: lands_at_incident_time, sql: \"SELECT coalesce((SELECT"
                    + " array_agg(id ORDER BY id) FROM incident), '{1}') = '{1}'\" } ] }\n";
            String config = TestConfigs.write(yaml, dir).toString();
            assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                    .isZero();
            try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
                worker.awaitLog(l -> l.contains("RestoreDrillWorkflow"), Duration.ofSeconds(60));
                Pgdrill.Result backup = pgdrill.cli(
                        "backup", "run", "--database", "production", "--config", config, "--wait", "--json");
                assertThat(backup.exitCode()).as(backup.all()).isZero();
                String label = stanza.labels().get(0);
                assertThat(backup.stdout()).contains("pgBackRest set " + label);
                Pgdrill.Result sets = pgdrill.cli("backups", "list", "--database", "production", "--config", config);
                assertThat(sets.exitCode()).as(sets.all()).isZero();
                assertThat(sets.stdout()).contains(label).contains("full"); // the stanza's own list, by the worker

                Pgdrill.Result pass = pgdrill.cli(
                        "drill", "run", "--database", "production", "--latest", "--config", config, "--wait", "--json");
                assertThat(pass.exitCode()).as(pass.all()).isZero();
                JsonNode r = JSON.readTree(pass.stdout());
                assertThat(r.get("backupId").asText()).isEqualTo(label);
                assertThat(r.get("verdict").asText()).isEqualTo("PASS");
                assertThat(r.get("checks"))
                        .extracting(c -> c.get("name").asText())
                        .contains(
                                "pgbackrest_verify",
                                "backup_wal",
                                "restore",
                                "cluster_starts",
                                "constraints",
                                "amcheck");
                assertThat(clusters(work)).as("clusters left behind").isEmpty();

                // To the incident time: between two committed transactions, from the set before them.
                pg.execute("app", "INSERT INTO incident VALUES (1)");
                String incident;
                try (Connection c = pg.connect("app");
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
                    rs.next();
                    incident = rs.getObject(1, OffsetDateTime.class).toInstant().toString();
                }
                pg.execute("app", "INSERT INTO incident VALUES (2)");
                stanza.switchWalAndWaitArchived();
                Pgdrill.Result pitr = pgdrill.cli(
                        "drill",
                        "run",
                        "--database",
                        "production",
                        "--target-time",
                        incident,
                        "--config",
                        config,
                        "--wait",
                        "--json");
                assertThat(pitr.exitCode()).as(pitr.all()).isZero();
                JsonNode checks = JSON.readTree(pitr.stdout()).get("checks");
                assertThat(checks) // recovered to the target, and the second transaction is not there
                        .anySatisfy(c -> assertThat(c.get("name").asText() + " "
                                        + c.get("detail").asText())
                                .startsWith("restore to " + incident + ", files in "))
                        .anySatisfy(c -> assertThat(c.get("name").asText() + " "
                                        + c.get("status").asText())
                                .isEqualTo("assertion:lands_at_incident_time PASS"));
                assertThat(clusters(work)).as("clusters left behind").isEmpty();

                emergencyRestoreLandsAtTheIncidentTime(pg, config, incident);

                Path damaged = stanza.backupFile(label, "global/pg_control");
                byte[] bytes = Files.readAllBytes(damaged);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(damaged, bytes);
                Pgdrill.Result fail = pgdrill.cli(
                        "drill", "run", "--database", "production", "--backup", label, "--config", config, "--wait");
                assertThat(fail.exitCode()).as(fail.all()).isEqualTo(1);
                assertThat(fail.stdout())
                        .contains("FAIL")
                        .contains("pgbackrest_verify")
                        .contains("checksum invalid");
                assertThat(clusters(work)).as("clusters left behind").isEmpty();

                // Without production's data directory, the cluster switch is refused before anything starts.
                String noDataDir = TestConfigs.write(
                                yaml.replace(", dataDirectory: \"" + pg.dataDir() + "\"", ""),
                                Files.createDirectories(dir.resolve("nodatadir")))
                        .toString();
                Pgdrill.Result refused = pgdrill.cli(
                        "restore",
                        "start",
                        "--target",
                        "production",
                        "--requested-by",
                        "alice",
                        "--reason",
                        "test",
                        "--config",
                        noDataDir);
                assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
                assertThat(refused.stderr())
                        .contains("databases.production.source.dataDirectory")
                        .contains("nothing was started");

                // Without an incident time ("now" is past the archived WAL), and with the catalog on production's
                // cluster (it would go back in time with it): refused before anything starts.
                Pgdrill.Result noTime = pgdrill.cli(
                        "restore",
                        "start",
                        "--target",
                        "production",
                        "--requested-by",
                        "alice",
                        "--reason",
                        "test",
                        "--config",
                        config);
                assertThat(noTime.exitCode()).as(noTime.all()).isEqualTo(2);
                assertThat(noTime.stderr()).contains("--incident-time is required");
                String catalogThere = TestConfigs.write(
                                yaml.replace("port: " + catalog.port(), "port: " + pg.port()),
                                Files.createDirectories(dir.resolve("catalogthere")))
                        .toString();
                Pgdrill.Result sameCluster = pgdrill.cli(
                        "restore",
                        "start",
                        "--target",
                        "production",
                        "--requested-by",
                        "alice",
                        "--reason",
                        "test",
                        "--incident-time",
                        "2026-01-17T09:30:00Z",
                        "--config",
                        catalogThere);
                assertThat(sameCluster.exitCode()).as(sameCluster.all()).isEqualTo(2);
                assertThat(sameCluster.stderr()).contains("pgdrill's catalog").contains("nothing was started");
            }
        } finally {
            deleteTree(work);
        }
    }

    /**
     * An emergency restore to the incident time: rejected first (production untouched, the prepared side cluster
     * removed), then approved: production, on its port, holds the first transaction and not the second, on a
     * newer timeline, with its old data directory kept and no side cluster left.
     */
    private void emergencyRestoreLandsAtTheIncidentTime(PostgresCluster pg, String config, String incident)
            throws Exception {
        startRestore(config, incident);
        EmergencyFixture.awaitStatus(
                pgdrill, config, EmergencyFixture.ID, Set.of("AWAITING_APPROVAL"), Duration.ofMinutes(3));
        assertThat(siblings(pg, ".pgdrill-")).as("the prepared side cluster").hasSize(1);
        Pgdrill.Result rejected = pgdrill.cli(
                "restore", "reject", EmergencyFixture.ID, "--config", config, "--approver", "bob", "--reason", "test");
        assertThat(rejected.exitCode()).as(rejected.all()).isZero();
        JsonNode done = EmergencyFixture.awaitStatus(
                pgdrill, config, EmergencyFixture.ID, Set.of("COMPLETED", "FAILED"), Duration.ofMinutes(2));
        assertThat(done.get("outcome").asText()).as(done.toString()).isEqualTo("REJECTED");
        assertThat(siblings(pg, ".pgdrill-"))
                .as("side clusters left after a rejection")
                .isEmpty();
        assertThat(ids(pg)).as("production untouched").containsExactly(1, 2);
        long timeline = timeline(pg);

        startRestore(config, incident);
        EmergencyFixture.awaitStatus(
                pgdrill, config, EmergencyFixture.ID, Set.of("AWAITING_APPROVAL"), Duration.ofMinutes(3));
        Pgdrill.Result approved = pgdrill.cli(
                "restore",
                "approve",
                EmergencyFixture.ID,
                "--config",
                config,
                "--approver",
                "bob",
                "--phrase",
                "RESTORE PRODUCTION");
        assertThat(approved.exitCode()).as(approved.all()).isZero();
        done = EmergencyFixture.awaitStatus(
                pgdrill, config, EmergencyFixture.ID, Set.of("COMPLETED", "FAILED"), Duration.ofMinutes(3));
        assertThat(done.get("outcome").asText()).as(done.toString()).isEqualTo("RESTORED");
        assertThat(ids(pg)).as("production at the incident time").containsExactly(1);
        assertThat(timeline(pg)).as("production's timeline").isGreaterThan(timeline);
        assertThat(siblings(pg, ".pre_restore_"))
                .as("the old data directory, kept")
                .hasSize(1);
        assertThat(siblings(pg, ".pgdrill-")).as("side clusters left").isEmpty();
    }

    private void startRestore(String config, String incident) throws Exception {
        Pgdrill.Result started = pgdrill.cli(
                "restore",
                "start",
                "--target",
                "production",
                "--incident-time",
                incident,
                "--requested-by",
                "carol",
                "--reason",
                "the second transaction was the incident",
                "--config",
                config);
        assertThat(started.exitCode()).as(started.all()).isZero();
    }

    private static List<Path> siblings(PostgresCluster pg, String infix) throws Exception {
        String prefix = pg.dataDir().getFileName() + infix;
        try (Stream<Path> s = Files.list(pg.dataDir().getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static List<Integer> ids(PostgresCluster pg) throws Exception {
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

    private static long timeline(PostgresCluster pg) throws Exception {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Path> clusters(Path work) throws Exception {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(work, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cluster-"))
                    .toList();
        }
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
