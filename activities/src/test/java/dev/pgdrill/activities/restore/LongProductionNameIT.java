package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.emergency.DatabaseNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production database whose name uses all 63 bytes (with '-' and '.'): every name the restore plans still
 * fits, PostgreSQL stores it unshortened, and the side restore, the switch and the switch back find each one.
 */
@ExtendWith(PostgresExtension.class)
class LongProductionNameIT {
    private static final String OWNER = "emergency-restore-production@20260117T093000Z-0a1b2c-side";
    private static final String LONG = "acme-prod.orders_" + "x".repeat(63 - "acme-prod.orders_".length());
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    LongProductionNameIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @Test
    void everyPlannedNameFitsAndIsFoundByTheSideRestoreTheSwitchAndTheSwitchBack() throws Exception {
        assertThat(LONG.getBytes(StandardCharsets.UTF_8)).hasSize(63);
        for (String db : pg.databasesLike("acme-prod%")) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, LONG);
        String yaml = TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("r")), "x:1")
                .replace("database: app,", "database: \"" + LONG + "\",");
        PgdrillConfig cfg = TestConfigs.parse(yaml, dir);
        DatabaseProfile prod = cfg.profile("production");
        assertThat(prod.database()).isEqualTo(LONG);

        DatabaseNames names = DatabaseNames.plan(LONG, "0a1b2c3d", "20260117T093000Z");
        for (String name : List.of(names.side(), names.preRestore(), names.failedRestore())) {
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).as(name).isLessThanOrEqualTo(63);
        }
        assertThat(List.of(names.side(), names.preRestore(), names.failedRestore()))
                .doesNotHaveDuplicates();

        Sandboxes.create(prod, names.side(), OWNER);
        assertThat(pg.databasesLike("acme-prod%"))
                .as("stored as planned, not truncated")
                .containsExactlyInAnyOrder(LONG, names.side());
        pg.execute(names.side(), Files.readString(SampleData.sampleAppSql()));
        pg.execute(names.side(), "DELETE FROM budgets WHERE id <= 5");

        SwitchRequest r =
                new SwitchRequest("production", names.side(), names.preRestore(), names.failedRestore(), OWNER);
        ProductionSwitch sw = new ProductionSwitch(prod, statement -> {});
        sw.switchTo(r);
        assertThat(pg.databasesLike("acme-prod%")).containsExactlyInAnyOrder(LONG, names.preRestore());
        assertThat(pg.count(LONG, "budgets"))
                .as("the restored copy is production now")
                .isEqualTo(42);
        assertThat(pg.count(names.preRestore(), "budgets")).isEqualTo(47);

        sw.switchBack(r);
        assertThat(pg.databasesLike("acme-prod%")).containsExactlyInAnyOrder(LONG, names.failedRestore());
        assertThat(pg.count(LONG, "budgets")).as("production as it was").isEqualTo(47);
    }
}
