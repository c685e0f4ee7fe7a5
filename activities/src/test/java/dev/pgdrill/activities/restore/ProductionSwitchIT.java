package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The switch keeps every row: counts and checksums of every database before and after, both ways. */
@ExtendWith(PostgresExtension.class)
class ProductionSwitchIT {
    private static final String OWNER = "emergency-restore-production";
    private static final String SIDE = "app__pgdrill_0a1b2c3d";
    private static final String PRE = "app__pre_restore_20260117t093000z";
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private DatabaseProfile prod;

    ProductionSwitchIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        for (String db : List.of(SIDE, PRE, "app__pgdrill_failed")) {
            pg.execute("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.execute("app", "INSERT INTO organizations (name) VALUES ('written after the backup')");
        PgdrillConfig cfg =
                TestConfigs.parse(TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("r")), "x:1"), dir);
        prod = cfg.profile("production");
        // The replacement: what a restore of the backup produced (the sample without the late row).
        Sandboxes.create(prod, SIDE, OWNER);
        pg.execute(SIDE, Files.readString(SampleData.sampleAppSql()));
    }

    private List<Manifest.TableEntry> contents(String db) throws Exception {
        try (Connection c = Connections.open(prod, db)) {
            return DatabaseContents.read(c, List.of(), n -> {}).tables();
        }
    }

    private long organizations(String db) throws Exception {
        try (Connection c = pg.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM organizations")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void switchesInTheReplacementKeepsTheOldProductionAndSwitchesBackLosingNothing() throws Exception {
        List<Manifest.TableEntry> productionBefore = contents("app");
        List<Manifest.TableEntry> replacementBefore = contents(SIDE);
        assertThat(productionBefore).isNotEqualTo(replacementBefore);

        try (Connection appSession = pg.connect("app")) {
            ProductionSwitch.switchTo(prod, SIDE, PRE, OWNER);
            assertThat(appSession.isValid(2))
                    .as("sessions on the old production were ended")
                    .isFalse();
        }
        assertThat(contents("app")).as("production now holds the replacement").isEqualTo(replacementBefore);
        assertThat(contents(PRE)).as("the old production is kept, every row").isEqualTo(productionBefore);
        assertThat(organizations(PRE)).isEqualTo(4);
        ProductionSwitch.switchTo(prod, SIDE, PRE, OWNER); // a retried activity changes nothing
        assertThat(contents("app")).isEqualTo(replacementBefore);
        assertThatThrownBy(() -> Sandboxes.drop(prod, "app", OWNER))
                .as("the new production is no sandbox")
                .isInstanceOf(OwnershipException.class)
                .hasMessageContaining("not a pgdrill sandbox name");

        ProductionSwitch.switchBack(prod, PRE, "app__pgdrill_failed", OWNER);
        assertThat(contents("app")).as("production as it was").isEqualTo(productionBefore);
        assertThat(contents("app__pgdrill_failed"))
                .as("the failed restore kept aside")
                .isEqualTo(replacementBefore);
        ProductionSwitch.switchBack(prod, PRE, "app__pgdrill_failed", OWNER); // idempotent
        assertThat(contents("app")).isEqualTo(productionBefore);
        pg.execute("postgres", "DROP DATABASE \"app__pgdrill_failed\"");
    }

    @Test
    void refusesAReplacementThatIsNotThisRestoresAndLeavesProductionAlone() throws Exception {
        List<Manifest.TableEntry> before = contents("app");
        pg.execute("postgres", "COMMENT ON DATABASE \"" + SIDE + "\" IS 'someone else''s'");
        assertThatThrownBy(() -> ProductionSwitch.switchTo(prod, SIDE, PRE, OWNER))
                .isInstanceOf(OwnershipException.class)
                .hasMessageContaining("production left as it was");
        assertThat(contents("app")).isEqualTo(before);
        try (Connection c = pg.connect("app")) {
            assertThat(c.isValid(2)).as("production still takes connections").isTrue();
        }
        pg.execute("postgres", "DROP DATABASE \"" + SIDE + "\"");
    }
}
