package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An emergency restore while the application writes to production every 20 ms and reconnects when its
 * session is ended: the restore completes and stays (no switch back), and every write that reached the old
 * production before the switch is in the kept database and in its pre-restore dump.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class LiveTrafficRestoreIT {
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;

    @TempDir
    Path dir;

    private EmergencyFixture f;

    LiveTrafficRestoreIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new EmergencyFixture(pg, temporal, dir);
        // The app's own log of writes: each row says which database (by oid) it was committed to.
        pg.execute(
                "app", "CREATE TABLE writes (id bigserial PRIMARY KEY, db oid NOT NULL, at timestamptz DEFAULT now())");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** The application: one insert every 20 ms, reconnecting (every 20 ms) whenever its session is gone. */
    static final class Writer implements Runnable {
        /** Each committed write: {id, the oid of the database it was committed to} (ids restart per database). */
        final List<long[]> committed = new CopyOnWriteArrayList<>();

        final AtomicInteger failures = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        private final PostgresCluster pg;

        Writer(PostgresCluster pg) {
            this.pg = pg;
        }

        @Override
        public void run() {
            Connection c = null;
            while (!stop.get()) {
                try {
                    if (c == null) {
                        c = pg.connect("app");
                    }
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("INSERT INTO writes (db) SELECT oid FROM pg_database"
                                    + " WHERE datname = current_database() RETURNING id, db")) {
                        rs.next();
                        committed.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    close(c);
                    c = null;
                }
                sleep();
            }
            close(c);
        }

        Set<Long> idsIn(long db) {
            Set<Long> out = new HashSet<>();
            committed.stream().filter(w -> w[1] == db).forEach(w -> out.add(w[0]));
            return out;
        }

        private static void sleep() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void close(Connection c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // a dropped session
            }
        }
    }

    private Set<Long> ids(String database) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = pg.connect(database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM writes")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    @Test
    void aRestoreUnderWritesEvery20msCompletesStaysAndKeepsEveryEarlierWriteInTheKeptDatabaseAndItsDump()
            throws Exception {
        try (Pgdrill.WorkerProcess worker = f.worker("worker.log")) {
            f.backupThenLoseRows();
            long oldProduction = f.oid("app");
            Writer writer = new Writer(pg);
            Thread app = new Thread(writer, "app-writer");
            app.start();
            try {
                f.start();
                f.awaitStatus(Set.of("AWAITING_APPROVAL"), Duration.ofSeconds(180));
                f.approve();
                JsonNode done = f.awaitStatus(Set.of("COMPLETED", "FAILED", "CANCELED"), Duration.ofSeconds(240));
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
                long restored = f.oid("app");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (writer.idsIn(restored).size() < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                writer.stop.set(true);
                app.join(10_000);
            }
            long restored = f.oid("app");
            assertThat(restored).as("production is a new database").isNotEqualTo(oldProduction);
            assertThat(pg.count("app", "budgets")).as("the lost rows are back").isEqualTo(47);
            JsonNode incident = f.lastIncident();
            assertThat(incident.get("outcome").asText()).isEqualTo("RESTORED");
            List<String> steps = new ArrayList<>();
            incident.get("timeline").forEach(e -> steps.add(e.get("step").asText()));
            assertThat(steps).as("it stays: never switched back").doesNotContain("switch_back", "warning");
            assertThat(StreamSupport.stream(incident.get("productionChecks").spliterator(), false)
                            .map(c -> c.get("name").asText() + " "
                                    + c.get("status").asText()))
                    .contains("production_marker PASS", "row_counts PASS", "owners_and_grants PASS");

            String kept = incident.get("preRestoreDatabase").asText();
            assertThat(f.oid(kept)).as("the old production is kept").isEqualTo(oldProduction);
            Set<Long> before = writer.idsIn(oldProduction);
            assertThat(before).as("the app wrote before the switch").hasSizeGreaterThan(10);
            Set<Long> inKept = ids(kept);
            assertThat(inKept)
                    .as("every write before the switch is in the kept database")
                    .containsAll(before);
            assertThat(inKept.size() - before.size())
                    .as("at most the one write whose answer the switch cut off")
                    .isBetween(0, 1);
            assertThat(writer.idsIn(restored))
                    .as("the app reconnected to the restored production")
                    .isNotEmpty();
            assertThat(ids("app")).containsAll(writer.idsIn(restored));

            String snapshot = incident.get("preRestoreBackupId").asText();
            JsonNode shown = EmergencyFixture.JSON.readTree(f.pgdrill
                    .cli("backups", "show", snapshot, "--config", f.config, "--json")
                    .stdout());
            JsonNode writes = StreamSupport.stream(shown.get("tables").spliterator(), false)
                    .filter(t -> t.get("name").asText().equals("writes"))
                    .findFirst()
                    .orElseThrow();
            assertThat(writes.get("rowCount").asLong())
                    .as("the pre-restore dump holds exactly the kept database's writes")
                    .isEqualTo(inKept.size());
            assertThat(pg.databasesLike("app\\_\\_pgdrill%"))
                    .as("no side database left")
                    .isEmpty();
            assertThat(pg.databasesLike("pgdrill\\_staging%")).isEmpty();
            assertThat(worker.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }
}
