package dev.pgdrill.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.monitor.DrillFact;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runbook's "Monthly Drill Completion": only months since pgdrill started on the profile count. */
class MonthlyDrillCompletionTest {
    private static final PgdrillConfig.Targets TARGETS =
            new PgdrillConfig.Targets(100, Duration.ofMinutes(10), 100, Duration.ofHours(2), Duration.ofHours(24), 100);
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(30); // touches October and November

    private static Dashboard.SuccessMetric metric(Instant since, List<DrillFact> drills) {
        return SuccessMetrics.table(TARGETS, WINDOW, NOW, since, List.of(), drills).stream()
                .filter(m -> m.name().equals("Monthly Drill Completion"))
                .findFirst()
                .orElseThrow();
    }

    private static DrillFact drill(String at) {
        return new DrillFact("d-" + at, "b", "PASS", Instant.parse(at), 1000, List.of());
    }

    @Test
    void aFreshInstallWithItsFirstDrillThisMonthIsComplete() {
        Dashboard.SuccessMetric m =
                metric(Instant.parse("2026-11-19T03:00:00Z"), List.of(drill("2026-11-19T04:00:00Z")));
        assertThat(m.current()).isEqualTo("100% (1 of 1 months)");
        assertThat(m.status()).isEqualTo(SuccessMetrics.OK);
    }

    @Test
    void aFreshInstallWithoutADrillYetHasNoMonthToJudge() {
        assertThat(metric(Instant.parse("2026-11-19T03:00:00Z"), List.of()).status())
                .isEqualTo(SuccessMetrics.NO_DATA);
        assertThat(metric(Instant.EPOCH, List.of()).status()).isEqualTo(SuccessMetrics.NO_DATA);
    }

    @Test
    void aMonthPgdrillRanWithoutADrillIsStillAMiss() {
        Dashboard.SuccessMetric m =
                metric(Instant.parse("2026-10-25T03:00:00Z"), List.of(drill("2026-11-02T04:00:00Z")));
        assertThat(m.current()).isEqualTo("50% (1 of 2 months)");
        assertThat(m.status()).isEqualTo(SuccessMetrics.MISSED);
    }
}
