package dev.pgdrill.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Leftovers.Leftover;
import dev.pgdrill.core.db.Leftovers.OwnerState;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.RunningWorkflows.StateUnknownException;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.WorkflowIds;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgdrill cleanup}'s listing and drop on a real server, with the workflows the test says are running. */
@ExtendWith(PostgresExtension.class)
class LeftoversIT {
    private static final String RESTORE = WorkflowIds.emergencyRestore("production");
    private static final String STAGING = "pgdrill_staging_lo000001";
    private static final String PRE_RESTORE = "app__pre_restore_lo000001";

    private final PostgresCluster pg;
    /** What Temporal would say is running; everything else has ended. */
    private final Set<String> running = new HashSet<>();

    private final RunningWorkflows temporal = running::contains;

    @TempDir
    Path dir;

    private PgdrillConfig config;

    LeftoversIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() {
        for (String db : pg.databasesLike("%lo0000%")) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        pg.createDatabase("app");
        config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
    }

    private void marked(String database, String marker) {
        pg.createDatabase(database);
        pg.execute("postgres", "COMMENT ON DATABASE \"" + database + "\" IS '" + marker + "'");
    }

    private boolean exists(String database) {
        return !pg.databasesLike(database).isEmpty();
    }

    private List<String> listed(RunningWorkflows workflows) {
        return Leftovers.find(config, workflows).stream()
                .map(Leftover::database)
                .toList();
    }

