package dev.pgdrill.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.CatalogSeed;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.ProfileFacts;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's facts read back what the catalog holds; what Temporal or the disk cannot tell is unknown. */
@ExtendWith(PostgresExtension.class)
class MonitorFactsReaderIT {
    private static final Instant T0 = Instant.parse("2026-01-17T07:00:00Z");
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private Catalog catalog;

    MonitorFactsReaderIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("pgdrill_catalog");
        PgdrillConfig config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        catalog = new Catalog(config.catalogProfile());
    }

    @Test
    void theMonitorsFactsAreTheCatalogsRegularBackupsAndNewestDrill() {
        Instant day = Instant.parse("2026-01-17T03:00:00Z");
        new CatalogSeed(pg, "pgdrill_catalog")
                .backup("old", "production", "COMPLETED", day.minus(Duration.ofDays(20)), Duration.ofMinutes(5), 90)
                .backup("b2", "production", "COMPLETED", day.minus(Duration.ofDays(1)), Duration.ofMinutes(5), 100)
                .backup("b1", "production", "FAILED", day, Duration.ofMinutes(1), 0)
                .backup("other", "staging", "COMPLETED", day, Duration.ofMinutes(1), 5)
                .drill("d1", "production", "b2", "FAIL", day, 60_000, List.of("amcheck"), List.of("Users=12"));
        MonitorFacts facts = new MonitorFactsReader(
                        catalog,
                        ids -> ids.stream()
                                .map(i -> new ScheduleFact(i, true, false, day))
                                .toList(),
                        dir)
                .read(List.of("production"), List.of("pgdrill-backup-production"), T0);
        ProfileFacts p = facts.profiles().get(0);
        assertThat(p.recentBackups()).extracting(b -> b.backupId()).containsExactly("b1", "b2");
        assertThat(p.newestCompleted().backupId()).isEqualTo("b2");
        assertThat(p.firstBackupAt()).isEqualTo(day.minus(Duration.ofDays(20)));
        assertThat(p.lastDrill().failedChecks()).containsExactly("amcheck");
        assertThat(facts.schedulesKnown()).isTrue();
        assertThat(facts.repository().freeBytes()).isPositive();

        MonitorFacts unknown = new MonitorFactsReader(
                        catalog,
                        ids -> {
                            throw new IllegalStateException("UNAVAILABLE");
                        },
                        dir.resolve("missing"))
                .read(List.of("production"), List.of("pgdrill-backup-production"), T0);
        assertThat(unknown.schedulesKnown()).isFalse();
        assertThat(unknown.repository().known()).isFalse();
    }
}
