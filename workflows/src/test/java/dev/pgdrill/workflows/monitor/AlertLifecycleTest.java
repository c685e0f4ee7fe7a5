package dev.pgdrill.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-01-17T07:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    private static Finding finding(String check, Severity s, Instant since) {
        return Finding.of(check, "production", s, check, "msg " + check, since, "hint");
    }

    @Test
    void opensNewFindingsRemindsQuietOnesAfterRenotifyAfterAndResolvesTheRest() {
        Finding stale = finding("backup_stale", Severity.CRITICAL, T0);
        OpenAlert openStale = new OpenAlert(1, stale, T0, T0, 0);
        OpenAlert openGap = new OpenAlert(2, finding("backup_gap", Severity.WARNING, T0), T0, T0, 0);
        Finding drill = finding("drill_stale", Severity.WARNING, T0);

        assertThat(AlertLifecycle.plan(List.of(stale, drill), List.of(openStale, openGap), T0.plusSeconds(3600), DAY))
                .extracting(AlertChange::kind, c -> c.finding().key(), AlertChange::alertId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ChangeKind.OPENED, "drill_stale:production", 0L),
                        org.assertj.core.groups.Tuple.tuple(ChangeKind.RESOLVED, "backup_gap:production", 2L));

        Finding later = finding("backup_stale", Severity.CRITICAL, T0.plus(DAY));
        List<AlertChange> reminded = AlertLifecycle.plan(List.of(later), List.of(openStale), T0.plus(DAY), DAY);
        assertThat(reminded).extracting(AlertChange::kind).containsExactly(ChangeKind.REMINDED);
        assertThat(reminded.get(0).finding().since())
                .as("a reminder keeps the first since")
                .isEqualTo(T0);
        assertThat(reminded.get(0).lastNotifiedAt()).isEqualTo(T0);
    }

    @Test
    void aRiseInSeverityIsNotifiedAtOnceAFallIsNot() {
        OpenAlert info = new OpenAlert(5, finding("backup_size", Severity.INFO, T0), T0, T0, 0);
        assertThat(AlertLifecycle.plan(
                        List.of(finding("backup_size", Severity.WARNING, T0)), List.of(info), T0.plusSeconds(60), DAY))
                .extracting(AlertChange::kind)
                .containsExactly(ChangeKind.ESCALATED);
        OpenAlert warning = new OpenAlert(5, finding("backup_size", Severity.WARNING, T0), T0, T0, 0);
        assertThat(AlertLifecycle.plan(
                        List.of(finding("backup_size", Severity.INFO, T0)), List.of(warning), T0.plusSeconds(60), DAY))
                .isEmpty();
    }
}