    @Test
    void aRunningRestoresStagingAndOldProductionAreNeitherListedNorDropped() {
        // The staging database outlives its child run (…-staging-1) while the restore waits for approval;
        // the old production's marker names the side restore (…-side): both belong to the running restore.
        marked(STAGING, OwnedDatabases.sandboxMarker(WorkflowIds.staging(RESTORE, 1)));
        marked(PRE_RESTORE, OwnedDatabases.preRestoreMarker("app", WorkflowIds.sideRestore(RESTORE)));
        running.add(RESTORE);

        assertThat(listed(temporal)).doesNotContain(STAGING, PRE_RESTORE);
        for (String db : List.of(STAGING, PRE_RESTORE)) {
            assertThatThrownBy(() -> Leftovers.named(config, db, temporal))
                    .isInstanceOf(OwnershipException.class)
                    .hasMessageContaining("refusing to drop database '" + db + "'")
                    .hasMessageContaining("workflow '" + RESTORE + "' is running");
            assertThat(exists(db)).isTrue();
        }

        running.clear();
        assertThat(Leftovers.find(config, temporal))
                .filteredOn(l -> l.database().equals(STAGING))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.owner()).isEqualTo(RESTORE + "-staging-1");
                    assertThat(l.ownerState()).isEqualTo(OwnerState.ENDED);
                });
        assertThat(listed(temporal)).contains(PRE_RESTORE);
    }

    @Test
    void aDropIsRefusedWhenTheOwnerRunsAgainAfterTheListing() throws Exception {
        String drill = WorkflowIds.drillRestore(WorkflowIds.scheduledDrill("production") + "-lo000002");
        marked("pgdrill_drill_lo000002", OwnedDatabases.sandboxMarker(drill));
        Leftover l = Leftovers.named(config, "pgdrill_drill_lo000002", temporal).orElseThrow();

        running.add(WorkflowIds.scheduledDrill("production") + "-lo000002"); // the drill, while its operator confirms
        assertThatThrownBy(() -> Leftovers.drop(config, l, temporal))
                .isInstanceOf(OwnershipException.class)
                .hasMessageContaining("is running");
        assertThat(exists("pgdrill_drill_lo000002")).isTrue();
    }

    @Test
    void aDatabaseWhoseMarkerChangedSinceItWasListedIsNotDropped() throws Exception {
        marked("pgdrill_drill_lo000003", OwnedDatabases.sandboxMarker("drill-production-lo000003-restore"));
        Leftover l = Leftovers.named(config, "pgdrill_drill_lo000003", temporal).orElseThrow();
        pg.execute("postgres", "COMMENT ON DATABASE pgdrill_drill_lo000003 IS 'taken over by the reporting team'");

        assertThatThrownBy(() -> Leftovers.drop(config, l, temporal))
                .isInstanceOf(OwnershipException.class)
                .hasMessageContaining("comment 'taken over by the reporting team'")
                .hasMessageContaining("not pgdrill's marker");
        assertThat(exists("pgdrill_drill_lo000003")).isTrue();
    }

    @Test
    void aConfiguredDatabaseOrProductionIsNeverListedWhateverItsMarker() throws Exception {
        pg.execute("postgres", "COMMENT ON DATABASE app IS '" + OwnedDatabases.sandboxMarker("drill-x-restore") + "'");
        marked("app_lo000004", Kind.RESTORED.marker(WorkflowIds.sideRestore(RESTORE)));

        assertThat(listed(temporal)).doesNotContain("app", "app_lo000004");
        assertThat(Leftovers.named(config, "app", temporal)).isEmpty();
        assertThat(Leftovers.named(config, "app_lo000004", temporal)).isEmpty();
    }

    @Test
    void aDatabaseWithoutPgdrillsMarkerIsNeverListed() throws Exception {
        pg.createDatabase("pgdrill_drill_lo000005");
        marked("pgdrill_sandbox_lo000005", "pgdrill: made by hand");
        marked("theirs_lo000005", "owner=drill-production-restore");

        assertThat(listed(temporal))
                .doesNotContain("pgdrill_drill_lo000005", "pgdrill_sandbox_lo000005", "theirs_lo000005");
        for (String db : List.of("pgdrill_drill_lo000005", "pgdrill_sandbox_lo000005", "theirs_lo000005")) {
            assertThat(Leftovers.named(config, db, temporal)).as(db).isEmpty();
        }
    }

    @Test
    void whenTemporalCannotSayItIsListedAsUnknownAndNotDropped() throws Exception {
        marked("app__failed_restore_lo000006", Kind.FAILED_RESTORE.marker(WorkflowIds.sideRestore(RESTORE)));
        Leftover l = Leftovers.named(config, "app__failed_restore_lo000006", temporal)
                .orElseThrow();
        RunningWorkflows down = id -> {
            throw new StateUnknownException("Temporal at 127.0.0.1:1 unreachable");
        };

        assertThat(Leftovers.find(config, down))
                .filteredOn(f -> f.database().equals(l.database()))
                .singleElement()
                .extracting(Leftover::ownerState)
                .isEqualTo(OwnerState.UNKNOWN);
        assertThatThrownBy(() -> Leftovers.named(config, l.database(), down)).isInstanceOf(StateUnknownException.class);
        assertThatThrownBy(() -> Leftovers.drop(config, l, down)).isInstanceOf(StateUnknownException.class);
        assertThat(exists(l.database())).isTrue();
    }

    @Test
    void anEndedRestoresFailedDatabaseIsListedAndDroppedOnce() throws Exception {
        marked("app__failed_restore_lo000007", Kind.FAILED_RESTORE.marker(WorkflowIds.sideRestore(RESTORE)));
        running.add(WorkflowIds.emergencyRestore("another-target"));

        Leftover l = Leftovers.named(config, "app__failed_restore_lo000007", temporal)
                .orElseThrow();
        assertThat(l.owner()).isEqualTo(RESTORE + "-side");
        assertThat(l.kind()).isEqualTo(Kind.FAILED_RESTORE.label());
        assertThat(Leftovers.drop(config, l, temporal)).isTrue();
        assertThat(exists(l.database())).isFalse();
        assertThat(Leftovers.drop(config, l, temporal)).as("already gone").isFalse();
        assertThat(Leftovers.named(config, l.database(), temporal)).isEmpty();
    }
}
