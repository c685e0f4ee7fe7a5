package dev.pgdrill.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.monitor.AlertChange;
import dev.pgdrill.workflows.monitor.ChangeKind;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.Finding;
import dev.pgdrill.workflows.monitor.OpenAlert;
import dev.pgdrill.workflows.notify.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Alerts change once however many monitor runs try; every delivery attempt is kept. */
@ExtendWith(PostgresExtension.class)
class AlertStoreIT {
    private static final Instant T0 = Instant.parse("2026-01-17T07:00:00Z");
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private Catalog catalog;

    AlertStoreIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("pgdrill_catalog");
        PgdrillConfig config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        catalog = new Catalog(config.catalogProfile());
    }

    private static Finding stale(Severity s, String message) {
        return new Finding(
                "backup_stale:production", "backup_stale", "production", s, "stale", message, T0, "pgdrill backup run");
    }

    @Test
    void eachChangeIsMadeByOneRunAndARetryOfThatRunFindsItsOwn() {
        AlertStore alerts = catalog.alerts();
        AlertChange open = new AlertChange(ChangeKind.OPENED, 0, stale(Severity.CRITICAL, "30h old"), Instant.EPOCH);
        long id = alerts.apply(new ChangeRequest(open, "monitor-a/run1", T0));
        assertThat(id).isPositive();
        assertThat(alerts.apply(new ChangeRequest(open, "monitor-a/run1", T0)))
                .as("a retry")
                .isEqualTo(id);
        assertThat(alerts.apply(new ChangeRequest(open, "monitor-b/run1", T0)))
                .as("another run")
                .isZero();
        assertThat(alerts.open()).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.lastNotifiedAt()).isEqualTo(T0);
            assertThat(a.finding().message()).isEqualTo("30h old");
        });

        Instant t1 = T0.plus(Duration.ofHours(24));
        AlertChange remind = new AlertChange(ChangeKind.REMINDED, id, stale(Severity.CRITICAL, "54h old"), T0);
        assertThat(alerts.apply(new ChangeRequest(remind, "monitor-c/run1", t1)))
                .isEqualTo(id);
        assertThat(alerts.apply(new ChangeRequest(remind, "monitor-c/run1", t1)))
                .as("a retry")
                .isEqualTo(id);
        assertThat(alerts.apply(new ChangeRequest(remind, "monitor-d/run1", t1)))
                .as("read before it")
                .isZero();
        OpenAlert reminded = alerts.open().get(0);
        assertThat(reminded.reminders()).isEqualTo(1);
        assertThat(reminded.lastNotifiedAt()).isEqualTo(t1);
        assertThat(reminded.finding().message()).isEqualTo("54h old");

        Instant t2 = t1.plusSeconds(3600);
        AlertChange resolve = new AlertChange(ChangeKind.RESOLVED, id, reminded.finding(), t1);
        assertThat(alerts.apply(new ChangeRequest(resolve, "monitor-e/run1", t2)))
                .isEqualTo(id);
        assertThat(alerts.apply(new ChangeRequest(resolve, "monitor-e/run1", t2)))
                .isEqualTo(id);
        assertThat(alerts.apply(new ChangeRequest(resolve, "monitor-f/run1", t2)))
                .isZero();
        assertThat(alerts.open()).isEmpty();
        assertThat(alerts.since(T0)).singleElement().satisfies(a -> assertThat(a.resolvedAt())
                .contains(t2));

        long again = alerts.apply(new ChangeRequest(open, "monitor-g/run1", t2.plusSeconds(60)));
        assertThat(again)
                .as("the same key opens anew once resolved")
                .isNotEqualTo(id)
                .isPositive();
    }

    @Test
    void everyDeliveryAttemptIsKept() {
        AlertStore alerts = catalog.alerts();
        long id = alerts.apply(new ChangeRequest(
                new AlertChange(ChangeKind.OPENED, 0, stale(Severity.CRITICAL, "m"), Instant.EPOCH), "r", T0));
        alerts.recordDelivery(
                new DeliveryRow(id, "backup_stale:production", "opened", "slack", 1, T0, "FAILED", "HTTP 500", "w"));
        alerts.recordDelivery(new DeliveryRow(
                id, "backup_stale:production", "opened", "slack", 2, T0.plusSeconds(2), "DELIVERED", "HTTP 200", "w"));
        alerts.recordDelivery(new DeliveryRow(0, "test", "test", "email", 1, T0, "DELIVERED", "250", "w"));
        assertThat(alerts.deliveries(T0))
                .extracting(DeliveryRow::alertId, DeliveryRow::channel, DeliveryRow::attempt, DeliveryRow::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(id, "slack", 1, "FAILED"),
                        org.assertj.core.groups.Tuple.tuple(0L, "email", 1, "DELIVERED"),
                        org.assertj.core.groups.Tuple.tuple(id, "slack", 2, "DELIVERED"));
    }
}
