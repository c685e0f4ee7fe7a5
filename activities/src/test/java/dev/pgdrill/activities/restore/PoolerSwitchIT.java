package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Pooler;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.tools.PgTools;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production behind Debian's pgbouncer: with {@code pooler} configured the switch runs inside PAUSE/RESUME,
 * so a transaction-mode client never sees an error and a session-mode client's new connections wait; without
 * it, clients through the pooler reconnect to the restored database. Whatever happens, the pool is resumed.
 */
@ExtendWith(PostgresExtension.class)
class PoolerSwitchIT {
    private static final String OWNER = "emergency-restore-production@20260117T093000Z-0a1b2c-side";
    private static final String SIDE = "app__pgdrill_0a1b2c3d";
    private static final String PRE = "app__pre_restore_20260117t093000z";
    private static final String FAILED = "app__failed_restore_20260117t093000z";
    private static final SwitchRequest REQUEST = new SwitchRequest("production", SIDE, PRE, FAILED, OWNER);
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private DatabaseProfile prod;

    PoolerSwitchIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        for (String db : List.of(SIDE, PRE, FAILED)) {
            pg.execute("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.execute("app", "CREATE TABLE writes (id bigserial PRIMARY KEY, db oid NOT NULL)");
        pg.execute(
                "postgres",
                "CREATE DATABASE \"" + SIDE + "\" TEMPLATE app",
                "COMMENT ON DATABASE \"" + SIDE + "\" IS '" + OwnedDatabases.sandboxMarker(OWNER) + "'");
        PgdrillConfig cfg =
                TestConfigs.parse(TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("r")), "x:1"), dir);
        prod = cfg.profile("production");
    }

    private ProductionSwitch paused(Pgbouncer pooler) {
        Pooler console = new Pooler(PostgresCluster.HOST, pooler.port, "postgres", Optional.empty(), "app");
        return new ProductionSwitch(
                prod,
                s -> {},
                () -> PoolerPause.pause(
                        Optional.of(console), new PgTools(Optional.of(pg.binDir())), dir.resolve("work")));
    }

    /** An application through the pooler: one insert every 20 ms on its connection, reconnecting when cut. */
    static final class App implements AutoCloseable {
        final Set<Long> databases = ConcurrentHashMap.newKeySet();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        App(Pgbouncer pooler) {
            thread = new Thread(() -> {
                Connection c = null;
                while (!stop.get()) {
                    try {
                        if (c == null) {
                            c = pooler.connect();
                        }
                        try (Statement st = c.createStatement();
                                ResultSet rs = st.executeQuery("INSERT INTO writes (db) SELECT oid FROM pg_database"
                                        + " WHERE datname = current_database() RETURNING db")) {
                            rs.next();
                            databases.add(rs.getLong(1));
                            writes.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        failures.incrementAndGet();
                        try {
                            if (c != null) {
                                c.close();
                            }
                        } catch (SQLException ignored) {
                            // a cut connection
                        }
                        c = null;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        void awaitWrites(int n) throws InterruptedException {
            int target = writes.get() + n;
            long deadline = System.currentTimeMillis() + 20_000;
            while (writes.get() < target && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(writes.get()).as("the app writes").isGreaterThanOrEqualTo(target);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    private long oid(String db) throws SQLException {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void inTransactionModeTheSwitchAndTheSwitchBackCostTheAppNotASingleError() throws Exception {
        long production = oid("app");
        long side = oid(SIDE);
        try (Pgbouncer pooler = new Pgbouncer(pg, "transaction");
                App app = new App(pooler)) {
            app.awaitWrites(10);
            assertThat(paused(pooler).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
            app.awaitWrites(10);
            assertThat(app.databases)
                    .as("the app reached the restored database")
                    .contains(side);
            assertThat(paused(pooler).switchBack(REQUEST)).isEqualTo(SwitchState.SWITCHED_BACK);
            app.awaitWrites(10);
            assertThat(app.failures.get())
                    .as("clients waited instead of failing: " + pooler.log())
                    .isZero();
            assertThat(app.databases).containsExactlyInAnyOrder(production, side);
            assertThat(pooler.paused(pg)).as("resumed").isFalse();
        }
    }

    @Test
    void inSessionModeSessionsAreCutButNewConnectionsWaitAndReachTheRestoredDatabase() throws Exception {
        long side = oid(SIDE);
        try (Pgbouncer pooler = new Pgbouncer(pg, "session");
                App app = new App(pooler)) {
            app.awaitWrites(10);
            assertThat(paused(pooler).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
            app.awaitWrites(10);
            assertThat(app.databases)
                    .as("the app reconnected to the restored database")
                    .contains(side);
            assertThat(app.failures.get()).as("only its cut session failed").isBetween(1, 2);
            assertThat(pooler.paused(pg)).isFalse();
        }
    }

    @Test
    void withoutAPoolerConfiguredClientsThroughItReconnectToTheRestoredDatabase() throws Exception {
        long side = oid(SIDE);
        try (Pgbouncer pooler = new Pgbouncer(pg, "transaction");
                App app = new App(pooler)) {
            app.awaitWrites(10);
            assertThat(new ProductionSwitch(prod, s -> {}).switchTo(REQUEST)).isEqualTo(SwitchState.SWITCHED);
            app.awaitWrites(10);
            assertThat(app.databases).contains(side);
        }
    }

    @Test
    void aSwitchThatIsRefusedStillResumesThePool() throws Exception {
        pg.execute("postgres", "COMMENT ON DATABASE \"" + SIDE + "\" IS 'someone else''s'");
        try (Pgbouncer pooler = new Pgbouncer(pg, "transaction");
                App app = new App(pooler)) {
            app.awaitWrites(5);
            assertThatThrownBy(() -> paused(pooler).switchTo(REQUEST)).isInstanceOf(OwnershipException.class);
            assertThat(pooler.paused(pg)).as("resumed after the refusal").isFalse();
            app.awaitWrites(5);
            assertThat(app.failures.get()).isZero();
        }
    }
}
