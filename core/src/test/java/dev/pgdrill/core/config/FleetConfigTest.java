package dev.pgdrill.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.WorkflowIds;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** backup.databases, drill.databases, drill.afterEveryBackup and fleet.maxConcurrent: read, defaulted, refused. */
class FleetConfigTest {
    private static final String BASE = """
            catalog: { database: ops }
            databases:
              shop:    { role: production, host: db1, database: shop, user: admin }
              billing: { role: production, host: db2, database: billing, user: admin }
              crm:     { role: production, host: db2, database: crm, user: admin }
              sandbox: { role: sandbox, host: db3, database: postgres, user: postgres }
              ops:     { role: catalog, host: db3, database: pgdrill, user: postgres }
            repository: { path: backups }
            approval: { approvers: [alice, bob] }
            """;

    private static PgdrillConfig parse(String yaml) {
        return new ConfigLoader(k -> null).parse(BASE + yaml, "test.yaml", Path.of("/etc/pgdrill"));
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void aListOfDatabasesIsBackedUpAndDrilledWithABoundedFleet() {
        PgdrillConfig c = parse("backup: { databases: [shop, billing, crm] }\n"
                + "drill: { databases: [shop, crm], afterEveryBackup: true }\nfleet: { maxConcurrent: 2 }\n");
        assertThat(c.backup().databases()).containsExactly("shop", "billing", "crm");
        assertThat(c.backup().database()).as("what commands default to").isEqualTo("shop");
        assertThat(c.drill().databases()).containsExactly("shop", "crm");
        assertThat(c.drill().afterEveryBackup()).isTrue();
        assertThat(c.fleet().maxConcurrent()).isEqualTo(2);
        // Several databases: one fleet schedule each for backups and drills, which the monitor watches.
        assertThat(WorkflowSettings.backupSchedule(c, "billing")).isEqualTo("pgdrill-fleet-backup");
        assertThat(WorkflowSettings.drillSchedule(c, "crm")).isEqualTo("pgdrill-fleet-drill");
        assertThat(WorkflowSettings.monitor(c).profiles()).containsExactly("shop", "billing", "crm");
        assertThat(WorkflowSettings.monitor(c).schedules())
                .containsExactly("pgdrill-fleet-backup", "pgdrill-fleet-drill", WorkflowIds.monitorSchedule());
        // Only drilled databases drill themselves after a backup; billing is backed up, never drilled.
        assertThat(WorkflowSettings.drillAfter(c, "shop").enabled()).isTrue();
        assertThat(WorkflowSettings.drillAfter(c, "billing").enabled()).isFalse();
        assertThat(WorkflowSettings.backupFleet(c, "manual", "alice").maxConcurrent())
                .as("the bound travels in the request")
                .isEqualTo(2);
    }

    @Test
    void theSingleDatabaseKeyIsAOneElementListAndDrillsDefaultToEveryBackedUpDatabase() {
        PgdrillConfig one = parse("backup: { database: billing }\n");
        assertThat(one.backup().databases()).containsExactly("billing");
        assertThat(one.drill().databases()).containsExactly("billing");
        assertThat(one.drill().afterEveryBackup()).isFalse();
        assertThat(one.fleet().maxConcurrent()).isEqualTo(Fleet.DEFAULT_MAX_CONCURRENT);
        assertThat(WorkflowSettings.backupSchedule(one, "billing")).isEqualTo("pgdrill-backup-billing");
        assertThat(WorkflowSettings.drillAfter(one, "billing").enabled()).isFalse();
        assertThat(parse("backup: { databases: [shop, crm] }\n").drill().databases())
                .containsExactly("shop", "crm");
    }

    @Test
    void bothTheSingleKeyAndTheListIsRefusedRatherThanOneSilentlyWinning() {
        assertThat(problems("backup: { database: shop, databases: [billing] }\n"))
                .containsExactly("backup.databases: give either backup.database (one profile) or backup.databases"
                        + " (a list), not both");
    }

    @Test
    void refusesUnknownDuplicateAndMissingDatabasesNamingTheItem() {
        assertThat(problems("backup: { databases: [shop, shopp, shop] }\n"))
                .containsExactly(
                        "backup.databases[1]: no database profile named 'shopp' (configured: shop, billing, crm,"
                                + " sandbox, ops)",
                        "backup.databases[2]: 'shop' is listed twice");
        assertThat(problems("backup: { databases: [] }\n"))
                .containsExactly("backup.databases: required: at least one database profile to back up");
        assertThat(problems("backup: { databases: shop }\n"))
                .singleElement()
                .asString()
                .startsWith("backup.databases: expected a list");
        assertThat(problems("backup: {}\n")).singleElement().asString().startsWith("backup.database: required");
    }

    @Test
    void drillsOnlyWhatIsBackedUpAndTheBoundIsARealNumber() {
        assertThat(problems("backup: { databases: [shop, billing] }\ndrill: { databases: [crm] }\n"))
                .containsExactly("drill.databases[0]: 'crm' is not in backup.databases (a drill restores pgdrill's"
                        + " backups of it; backed up: shop, billing)");
        assertThat(problems("backup: { database: shop }\nfleet: { maxConcurrent: 0 }\n"))
                .containsExactly("fleet.maxConcurrent: expected an integer 1-256, got 0");
        assertThat(problems("backup: { database: shop }\nfleet: { max: 3 }\n"))
                .containsExactly("fleet.max: unknown key (expected one of: maxConcurrent)");
        assertThat(problems("backup: { database: shop }\ndrill: { afterEveryBackup: yes please }\n"))
                .containsExactly("drill.afterEveryBackup: expected true or false, got \"yes please\"");
    }
}
